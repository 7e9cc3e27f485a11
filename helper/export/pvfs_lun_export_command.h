// What the pvfs-lun-export subcommands (pvfs_lun_export_<name>.cc) share:
// the --fs-id option, the arguments and output of the commands that act on
// datafiles and the server the local ones act on.
#ifndef PVFSF_HELPER_EXPORT_PVFS_LUN_EXPORT_COMMAND_H
#define PVFSF_HELPER_EXPORT_PVFS_LUN_EXPORT_COMMAND_H

#include <optional>
#include <vector>

#include "cli/command.h"
#include "export/configfs.h"
#include "export/exporter.h"
#include "export/server_config.h"
#include "protocol/types.h"

namespace pvfsf::lun_export::cli {

using namespace pvfsf::cli;

// --fs-id, required.
FsId fs_id_option(const po::variables_map& vm);
// --fs-id if given.
std::optional<FsId> optional_fs_id(const po::variables_map& vm);

// The options of a local command on datafiles (export, set-size,
// unexport): --fs-id, the server's options, HANDLE... collected as "args".
void add_datafile_arguments(po::options_description& visible,
                            po::options_description& hidden,
                            po::positional_options_description& positional);

// --initiator NAME of export and unexport, local or requested: the client
// whose access is added or dropped.  Without it, this host's own initiator
// name; UsageError if neither is an iSCSI name (std::system_error if the
// host has no initiatorname.iscsi).
void add_initiator_option(po::options_description& visible);
std::string initiator_option(const po::variables_map& vm);

// The HANDLE BYTES of set-size, local or requested, parsed.
SizeChange set_size_arguments(const po::variables_map& vm);

// What export, unexport and set-size print on standard output, local or
// requested: "HANDLE LUN" ("HANDLE -" if it was not exported) or
// "HANDLE BYTES", one line each.
void print_exported(const std::vector<ExportedLun>& luns);
void print_unexported(const std::vector<UnexportedLun>& luns);
void print_size_change(const SizeChange& change);

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
