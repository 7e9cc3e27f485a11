// pvfs-lun-export: a PVFS data server's datafiles as iSCSI LUNs through
// LIO's configfs, run by hand or as a request service (`serve`) for
// clients.  The subcommands live in pvfs_lun_export_<name>.cc; the
// library they share is described in docs/export.md.
#include <iostream>

#include "cli/program.h"
#include "common/error.h"
#include "export/arguments.h"
#include "export/pvfs_lun_export_command.h"
#include "protocol/export_error.h"
#include "protocol/initiator_name.h"

namespace pvfsf::lun_export::cli {

FsId fs_id_option(const po::variables_map& vm) {
  return parse_fs_id(required_option(vm, "fs-id"));
}

std::optional<FsId> optional_fs_id(const po::variables_map& vm) {
  if (!vm.count("fs-id")) return std::nullopt;
  return parse_fs_id(vm["fs-id"].as<std::string>());
}

void add_initiator_option(po::options_description& visible) {
  visible.add_options()("initiator", po::value<std::string>(),
                        "the client's iSCSI initiator name (default: this "
                        "host's, from /etc/iscsi/initiatorname.iscsi)");
}

std::string initiator_option(const po::variables_map& vm) {
  try {
    if (!vm.count("initiator")) return read_initiator_name();
    const std::string name = vm["initiator"].as<std::string>();
    check_initiator_name(name, "--initiator");
    return name;
  } catch (const ExportError& e) {
    throw UsageError(e.what());
  }
}

void add_datafile_arguments(po::options_description& visible,
                            po::options_description& hidden,
                            po::positional_options_description& positional) {
  visible.add_options()("fs-id", po::value<std::string>(),
                        "file system (collection) id");
  visible.add(server_options());
  add_positional_args(hidden, positional);
}

SizeChange set_size_arguments(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 2) throw UsageError("expected HANDLE BYTES");
  SizeChange wanted;
  wanted.handle = parse_handles({args[0]})[0];
  wanted.size = parse_bstream_size(args[1]);
  return wanted;
}

void print_exported(const std::vector<ExportedLun>& luns) {
  for (const ExportedLun& lun : luns)
    std::cout << lun.handle << " " << lun.lun << "\n";
}

void print_unexported(const std::vector<UnexportedLun>& luns) {
  for (const UnexportedLun& lun : luns)
    std::cout << lun.handle << " " << (lun.lun ? std::to_string(*lun.lun) : "-")
              << "\n";
}

void print_size_change(const SizeChange& change) {
  std::cout << change.handle << " " << change.size << "\n";
}

}  // namespace pvfsf::lun_export::cli

namespace {

// A request the service refused as malformed is the caller's usage error,
// whether a local check or the remote service said so.
int exit_code(const std::exception& e) {
  if (const auto* error =
          dynamic_cast<const pvfsf::lun_export::ExportError*>(&e))
    if (error->code() == pvfsf::lun_export::ErrorCode::kBadRequest)
      return pvfsf::cli::kExitUsage;
  return pvfsf::cli::kExitFailed;
}

const pvfsf::cli::Program kProgram = {
    "pvfs-lun-export",
    nullptr,
    "0 done, 1 failed, 2 bad usage.",
    exit_code,
};

}  // namespace

int main(int argc, char** argv) {
  return pvfsf::cli::run_program(kProgram, argc, argv);
}
