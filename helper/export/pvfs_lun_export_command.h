// The subcommands of pvfs-lun-export, registered as pvfsf-ctl's are: each
// pvfs_lun_export_<name>.cc declares its options and an execute() that
// returns the exit code.
#ifndef PVFSF_HELPER_EXPORT_PVFS_LUN_EXPORT_COMMAND_H
#define PVFSF_HELPER_EXPORT_PVFS_LUN_EXPORT_COMMAND_H

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "export/configfs.h"
#include "export/exporter.h"
#include "export/server_config.h"
#include "protocol/types.h"

namespace pvfsf::lun_export::cli {

namespace po = boost::program_options;

// 0 done, 1 failed (the system, LIO or the service refused), 2 bad usage.
enum ExitCode { kExitOk = 0, kExitFailed = 1, kExitUsage = 2 };

struct Command {
  const char* name;
  const char* synopsis;
  const char* description;
  void (*get_arguments)(po::options_description& visible,
                        po::options_description& hidden,
                        po::positional_options_description& positional);
  // Throws UsageError, ExportError or std::system_error, or returns an
  // ExitCode.
  int (*execute)(const po::variables_map& vm);
};

class Registration {
 public:
  explicit Registration(const Command& command);
};

std::vector<Command> registered_commands();

// The positional arguments collected under "args", possibly none.
std::vector<std::string> positional_args(const po::variables_map& vm);
// --fs-id, required.
FsId fs_id_option(const po::variables_map& vm);
// --fs-id if given.
std::optional<FsId> optional_fs_id(const po::variables_map& vm);
// A required option's text; UsageError naming it if missing.
std::string required_option(const po::variables_map& vm, const char* name);

// The server the local subcommands act on, from --config and options.
struct LocalServer {
  explicit LocalServer(const po::variables_map& vm)
      : config(load_server_config(vm)),
        configfs(config.configfs),
        exporter(config, configfs) {}
  ServerConfig config;
  ConfigFs configfs;
  Exporter exporter;
};

}  // namespace pvfsf::lun_export::cli

#endif
