// What the pvfs-stripe-attach subcommands (pvfs_stripe_attach_<name>.cc)
// share: the --config option and the context it makes.
#ifndef PVFSF_HELPER_ATTACH_PVFS_STRIPE_ATTACH_COMMAND_H
#define PVFSF_HELPER_ATTACH_PVFS_STRIPE_ATTACH_COMMAND_H

#include "attach/attach_context.h"
#include "attach/attached_file.h"
#include "cli/command.h"

namespace pvfsf::attach::cli {

using namespace pvfsf::cli;

// Adds --config PATH to @visible.
void add_config_option(po::options_description& visible);
// The context of a command: the config --config names (or the default
// one, if it exists).
AttachContext make_context(const po::variables_map& vm);
// The one DEVICE|HANDLE argument.
FileRef file_argument(const po::variables_map& vm);

}  // namespace pvfsf::attach::cli

#endif
