// pvfs-sim destroy: stop and remove everything create made.
#include <iostream>

#include "sim/cluster.h"
#include "sim/pvfs_sim_command.h"

namespace pvfsf::sim::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  add_dir_option(visible);
}

int execute(const po::variables_map& vm) {
  const ClusterPaths paths = cluster_paths(vm);
  load_state(paths);  // "no cluster at DIR" before the lock file is made
  const UniqueFd lock = lock_cluster(paths);
  const ClusterState state = load_state(paths);
  const bool ok = destroy_cluster(
      paths, state, "/sys/kernel/config", [](const std::string& message) {
        std::cerr << "pvfs-sim destroy: " << message << "\n";
      });
  if (!ok)
    throw std::runtime_error("not everything could be undone; " +
                             paths.dir().string() +
                             " is kept: fix the cause and run destroy again");
  return kExitOk;
}

const Registration registration({
    "destroy",
    "[--dir DIR]",
    "Stop every request service the cluster started (SIGTERM, SIGKILL after\n"
    "5 s), tear down every server's LIO target and backstores, remove the\n"
    "lo addresses create added, and remove DIR with all bstreams.  Works\n"
    "on a cluster create left half made.  A step that fails is reported\n"
    "and DIR is kept, so that destroy can be run again.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::sim::cli
