// pvfs-layout check: is a file a valid layout?  One summary line if so.
#include <iostream>

#include "layout/load.h"
#include "layout/pvfs_layout_command.h"

namespace pvfsf::layout::cli {

namespace {

void get_arguments(po::options_description&, po::options_description& hidden,
                   po::positional_options_description& positional) {
  hidden.add_options()("layout", po::value<std::string>());
  positional.add("layout", 1);
}

int execute(const po::variables_map& vm) {
  const std::string path = required_argument(vm, "layout", "FILE");
  const Layout layout = load_layout(path);
  std::cout << input_name(path) << ": fs_id=" << layout.fs_id
            << " handle=" << layout.handle
            << " strip_size=" << layout.strip_size << " size=" << layout.size
            << " datafiles=" << layout.datafiles.size()
            << " lun_size=" << lun_size(layout) << "\n";
  return kExitOk;
}

const Registration registration({
    "check",
    "FILE|-",
    "Read a layout (JSON, docs/layout.md) and check every rule.  Print one\n"
    "line that sums it up and exit 0, or say what is wrong and exit 1.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::layout::cli
