// pvfs-sim create: a new cluster of N servers.
#include <iostream>

#include "common/error.h"
#include "common/parse_number.h"
#include "sim/cluster.h"
#include "sim/pvfs_sim_command.h"

namespace pvfsf::sim::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()                                             //
      ("servers", po::value<std::string>(), "data servers, 1 to 64")  //
      ("fs-id", po::value<std::string>(),
       "the file system (collection) id, default 7")  //
      ("ready-timeout", po::value<unsigned>()->default_value(30),
       "seconds to wait for the services to answer");
  add_dir_option(visible);
}

int execute(const po::variables_map& vm) {
  CreateOptions options;
  options.servers = parse_u32(required_option(vm, "servers"), "--servers");
  if (vm.count("fs-id"))
    options.fs_id = parse_u32(vm["fs-id"].as<std::string>(), "--fs-id");
  options.ready_timeout =
      std::chrono::seconds(vm["ready-timeout"].as<unsigned>());
  check_create_options(options);
  const ClusterPaths paths = cluster_paths(vm);
  const ClusterState state = create_cluster(paths, options);

  std::cout << "cluster " << paths.dir().string() << ": fs_id "
            << state.fs_id << ", " << state.servers.size() << " servers\n";
  for (const ServerState& s : state.servers)
    std::cout << s.name << " portal " << server_portal(s.index) << " iqn "
              << server_iqn(s.index) << " service "
              << server_service(s.index) << "\n";
  std::cout << "key " << paths.key_file().string() << "\n";
  return kExitOk;
}

const Registration registration({
    "create",
    "--servers N [--fs-id ID] [--dir DIR]",
    "Make a cluster of N data servers in DIR: loads LIO, writes the cluster\n"
    "key, and for server K adds 127.0.10.K to lo (if missing), makes its\n"
    "storage, its pvfs-lun-export config, its empty iSCSI target with the\n"
    "portal 127.0.10.K:3260, and starts its request service on\n"
    "127.0.10.K:3263.  Prints one line per server and the key's path.\n"
    "Refuses a DIR that holds a cluster; undoes everything if a step fails.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::sim::cli
