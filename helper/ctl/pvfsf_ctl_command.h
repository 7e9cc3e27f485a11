// What the pvfsf-ctl subcommands (pvfsf_ctl_<name>.cc) share: the DEVICE|N
// argument.  Errors the kernel or the system report exit kExitFailed.
#ifndef PVFSF_HELPER_CTL_PVFSF_CTL_COMMAND_H
#define PVFSF_HELPER_CTL_PVFSF_CTL_COMMAND_H

#include "cli/command.h"
#include "control/device_ref.h"

namespace pvfsf::ctl {

using namespace pvfsf::cli;

// The positional DEVICE|N of remove and info, parsed.  Throws UsageError if
// it is missing or malformed.
DeviceRef device_argument(const po::variables_map& vm);

}  // namespace pvfsf::ctl

#endif
