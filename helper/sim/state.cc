#include "sim/state.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.h"
#include "common/file_write.h"
#include "sim/handles.h"

namespace pvfsf::sim {

namespace {

using nlohmann::json;

[[noreturn]] void corrupt(const std::string& what, const std::string& why) {
  throw StateError(what + ": corrupt cluster state: " + why);
}

// The member @key of @object as an unsigned number no larger than @max.
uint64_t get_uint(const json& object, const char* key, uint64_t max,
                  const std::string& what) {
  if (!object.contains(key)) corrupt(what, std::string("no \"") + key + "\"");
  const json& value = object.at(key);
  if (!value.is_number_unsigned())
    corrupt(what, std::string("\"") + key + "\" is not an unsigned integer");
  const uint64_t n = value.get<uint64_t>();
  if (n > max)
    corrupt(what, std::string("\"") + key + "\" is " + std::to_string(n) +
                      ", above " + std::to_string(max));
  return n;
}

bool get_bool(const json& object, const char* key, const std::string& what) {
  if (!object.contains(key) || !object.at(key).is_boolean())
    corrupt(what, std::string("\"") + key + "\" is missing or not a boolean");
  return object.at(key).get<bool>();
}

}  // namespace

fs::path ClusterPaths::server_dir(unsigned k) const {
  return dir_ / server_name(k);
}

std::string server_name(unsigned k) { return "server" + std::to_string(k); }
std::string server_address(unsigned k) {
  return "127.0.10." + std::to_string(k);
}
std::string server_portal(unsigned k) { return server_address(k) + ":3260"; }
std::string server_service(unsigned k) { return server_address(k) + ":3263"; }
std::string server_iqn(unsigned k) {
  return "iqn.2026-11.org.pvfsf.sim:" + server_name(k);
}

layout::Server layout_server(unsigned k) {
  layout::Server server;
  server.name = server_name(k);
  server.portal = server_portal(k);
  server.iqn = server_iqn(k);
  server.service = server_service(k);
  return server;
}

fs::path resolve_dir(const std::optional<std::string>& option) {
  std::string dir;
  if (option) {
    dir = *option;
  } else if (const char* env = std::getenv(kDirEnv); env && *env) {
    dir = env;
  } else {
    dir = kDefaultDir;
  }
  if (dir.empty()) throw UsageError("--dir must not be empty");
  return fs::absolute(dir).lexically_normal();
}

std::string state_to_json(const ClusterState& state) {
  json servers = json::array();
  for (const ServerState& s : state.servers) {
    servers.push_back(json{{"index", s.index},
                           {"address_added", s.address_added},
                           {"pid", s.pid ? json(*s.pid) : json(nullptr)},
                           {"handles_used", s.handles_used}});
  }
  const json doc{{"pvfs_sim", kStateVersion},
                 {"fs_id", state.fs_id},
                 {"ready", state.ready},
                 {"metafiles_used", state.metafiles_used},
                 {"servers", servers}};
  return doc.dump(1) + "\n";
}

ClusterState parse_state(const std::string& text, const std::string& what) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    corrupt(what, "not JSON");
  }
  if (!doc.is_object()) corrupt(what, "not a JSON object");
  if (get_uint(doc, "pvfs_sim", 1000, what) != kStateVersion)
    corrupt(what, "unknown version");
  ClusterState state;
  state.fs_id = static_cast<uint32_t>(
      get_uint(doc, "fs_id", layout::kMaxFsId, what));
  state.ready = get_bool(doc, "ready", what);
  state.metafiles_used =
      get_uint(doc, "metafiles_used", kRangeWidth - 1, what);
  if (!doc.contains("servers") || !doc.at("servers").is_array())
    corrupt(what, "\"servers\" is missing or not an array");
  const json& servers = doc.at("servers");
  if (servers.size() > kMaxServers)
    corrupt(what, std::to_string(servers.size()) + " servers");
  for (const json& s : servers) {
    if (!s.is_object()) corrupt(what, "a server is not an object");
    ServerState server;
    server.index =
        static_cast<unsigned>(get_uint(s, "index", kMaxServers, what));
    if (server.index != state.servers.size() + 1)
      corrupt(what, "server " + std::to_string(server.index) +
                        " out of order");
    server.name = server_name(server.index);
    server.address = server_address(server.index);
    server.address_added = get_bool(s, "address_added", what);
    if (!s.contains("pid")) corrupt(what, "no \"pid\"");
    if (!s.at("pid").is_null())
      server.pid = static_cast<int>(get_uint(s, "pid", INT32_MAX, what));
    if (server.pid && *server.pid < 2) corrupt(what, "pid below 2");
    server.handles_used = get_uint(s, "handles_used", kRangeWidth - 1, what);
    state.servers.push_back(server);
  }
  return state;
}

ClusterState load_state(const ClusterPaths& paths) {
  const fs::path file = paths.state_file();
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw StateError("no cluster at " + paths.dir().string() + " (no " +
                     file.filename().string() + ")");
  std::ifstream in(file);
  if (!in) throw_errno(errno, "read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw_errno(EIO, "read " + file.string());
  return parse_state(text.str(), file.string());
}

void save_state(const ClusterPaths& paths, const ClusterState& state) {
  write_file_atomically(paths.state_file(), state_to_json(state), 0644);
}

UniqueFd lock_cluster(const ClusterPaths& paths) {
  return lock_file(paths.lock_file(), 0644);
}

}  // namespace pvfsf::sim
