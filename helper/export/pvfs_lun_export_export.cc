// pvfs-lun-export export: datafiles as LUNs of this server's target.
#include "export/arguments.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("size", po::value<std::string>(),
                        "LUN size in bytes (a multiple of 512; K, M, G, T "
                        "suffixes)");
  add_initiator_option(visible);
  add_datafile_arguments(visible, hidden, positional);
}

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const uint64_t size = parse_lun_size(required_option(vm, "size"));
  const std::vector<Handle> handles = parse_handles(positional_args(vm));
  const std::string initiator = initiator_option(vm);
  LocalServer server(vm);
  print_exported(
      server.exporter.export_handles(initiator, fs_id, size, handles));
  return kExitOk;
}

const Registration registration({
    "export",
    "--fs-id ID --size BYTES [--initiator NAME] HANDLE...",
    "Export each datafile HANDLE's bstream as a LUN of SIZE bytes on the\n"
    "lowest free LUN number to the client NAME (its node ACL maps the LUN)\n"
    "and print 'HANDLE LUN' per line.  A missing bstream is created empty;\n"
    "the target, portal and ACL are created on first use.  An exported\n"
    "handle keeps its LUN (a larger SIZE grows it, a smaller one is\n"
    "refused).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
