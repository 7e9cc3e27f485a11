// pvfs-sim get: read a file back from its bstreams.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "layout/load.h"
#include "sim/cluster.h"
#include "sim/pvfs_sim_command.h"
#include "common/unique_fd.h"

namespace pvfsf::sim::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("output,o", po::value<std::string>(),
                        "write the bytes to FILE, not standard output");
  add_dir_option(visible);
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 1) throw UsageError("expected one LAYOUT (- for standard input)");
  const ClusterPaths paths = cluster_paths(vm);
  const layout::Layout layout = layout::load_layout(args[0]);
  UniqueFd file;
  int out_fd = STDOUT_FILENO;
  if (vm.count("output")) {
    const std::string output = vm["output"].as<std::string>();
    file = UniqueFd(::open(output.c_str(),
                           O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!file) throw_errno(errno, "create " + output);
    out_fd = file.get();
  }
  get_file(paths, layout, out_fd);
  return kExitOk;
}

const Registration registration({
    "get",
    "LAYOUT [--output FILE] [--dir DIR]",
    "Read the file of LAYOUT (- = standard input) back from its bstreams\n"
    "by simple_stripe.  Its size is what PVFS computes from the bstream\n"
    "sizes (absent = 0 bytes); holes read as zeros.  Refuses a layout of\n"
    "another cluster (fs id, servers, handles).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::sim::cli
