#include "export/server_config.h"

#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include "common/error.h"
#include "protocol/names.h"

namespace pvfsf::lun_export {

namespace {

// The keys, shared by the command line and the file.
po::options_description key_options() {
  po::options_description keys("Server settings (also config file keys)");
  keys.add_options()                                                   //
      ("server", po::value<std::string>(), "server name")              //
      ("storage", po::value<std::string>(), "DBPF storage directory")  //
      ("portal", po::value<std::string>(),
       "iSCSI portal ADDR[:PORT] (port 3260 by default)")  //
      ("target", po::value<std::string>(),
       "target IQN (default iqn.2025-11.org.pvfsf:export.SERVER)")  //
      ("listen", po::value<std::string>(),
       "service ADDR[:PORT] (default: the portal's address, port 3263)")  //
      ("key-file", po::value<std::string>(), "cluster key file")          //
      ("configfs", po::value<std::string>(),
       "configfs mount point (default /sys/kernel/config)")  //
      ("fs-conf", po::value<std::string>(),
       "a real OrangeFS server's fs.conf: storage and datafiles from it")   //
      ("alias", po::value<std::string>(), "the server's Alias in fs-conf")  //
      ("chap-file", po::value<std::string>(),
       "the CHAP secret every client's node ACL demands (mode 0600)");
  return keys;
}

using Lookup = std::function<std::optional<std::string>(const char*)>;

// Fills config.orangefs from the fs.conf at @path and returns the alias's
// DataStorageSpace.
std::string orangefs_server(const std::string& path, const std::string& alias,
                            ServerConfig& config) {
  orangefs::FsConf conf;
  try {
    conf = orangefs::load_fs_conf(path);
  } catch (const orangefs::FsConfError& e) {
    throw UsageError(std::string("fs-conf: ") + e.what());
  }
  const orangefs::ServerConf* server = conf.server(alias);
  if (!server)
    throw UsageError("alias '" + alias + "': no such Alias in " + path);
  if (server->data_storage_space.empty())
    throw UsageError("alias '" + alias + "': " + path +
                     " gives it no DataStorageSpace");
  OrangefsServer orangefs{alias, {}};
  for (const orangefs::FileSystemConf& fs : conf.file_systems)
    for (const orangefs::ServerRanges& ranges : fs.data_ranges)
      if (ranges.alias == alias)
        orangefs.data_ranges[fs.id] = ranges.ranges;
  config.orangefs = std::move(orangefs);
  return server->data_storage_space;
}

ServerConfig build(const Lookup& get) {
  ServerConfig config;
  auto required = [&](const char* key) {
    std::optional<std::string> value = get(key);
    if (!value || value->empty())
      throw UsageError(std::string("no ") + key + " given (option --" + key +
                       " or key '" + key + "' in --config FILE)");
    return *value;
  };

  config.server = required("server");
  check_server_name(config.server, "server");

  std::optional<std::string> storage_option = get("storage");
  if (std::optional<std::string> fs_conf = get("fs-conf")) {
    if (storage_option)
      throw UsageError("storage and fs-conf both given: with fs-conf, the "
                       "storage is the alias's DataStorageSpace");
    storage_option = orangefs_server(*fs_conf, required("alias"), config);
  } else if (get("alias")) {
    throw UsageError("alias given without fs-conf");
  }
  if (!storage_option || storage_option->empty())
    throw UsageError(
        "no storage given (option --storage or key 'storage' in --config "
        "FILE)");
  const std::string storage = *storage_option;
  if (storage.front() != '/')
    throw UsageError("storage '" + storage + "': must be an absolute path");
  // LIO reads fd_dev_name up to a ',' or a newline and truncates it to
  // 255 characters without a word; a path it cannot take is refused here.
  if (storage.find_first_of(",\n") != std::string::npos)
    throw UsageError("storage '" + storage +
                     "': LIO cannot take a path holding ',' or a newline");
  config.storage = std::filesystem::path(storage).lexically_normal();
  if (config.storage.string().size() > 255 - kMaxBstreamSuffix)
    throw UsageError("storage '" + storage + "': longer than " +
                     std::to_string(255 - kMaxBstreamSuffix) +
                     " characters; LIO takes bstream paths of at most 255");

  config.portal = resolve_endpoint(required("portal"), kIscsiPort, "portal");
  if (config.portal.unspecified())
    throw UsageError("portal '" + config.portal.text() +
                     "': clients log in to this address, give a real one");

  config.target = get("target").value_or(default_target_iqn(config.server));
  check_iqn(config.target, "target IQN");

  if (std::optional<std::string> listen = get("listen")) {
    config.listen = resolve_endpoint(*listen, kServicePort, "listen");
  } else {
    config.listen = config.portal;
    config.listen.port = kServicePort;
  }
  config.key_file = get("key-file").value_or("");
  config.configfs = get("configfs").value_or("/sys/kernel/config");
  if (std::optional<std::string> chap_file = get("chap-file"))
    config.chap = load_chap_secret(*chap_file);
  return config;
}

po::variables_map parse_file(std::istream& in) {
  po::variables_map file_vm;
  po::store(po::parse_config_file(in, key_options(), false), file_vm);
  return file_vm;
}

}  // namespace

po::options_description server_options() {
  po::options_description options = key_options();
  options.add_options()("config", po::value<std::string>(),
                        "read the settings from this file");
  return options;
}

ServerConfig load_server_config(const po::variables_map& vm) {
  po::variables_map file_vm;
  if (vm.count("config")) {
    const std::string path = vm["config"].as<std::string>();
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read config file '" + path + "'");
    try {
      file_vm = parse_file(in);
    } catch (const po::error& e) {
      throw UsageError("config file '" + path + "': " + e.what());
    }
  }
  return build([&](const char* key) -> std::optional<std::string> {
    if (vm.count(key)) return vm[key].as<std::string>();
    if (file_vm.count(key)) return file_vm[key].as<std::string>();
    return std::nullopt;
  });
}

ServerConfig parse_server_config(const std::string& text) {
  std::istringstream in(text);
  po::variables_map file_vm;
  try {
    file_vm = parse_file(in);
  } catch (const po::error& e) {
    throw UsageError(std::string("config: ") + e.what());
  }
  return build([&](const char* key) -> std::optional<std::string> {
    if (file_vm.count(key)) return file_vm[key].as<std::string>();
    return std::nullopt;
  });
}

}  // namespace pvfsf::lun_export
