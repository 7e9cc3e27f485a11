// pvfs-sim put: write a file into new datafiles, print its layout.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "common/error.h"
#include "layout/layout_error.h"
#include "layout/layout_json.h"
#include "common/parse_number.h"
#include "sim/cluster.h"
#include "sim/pvfs_sim_command.h"
#include "common/unique_fd.h"

namespace pvfsf::sim::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()  //
      ("strip", po::value<std::string>(),
       "strip size in bytes (64K, 1M ...): a multiple of 512, 4 KiB to 1 GiB")  //
      ("servers", po::value<std::string>(),
       "datafiles: on servers 1..K (default: every server)")  //
      ("size", po::value<std::string>(),
       "make the file EXTENT bytes long, a hole after the input's bytes");
  add_dir_option(visible);
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 1) throw UsageError("expected one FILE (- for standard input)");
  PutOptions options;
  options.strip = parse_size(required_option(vm, "strip"), "--strip");
  try {
    layout::check_strip_size(options.strip, "--strip");
  } catch (const layout::LayoutError& e) {
    throw UsageError(e.what());
  }
  if (vm.count("servers")) {
    options.servers = parse_u32(vm["servers"].as<std::string>(), "--servers");
    if (options.servers == 0) throw UsageError("--servers 0: expected 1 or more");
  }
  if (vm.count("size"))
    options.extent = parse_size(vm["size"].as<std::string>(), "--size");
  const ClusterPaths paths = cluster_paths(vm);

  UniqueFd file;
  int in_fd = STDIN_FILENO;
  if (args[0] != "-") {
    file = UniqueFd(::open(args[0].c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) throw_errno(errno, "open " + args[0]);
    in_fd = file.get();
  }
  const layout::Layout layout = put_file(paths, options, in_fd);
  std::cout << layout::to_json(layout) << std::flush;
  return kExitOk;
}

const Registration registration({
    "put",
    "FILE --strip S [--servers K] [--size EXTENT] [--dir DIR]",
    "Write FILE (- = standard input) as a new PVFS file: a new file handle,\n"
    "one new datafile on each of servers 1..K, the bytes placed by\n"
    "simple_stripe with strip S.  A datafile that receives no byte gets no\n"
    "bstream.  --size makes the file EXTENT bytes long (at least FILE's\n"
    "size) as a truncate would: the bstreams are extended with holes to\n"
    "their share.  Prints the layout JSON (docs/layout.md).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::sim::cli
