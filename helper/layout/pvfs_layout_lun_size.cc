// pvfs-layout lun-size: the size, in bytes, of every LUN of a file.
#include <iostream>

#include "layout/load.h"
#include "layout/pvfs_layout_command.h"
#include "common/parse_number.h"

namespace pvfsf::layout::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()(
      "extent", po::value<std::string>(),
      "bytes the file may grow to through the fast path; K, M, G, T "
      "suffixes allowed (default: the layout's size)");
  hidden.add_options()("layout", po::value<std::string>());
  positional.add("layout", 1);
}

int execute(const po::variables_map& vm) {
  const std::string path = required_argument(vm, "layout", "LAYOUT");
  const uint64_t extent =
      vm.count("extent")
          ? parse_size(vm["extent"].as<std::string>(), "--extent")
          : 0;
  const Layout layout = load_layout(path);
  std::cout << lun_size(layout, extent) << "\n";
  return kExitOk;
}

const Registration registration({
    "lun-size",
    "[--extent BYTES] LAYOUT|-",
    "Print the size in bytes with which every datafile of the file is\n"
    "exported: max(size, extent) rounded up to a whole stripe (strip size\n"
    "times datafiles), at least one, divided by the number of datafiles.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::layout::cli
