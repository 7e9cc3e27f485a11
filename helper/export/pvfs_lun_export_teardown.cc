// pvfs-lun-export teardown: remove everything this server exported.
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add(server_options());
}

int execute(const po::variables_map& vm) {
  LocalServer server(vm);
  server.exporter.teardown();
  return kExitOk;
}

const Registration registration({
    "teardown",
    "",
    "Remove this server's target (its sessions end), all its LUNs and\n"
    "backstores.  The bstreams stay.  Nothing to remove is no error.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
