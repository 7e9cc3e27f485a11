// pvfs-layout map: which datafile, server and offset hold a byte of a file.
#include <iostream>

#include "layout/load.h"
#include "layout/pvfs_layout_command.h"
#include "common/parse_number.h"

namespace pvfsf::layout::cli {

namespace {

void get_arguments(po::options_description&, po::options_description& hidden,
                   po::positional_options_description& positional) {
  hidden.add_options()("layout", po::value<std::string>())(
      "offset", po::value<std::string>());
  positional.add("layout", 1).add("offset", 1);
}

int execute(const po::variables_map& vm) {
  const std::string path = required_argument(vm, "layout", "LAYOUT");
  const uint64_t offset =
      parse_size(required_argument(vm, "offset", "OFFSET"), "OFFSET");
  const Layout layout = load_layout(path);
  const Location where = locate(layout, offset);
  std::cout << "offset=" << offset << " datafile=" << where.datafile
            << " handle=" << where.handle
            << " bstream=" << bstream_name(where.handle)
            << " server=" << where.server
            << " portal=" << layout.servers.at(where.server).portal
            << " datafile_offset=" << where.offset << "\n";
  if (offset >= layout.size)
    std::cerr << kProgram << " map: note: offset " << offset
              << " is at or past the file's size " << layout.size
              << " when the layout was taken\n";
  return kExitOk;
}

const Registration registration({
    "map",
    "LAYOUT|- OFFSET",
    "Print which datafile (index, handle, bstream name), server and offset\n"
    "inside that datafile hold byte OFFSET of the file, as one line of\n"
    "key=value pairs.  OFFSET is decimal or 0x hex, K, M, G, T suffixes\n"
    "allowed.  An offset past the file's size maps where the file would\n"
    "grow (a note on standard error says so).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::layout::cli
