// pvfs-sim info: the cluster's servers and whether their services run.
#include <iostream>
#include <nlohmann/json.hpp>

#include "protocol/names.h"
#include "sim/host.h"
#include "sim/pvfs_sim_command.h"

namespace pvfsf::sim::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()("json", po::bool_switch(), "print one JSON object");
  add_dir_option(visible);
}

int execute(const po::variables_map& vm) {
  const ClusterPaths paths = cluster_paths(vm);
  const ClusterState state = load_state(paths);
  nlohmann::json servers = nlohmann::json::array();
  for (const ServerState& s : state.servers) {
    const bool running =
        s.pid && process_alive(*s.pid, paths.config(s.index).string());
    servers.push_back({{"name", s.name},
                       {"portal", server_portal(s.index)},
                       {"iqn", server_iqn(s.index)},
                       {"service", server_service(s.index)},
                       {"storage", paths.storage(s.index).string()},
                       {"config", paths.config(s.index).string()},
                       {"pid", s.pid ? nlohmann::json(*s.pid) : nullptr},
                       {"running", running}});
  }
  if (vm["json"].as<bool>()) {
    const nlohmann::json doc{{"dir", paths.dir().string()},
                             {"fs_id", state.fs_id},
                             {"ready", state.ready},
                             {"key", paths.key_file().string()},
                             {"servers", servers}};
    std::cout << doc.dump(1) << "\n";
    return kExitOk;
  }
  std::cout << "cluster " << paths.dir().string() << ": fs_id " << state.fs_id
            << (state.ready ? "" : " (not completely created)") << "\n"
            << "key " << paths.key_file().string() << "\n";
  for (const nlohmann::json& s : servers)
    std::cout << s["name"].get<std::string>() << " portal "
              << s["portal"].get<std::string>() << " iqn "
              << s["iqn"].get<std::string>() << " service "
              << s["service"].get<std::string>() << " storage "
              << s["storage"].get<std::string>() << " pid "
              << (s["pid"].is_null() ? std::string("-")
                                     : std::to_string(s["pid"].get<int>()))
              << (s["running"].get<bool>() ? " running" : " stopped") << "\n";
  return kExitOk;
}

const Registration registration({
    "info",
    "[--json] [--dir DIR]",
    "Show the cluster: fs id, key file, and per server its name, portal,\n"
    "target, service, storage, the service's pid and whether it runs.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::sim::cli
