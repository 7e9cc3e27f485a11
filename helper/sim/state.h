// The state of a simulated cluster, kept in its directory DIR:
//
//   DIR/cluster.json        this state (written whole, through a rename)
//   DIR/cluster.key         the cluster key, mode 0600
//   DIR/lock                flock(2)ed by every command that changes state
//   DIR/serverK/server.conf pvfs-lun-export's config of server K
//   DIR/serverK/storage/<fs id %08x>/bstreams/...   its bstreams
//   DIR/serverK/serve.log   its request service's log
//   DIR/serverK/serve.pid   the service's pid
//
// cluster.json is written first by create (status "creating") and again
// after every step, so that destroy can undo a cluster left half made.
#ifndef PVFSF_HELPER_SIM_STATE_H
#define PVFSF_HELPER_SIM_STATE_H

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "layout/layout.h"
#include "common/unique_fd.h"

namespace pvfsf::sim {

namespace fs = std::filesystem;

inline constexpr int kStateVersion = 1;
inline constexpr uint32_t kDefaultFsId = 7;
inline constexpr const char* kDefaultDir = "/run/pvfs-sim";
inline constexpr const char* kDirEnv = "PVFS_SIM_DIR";

// A state file that cannot be read or is not shaped as this one: the
// message names the file and what is wrong.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerState {
  unsigned index = 0;         // k: server k, 1..64
  std::string name;           // "serverK"
  std::string address;        // "127.0.10.K"
  bool address_added = false; // create added it to lo (destroy removes it)
  std::optional<int> pid;     // the request service create started
  uint64_t handles_used = 0;  // datafile handles given out of its range

  bool operator==(const ServerState&) const = default;
};

struct ClusterState {
  uint32_t fs_id = kDefaultFsId;
  bool ready = false;          // false: create has not finished
  uint64_t metafiles_used = 0; // metafile handles given out of range 0
  std::vector<ServerState> servers;  // index order, servers[i].index == i+1

  bool operator==(const ClusterState&) const = default;
};

// Names and paths of a cluster in @dir, all derived, none stored.
class ClusterPaths {
 public:
  explicit ClusterPaths(fs::path dir) : dir_(std::move(dir)) {}
  const fs::path& dir() const { return dir_; }
  fs::path state_file() const { return dir_ / "cluster.json"; }
  fs::path key_file() const { return dir_ / "cluster.key"; }
  fs::path lock_file() const { return dir_ / "lock"; }
  fs::path server_dir(unsigned k) const;
  fs::path storage(unsigned k) const { return server_dir(k) / "storage"; }
  fs::path config(unsigned k) const { return server_dir(k) / "server.conf"; }
  fs::path log(unsigned k) const { return server_dir(k) / "serve.log"; }
  fs::path pid_file(unsigned k) const { return server_dir(k) / "serve.pid"; }

 private:
  fs::path dir_;
};

std::string server_name(unsigned k);        // "server<k>"
std::string server_address(unsigned k);     // "127.0.10.<k>"
std::string server_portal(unsigned k);      // "127.0.10.<k>:3260"
std::string server_service(unsigned k);     // "127.0.10.<k>:3263"
std::string server_iqn(unsigned k);         // "iqn.2026-11.org.pvfsf.sim:server<k>"

// The layout's view of server @k.
layout::Server layout_server(unsigned k);

// The directory commands use: @option if given, else $PVFS_SIM_DIR if set
// and not empty, else /run/pvfs-sim; made absolute.
fs::path resolve_dir(const std::optional<std::string>& option);

// The JSON of cluster.json.  A server's name and address are derived from
// its index, not stored.  from_json() throws StateError "corrupt cluster
// state: ..." for anything but what this version writes.
void to_json(nlohmann::json& out, const ServerState& server);
void from_json(const nlohmann::json& in, ServerState& server);
void to_json(nlohmann::json& out, const ClusterState& state);
void from_json(const nlohmann::json& in, ClusterState& state);

// JSON text of @state and back.  parse_state() throws StateError
// "<what>: ..." for anything but a state this version wrote.
std::string state_to_json(const ClusterState& state);
ClusterState parse_state(const std::string& text, const std::string& what);

// Reads DIR/cluster.json.  Throws StateError "no cluster at DIR" if DIR or
// the file is missing, StateError naming the file if it is corrupt.
ClusterState load_state(const ClusterPaths& paths);
// Writes DIR/cluster.json through a temporary file and a rename.
void save_state(const ClusterPaths& paths, const ClusterState& state);

// An exclusive flock(2) on DIR/lock (created if missing), held until the
// fd is closed.
UniqueFd lock_cluster(const ClusterPaths& paths);

}  // namespace pvfsf::sim

#endif
