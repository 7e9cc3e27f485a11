// pvfs-layout from-orangefs: the layout of a file on a mounted OrangeFS.
#include <iostream>

#include "layout/layout_json.h"
#include "layout/load.h"
#include "layout/orangefs_layout.h"
#include "layout/pvfs_layout_command.h"
#include "orangefs/fs_conf.h"
#include "orangefs/mounted_file.h"

namespace pvfsf::layout::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  // clang-format off
  visible.add_options()
      ("fs-conf", po::value<std::string>()->default_value(orangefs::kDefaultFsConf),
       "the cluster's fs.conf (as its servers read it)")
      ("servers", po::value<std::string>()->default_value(kDefaultServers),
       "servers file (JSON) mapping BMI addresses to portals and targets");
  // clang-format on
  hidden.add_options()("path", po::value<std::string>()->required());
  positional.add("path", 1);
}

int execute(const po::variables_map& vm) {
  const std::string path = vm["path"].as<std::string>();
  const orangefs::FsConf conf =
      orangefs::load_fs_conf(vm["fs-conf"].as<std::string>());
  const std::map<std::string, Server> servers =
      load_servers(vm["servers"].as<std::string>());
  const orangefs::MountedFile file = orangefs::read_mounted_file(path);
  std::cout << to_json(layout_from_orangefs(file, conf, servers, path));
  if (file.unstuffed_datafiles > 1)
    std::cerr << "pvfs-layout from-orangefs: " << path
              << " is stuffed: through this layout write only within its "
                 "first strip ("
              << file.strip_size
              << " bytes), or attach it by its path, which unstuffs it\n";
  return kExitOk;
}

const Registration registration({
    "from-orangefs",
    "[--fs-conf FILE] [--servers FILE] PATH",
    "Print the layout of PATH, a file on a mounted OrangeFS, as JSON: its\n"
    "fs id, handle, strip size and datafiles from the mount, each\n"
    "datafile's server from the handle ranges of fs.conf, and how to reach\n"
    "that server from the servers file, matched by BMI address.  A stuffed\n"
    "file gets one datafile and a warning: OrangeFS re-places its strips\n"
    "past the first when it unstuffs it.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::layout::cli
