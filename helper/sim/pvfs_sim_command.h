// What the pvfs-sim subcommands (pvfs_sim_<name>.cc) share: the --dir
// option and how the tool names its exit codes.
#ifndef PVFSF_HELPER_SIM_PVFS_SIM_COMMAND_H
#define PVFSF_HELPER_SIM_PVFS_SIM_COMMAND_H

#include "cli/command.h"
#include "sim/state.h"

namespace pvfsf::sim::cli {

using namespace pvfsf::cli;

// Adds --dir DIR to @visible.
void add_dir_option(po::options_description& visible);
// The cluster directory --dir, $PVFS_SIM_DIR or /run/pvfs-sim names.
ClusterPaths cluster_paths(const po::variables_map& vm);

}  // namespace pvfsf::sim::cli

#endif
