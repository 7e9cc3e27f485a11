// pvfs-lun-export unexport: remove datafiles' LUNs.
#include <iostream>

#include "export/arguments.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("fs-id", po::value<std::string>(),
                        "file system (collection) id");
  visible.add(server_options());
  hidden.add_options()("args", po::value<std::vector<std::string>>());
  positional.add("args", -1);
}

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const std::vector<Handle> handles = parse_handles(positional_args(vm));
  LocalServer server(vm);
  for (const UnexportedLun& lun : server.exporter.unexport(fs_id, handles))
    std::cout << lun.handle << " " << (lun.lun ? std::to_string(*lun.lun) : "-")
              << "\n";
  return kExitOk;
}

const Registration registration({
    "unexport",
    "--fs-id ID HANDLE...",
    "Remove each HANDLE's LUN and backstore (the bstream stays) and print\n"
    "'HANDLE LUN', or 'HANDLE -' for a handle that was not exported.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
