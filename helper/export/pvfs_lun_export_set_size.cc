// pvfs-lun-export set-size: truncate or extend a datafile's bstream.
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const SizeChange wanted = set_size_arguments(vm);
  LocalServer server(vm);
  print_size_change(
      server.exporter.set_size(fs_id, wanted.handle, wanted.size));
  return kExitOk;
}

const Registration registration({
    "set-size",
    "--fs-id ID HANDLE BYTES",
    "Truncate or extend datafile HANDLE's bstream to BYTES (creating it if\n"
    "missing), exported or not: the server's half of a client's size\n"
    "commit.  Prints 'HANDLE BYTES'.",
    add_datafile_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
