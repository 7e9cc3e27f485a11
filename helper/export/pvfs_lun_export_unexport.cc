// pvfs-lun-export unexport: remove datafiles' LUNs.
#include "export/arguments.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const std::vector<Handle> handles = parse_handles(positional_args(vm));
  LocalServer server(vm);
  print_unexported(server.exporter.unexport(fs_id, handles));
  return kExitOk;
}

const Registration registration({
    "unexport",
    "--fs-id ID HANDLE...",
    "Remove each HANDLE's LUN and backstore (the bstream stays) and print\n"
    "'HANDLE LUN', or 'HANDLE -' for a handle that was not exported.",
    add_datafile_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
