// pvfs-lun-export list: what this server exports, read back from configfs.
#include <iostream>

#include "export/list_format.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()                                     //
      ("json", po::bool_switch(), "print one JSON object")  //
      ("fs-id", po::value<std::string>(), "only this file system's LUNs");
  visible.add(server_options());
}

int execute(const po::variables_map& vm) {
  const std::optional<FsId> fs_id = optional_fs_id(vm);
  LocalServer server(vm);
  const std::vector<LunInfo> luns = server.exporter.list(fs_id);
  if (vm["json"].as<bool>())
    print_list_json(std::cout, server.exporter.target_info(), luns);
  else
    print_list_text(std::cout, luns);
  return kExitOk;
}

const Registration registration({
    "list",
    "[--json] [--fs-id ID]",
    "Show every exported datafile: fs id, handle, LUN, LUN size, bstream\n"
    "size ('-' or null if it has no file) and backing file.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
