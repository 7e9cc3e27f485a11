// pvfs-sim: a simulated PVFS cluster on one host (docs/sim.md).  The
// subcommands live in pvfs_sim_<name>.cc.
#include "cli/program.h"
#include "sim/pvfs_sim_command.h"

namespace pvfsf::sim::cli {

void add_dir_option(po::options_description& visible) {
  visible.add_options()(
      "dir", po::value<std::string>(),
      "the cluster's state directory (default $PVFS_SIM_DIR, else "
      "/run/pvfs-sim)");
}

ClusterPaths cluster_paths(const po::variables_map& vm) {
  std::optional<std::string> option;
  if (vm.count("dir")) option = vm["dir"].as<std::string>();
  return ClusterPaths(resolve_dir(option));
}

}  // namespace pvfsf::sim::cli

namespace {

const pvfsf::cli::Program kProgram = {
    "pvfs-sim",
    "A simulated PVFS cluster on this host: N data servers, each an LIO\n"
    "iSCSI target on 127.0.10.N with a pvfs-lun-export service; files\n"
    "written into their bstreams by the simple_stripe model.",
    "0 done, 1 failed, 2 bad usage.",
    nullptr,
};

}  // namespace

int main(int argc, char** argv) {
  return pvfsf::cli::run_program(kProgram, argc, argv);
}
