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

// parse_state() puts the file's name in front.
[[noreturn]] void corrupt(const std::string& why) {
  throw StateError("corrupt cluster state: " + why);
}

// The member @key of @object as an unsigned number no larger than @max.
uint64_t get_uint(const json& object, const char* key, uint64_t max) {
  if (!object.contains(key)) corrupt(std::string("no \"") + key + "\"");
  const json& value = object.at(key);
  if (!value.is_number_unsigned())
    corrupt(std::string("\"") + key + "\" is not an unsigned integer");
  const uint64_t n = value.get<uint64_t>();
  if (n > max)
    corrupt(std::string("\"") + key + "\" is " + std::to_string(n) +
            ", above " + std::to_string(max));
  return n;
}

bool get_bool(const json& object, const char* key) {
  if (!object.contains(key) || !object.at(key).is_boolean())
    corrupt(std::string("\"") + key + "\" is missing or not a boolean");
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

void to_json(json& out, const ServerState& server) {
  out = {{"index", server.index},
         {"address_added", server.address_added},
         {"pid", server.pid ? json(*server.pid) : json(nullptr)},
         {"handles_used", server.handles_used}};
}

void from_json(const json& in, ServerState& server) {
  if (!in.is_object()) corrupt("a server is not an object");
  server = ServerState();
  server.index = static_cast<unsigned>(get_uint(in, "index", kMaxServers));
  server.name = server_name(server.index);
  server.address = server_address(server.index);
  server.address_added = get_bool(in, "address_added");
  if (!in.contains("pid")) corrupt("no \"pid\"");
  if (!in.at("pid").is_null())
    server.pid = static_cast<int>(get_uint(in, "pid", INT32_MAX));
  if (server.pid && *server.pid < 2) corrupt("pid below 2");
  server.handles_used = get_uint(in, "handles_used", kRangeWidth - 1);
}

void to_json(json& out, const ClusterState& state) {
  out = {{"pvfs_sim", kStateVersion},
         {"fs_id", state.fs_id},
         {"ready", state.ready},
         {"metafiles_used", state.metafiles_used},
         {"servers", state.servers}};
}

void from_json(const json& in, ClusterState& state) {
  if (!in.is_object()) corrupt("not a JSON object");
  if (get_uint(in, "pvfs_sim", 1000) != kStateVersion)
    corrupt("unknown version");
  state = ClusterState();
  state.fs_id = static_cast<uint32_t>(get_uint(in, "fs_id", layout::kMaxFsId));
  state.ready = get_bool(in, "ready");
  state.metafiles_used = get_uint(in, "metafiles_used", kRangeWidth - 1);
  if (!in.contains("servers") || !in.at("servers").is_array())
    corrupt("\"servers\" is missing or not an array");
  const json& servers = in.at("servers");
  if (servers.size() > kMaxServers)
    corrupt(std::to_string(servers.size()) + " servers");
  for (const json& s : servers) {
    ServerState server = s.get<ServerState>();
    if (server.index != state.servers.size() + 1)
      corrupt("server " + std::to_string(server.index) + " out of order");
    state.servers.push_back(std::move(server));
  }
}

std::string state_to_json(const ClusterState& state) {
  return json(state).dump(1) + "\n";
}

ClusterState parse_state(const std::string& text, const std::string& what) {
  try {
    return json::parse(text).get<ClusterState>();
  } catch (const json::parse_error&) {
    throw StateError(what + ": corrupt cluster state: not JSON");
  } catch (const StateError& e) {
    throw StateError(what + ": " + e.what());
  }
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
