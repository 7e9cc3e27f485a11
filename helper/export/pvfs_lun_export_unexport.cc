// pvfs-lun-export unexport: remove datafiles' LUNs.
#include "export/arguments.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  add_initiator_option(visible);
  add_datafile_arguments(visible, hidden, positional);
}

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const std::vector<Handle> handles = parse_handles(positional_args(vm));
  const std::string initiator = initiator_option(vm);
  LocalServer server(vm);
  print_unexported(server.exporter.unexport(initiator, fs_id, handles));
  return kExitOk;
}

const Registration registration({
    "unexport",
    "--fs-id ID [--initiator NAME] HANDLE...",
    "Drop client NAME's mapping of each HANDLE's LUN; the LUN and its\n"
    "backstore go once no client maps it (the bstream stays).  Print\n"
    "'HANDLE LUN', or 'HANDLE -' for a handle that was not exported.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
