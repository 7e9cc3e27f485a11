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
  add_datafile_arguments(visible, hidden, positional);
}

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const uint64_t size = parse_lun_size(required_option(vm, "size"));
  const std::vector<Handle> handles = parse_handles(positional_args(vm));
  LocalServer server(vm);
  print_exported(server.exporter.export_handles(fs_id, size, handles));
  return kExitOk;
}

const Registration registration({
    "export",
    "--fs-id ID --size BYTES HANDLE...",
    "Export each datafile HANDLE's bstream as a LUN of SIZE bytes on the\n"
    "lowest free LUN number and print 'HANDLE LUN' per line.  A missing\n"
    "bstream is created empty; the target and portal are created on first\n"
    "use.  An exported handle keeps its LUN (a larger SIZE grows it, a\n"
    "smaller one is refused).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
