// The subcommands of a pvfsf tool, in the manner of Ceph's rbd shell: each
// <tool>_<name>.cc declares its own options and an execute() that returns
// the exit code, and registers itself with a static Registration.  Every
// tool (pvfsf-ctl, pvfs-layout, pvfs-lun-export, pvfs-sim,
// pvfs-stripe-attach, pvfsf-attach-probe) links this library and only its
// own commands, so the registry of one executable holds that tool's
// commands alone.
#ifndef PVFSF_HELPER_CLI_COMMAND_H
#define PVFSF_HELPER_CLI_COMMAND_H

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace pvfsf::cli {

namespace po = boost::program_options;

// The exit codes every tool shares; a tool may document more (>= 3).
enum ExitCode { kExitOk = 0, kExitFailed = 1, kExitUsage = 2 };

struct Command {
  const char* name;
  const char* synopsis;     // what follows the name, e.g. "[--json] DEVICE|N"
  const char* description;  // one paragraph for --help
  // @visible shows in --help; @hidden holds what @positional fills.
  void (*get_arguments)(po::options_description& visible,
                        po::options_description& hidden,
                        po::positional_options_description& positional);
  // Returns an exit code or throws: UsageError and po::error exit
  // kExitUsage, anything else as the Program decides (run_program).
  int (*execute)(const po::variables_map& vm);
};

class Registration {
 public:
  explicit Registration(const Command& command);
};

// Every registered command, sorted by name.
std::vector<Command> registered_commands();

// Collects every positional argument under the hidden option @name.
void add_positional_args(po::options_description& hidden,
                         po::positional_options_description& positional,
                         const char* name = "args");

// The positional arguments collected under @name, possibly none.
std::vector<std::string> positional_args(const po::variables_map& vm,
                                         const char* name = "args");

// A required option's text; UsageError "--NAME is required" if missing.
std::string required_option(const po::variables_map& vm, const char* name);

}  // namespace pvfsf::cli

#endif
