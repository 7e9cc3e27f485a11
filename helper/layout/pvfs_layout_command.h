// What the pvfs-layout subcommands (pvfs_layout_<name>.cc) share: the
// tool's name for the notes they print and their required positional
// arguments.
#ifndef PVFSF_HELPER_LAYOUT_PVFS_LAYOUT_COMMAND_H
#define PVFSF_HELPER_LAYOUT_PVFS_LAYOUT_COMMAND_H

#include <string>

#include "cli/command.h"

namespace pvfsf::layout::cli {

using namespace pvfsf::cli;

inline constexpr const char* kProgram = "pvfs-layout";

// The positional argument @name; throws UsageError "@label is required".
std::string required_argument(const po::variables_map& vm, const char* name,
                              const char* label);

}  // namespace pvfsf::layout::cli

#endif
