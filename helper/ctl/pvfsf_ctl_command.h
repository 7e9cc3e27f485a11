// The subcommands of pvfsf-ctl, in the manner of Ceph's rbd shell: each
// pvfsf_ctl_<name>.cc declares its own options and an execute() that returns
// the exit code, and registers itself with a static Registration.
#ifndef PVFSF_HELPER_CTL_PVFSF_CTL_COMMAND_H
#define PVFSF_HELPER_CTL_PVFSF_CTL_COMMAND_H

#include <boost/program_options.hpp>
#include <vector>

#include "control/device_ref.h"

namespace pvfsf::ctl {

namespace po = boost::program_options;

// Exit codes.  Errors the kernel or the system report are kExitFailed; the
// parsers' UsageError and boost's po::error are kExitUsage.
enum ExitCode { kExitOk = 0, kExitFailed = 1, kExitUsage = 2 };

struct Command {
  const char* name;
  const char* synopsis;     // what follows the name, e.g. "[--json] DEVICE|N"
  const char* description;  // one paragraph for --help
  // @visible shows in --help; @hidden holds what @positional fills.
  void (*get_arguments)(po::options_description& visible,
                        po::options_description& hidden,
                        po::positional_options_description& positional);
  // Throws UsageError or std::system_error, or returns an ExitCode.
  int (*execute)(const po::variables_map& vm);
};

class Registration {
 public:
  explicit Registration(const Command& command);
};

// Every registered command, sorted by name.
std::vector<Command> registered_commands();

// The positional DEVICE|N of remove and info, parsed.  Throws UsageError if
// it is missing or malformed.
DeviceRef device_argument(const po::variables_map& vm);

}  // namespace pvfsf::ctl

#endif
