// The subcommands of pvfs-layout, registered as pvfsf-ctl's are: each
// pvfs_layout_<name>.cc declares its options and an execute() that returns
// the exit code.
#ifndef PVFSF_HELPER_LAYOUT_PVFS_LAYOUT_COMMAND_H
#define PVFSF_HELPER_LAYOUT_PVFS_LAYOUT_COMMAND_H

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace pvfsf::layout::cli {

namespace po = boost::program_options;

inline constexpr const char* kProgram = "pvfs-layout";

// Exit codes: LayoutError and unreadable files are kExitBadInput; the
// parsers' UsageError and boost's po::error are kExitUsage.
enum ExitCode { kExitOk = 0, kExitBadInput = 1, kExitUsage = 2 };

struct Command {
  const char* name;
  const char* synopsis;     // what follows the name
  const char* description;  // one paragraph for --help
  void (*get_arguments)(po::options_description& visible,
                        po::options_description& hidden,
                        po::positional_options_description& positional);
  // Throws UsageError, LayoutError or std::system_error, or returns an
  // ExitCode.
  int (*execute)(const po::variables_map& vm);
};

class Registration {
 public:
  explicit Registration(const Command& command);
};

// Every registered command, sorted by name.
std::vector<Command> registered_commands();

// The positional argument @name; throws UsageError "@label is required".
std::string required_argument(const po::variables_map& vm, const char* name,
                              const char* label);

}  // namespace pvfsf::layout::cli

#endif
