#include "sim/cluster.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "attach/size_commit.h"
#include "protocol/cluster_key.h"
#include "export/configfs.h"
#include "common/server_address.h"
#include "common/error.h"
#include "common/process.h"
#include "protocol/export_client.h"
#include "export/exporter.h"
#include "export/lio.h"
#include "protocol/names.h"
#include "export/server_config.h"
#include "sim/handles.h"
#include "sim/host.h"

namespace pvfsf::sim {

namespace {

using Clock = std::chrono::steady_clock;
namespace lx = lun_export;

const std::vector<std::string> kLioModules = {
    "target_core_mod", "target_core_file", "iscsi_target_mod"};

std::string n(uint64_t value) { return std::to_string(value); }

lx::ServerConfig server_config(const ClusterPaths& paths, unsigned k,
                               const fs::path& configfs) {
  lx::ServerConfig config;
  config.server = server_name(k);
  config.storage = paths.storage(k);
  config.portal = parse_numeric_endpoint(server_portal(k), kIscsiPort, "portal");
  config.target = server_iqn(k);
  config.listen =
      parse_numeric_endpoint(server_service(k), kServicePort, "listen");
  config.key_file = paths.key_file();
  config.configfs = configfs;
  return config;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw_errno(EIO, "write " + path.string());
}

std::string config_text(const ClusterPaths& paths, unsigned k,
                        const fs::path& configfs) {
  return "# pvfs-lun-export config of " + server_name(k) +
         " of the pvfs-sim cluster in " + paths.dir().string() + "\n" +
         "server = " + server_name(k) + "\n" +
         "storage = " + paths.storage(k).string() + "\n" +
         "portal = " + server_portal(k) + "\n" +
         "target = " + server_iqn(k) + "\n" +
         "listen = " + server_service(k) + "\n" +
         "key-file = " + paths.key_file().string() + "\n" +
         "configfs = " + configfs.string() + "\n";
}

// Until every service answers a list request, or one exits, or time is up.
void wait_services(const ClusterPaths& paths, const ClusterState& state,
                   std::chrono::milliseconds limit) {
  const lx::ClusterKey key = lx::ClusterKey::load(paths.key_file());
  const Clock::time_point deadline = Clock::now() + limit;
  for (const ServerState& s : state.servers) {
    lx::ExportClient client(server_service(s.index), s.name, key,
                            std::chrono::seconds(5));
    for (;;) {
      try {
        client.list();
        break;
      } catch (const std::exception& e) {
        int status;
        if (s.pid && ::waitpid(*s.pid, &status, WNOHANG) == *s.pid)
          throw std::runtime_error(
              "the service of " + s.name + " exited: " +
              last_line(paths.log(s.index)));
        if (Clock::now() >= deadline)
          throw std::runtime_error("the service of " + s.name +
                                   " does not answer on " +
                                   server_service(s.index) + ": " + e.what());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

// Server k of the cluster whose name is @name, 0 if none.
unsigned server_index(const ClusterState& state, const std::string& name) {
  for (const ServerState& s : state.servers)
    if (s.name == name) return s.index;
  return 0;
}

void remove_quietly(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

}  // namespace

void check_create_options(const CreateOptions& options) {
  if (options.servers < 1 || options.servers > kMaxServers)
    throw UsageError("--servers " + n(options.servers) +
                     ": expected 1 to " + n(kMaxServers));
  if (options.fs_id > layout::kMaxFsId)
    throw UsageError("--fs-id " + n(options.fs_id) + ": expected 0 to " +
                     n(layout::kMaxFsId));
}

ClusterState create_cluster(const ClusterPaths& paths,
                            const CreateOptions& options) {
  check_create_options(options);
  const fs::path& dir = paths.dir();
  std::error_code ec;
  bool made_dir = false;
  if (fs::exists(paths.state_file(), ec))
    throw std::runtime_error(dir.string() +
                             " holds a cluster already: destroy it first");
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw std::runtime_error(dir.string() + " is not a directory");
    if (!fs::is_empty(dir, ec))
      throw std::runtime_error(dir.string() +
                               " is not empty and holds no cluster");
  } else {
    fs::create_directories(dir, ec);
    if (ec) throw_errno(ec.value(), "create " + dir.string());
    made_dir = true;
  }
  const fs::path exporter = find_exporter();

  ClusterState state;
  state.fs_id = options.fs_id;
  try {
    save_state(paths, state);
    if (options.load_modules) load_modules(kLioModules);
    lx::ConfigFs configfs(options.configfs);
    if (!fs::is_directory(configfs.target()))
      throw std::runtime_error("no LIO under " + configfs.target().string() +
                               " (is configfs mounted?)");
    lx::write_new_key(paths.key_file());

    for (unsigned k = 1; k <= options.servers; k++) {
      ServerState s;
      s.index = k;
      s.name = server_name(k);
      s.address = server_address(k);
      if (!lo_has_address(s.address)) {
        lo_add_address(s.address);
        s.address_added = true;
      }
      state.servers.push_back(s);
      save_state(paths, state);

      fs::create_directories(lx::bstreams_dir(paths.storage(k),
                                              static_cast<lx::FsId>(state.fs_id)));
      write_text(paths.config(k), config_text(paths, k, options.configfs));
      const lx::ServerConfig config =
          server_config(paths, k, options.configfs);
      lx::Lio lio(configfs, config.server, config.target, config.portal);
      const UniqueFd lock = configfs.lock();
      lio.ensure_target();
    }

    for (ServerState& s : state.servers) {
      const pid_t pid = start_daemon(
          {exporter.string(), "serve", "--config",
           paths.config(s.index).string()},
          paths.log(s.index).string());
      s.pid = pid;
      save_state(paths, state);
      write_text(paths.pid_file(s.index), n(static_cast<uint64_t>(pid)) + "\n");
    }
    wait_services(paths, state, options.ready_timeout);
    state.ready = true;
    save_state(paths, state);
  } catch (...) {
    destroy_cluster(paths, state, options.configfs, [](const std::string&) {});
    if (!made_dir) fs::create_directory(dir, ec);
    throw;
  }
  return state;
}

bool destroy_cluster(const ClusterPaths& paths, const ClusterState& state,
                     const fs::path& configfs_root,
                     const std::function<void(const std::string&)>& warn) {
  bool ok = true;
  auto step = [&](const std::string& what, const std::function<void()>& f) {
    try {
      f();
    } catch (const std::exception& e) {
      warn(what + ": " + e.what());
      ok = false;
    }
  };
  for (const ServerState& s : state.servers) {
    if (!s.pid) continue;
    step("stop the service of " + s.name, [&] {
      if (!stop_process(*s.pid, paths.config(s.index).string(),
                        std::chrono::seconds(5)))
        throw std::runtime_error("pid " + n(static_cast<uint64_t>(*s.pid)) +
                                 " does not end, even after SIGKILL");
    });
  }
  lx::ConfigFs configfs(configfs_root);
  if (fs::is_directory(configfs.target())) {
    for (const ServerState& s : state.servers) {
      step("tear down the target of " + s.name, [&] {
        lx::Exporter exporter(server_config(paths, s.index, configfs_root),
                              configfs);
        exporter.teardown();
      });
    }
  }
  for (const ServerState& s : state.servers) {
    if (!s.address_added) continue;
    step("remove " + s.address + " from lo", [&] {
      if (lo_has_address(s.address)) lo_del_address(s.address);
    });
  }
  if (ok) {
    step("remove " + paths.dir().string(), [&] {
      std::error_code ec;
      fs::remove_all(paths.dir(), ec);
      if (ec) throw_errno(ec.value(), "remove " + paths.dir().string());
    });
  }
  return ok;
}

BstreamPaths bstream_paths(const ClusterPaths& paths,
                           const layout::Layout& layout) {
  std::vector<fs::path> list;
  for (const layout::Datafile& d : layout.datafiles) {
    const unsigned k = static_cast<unsigned>(
        std::stoul(d.server.substr(std::string_view("server").size())));
    list.push_back(lx::bstream_path(paths.storage(k),
                                    static_cast<lx::FsId>(layout.fs_id),
                                    d.handle));
  }
  return [list](uint32_t i) { return list.at(i); };
}

void check_layout(const layout::Layout& layout, const ClusterState& state) {
  if (layout.fs_id != state.fs_id)
    throw ForeignLayout("layout: fs_id " + n(layout.fs_id) +
                        " is not this cluster's (" + n(state.fs_id) + ")");
  for (const auto& [name, server] : layout.servers) {
    const unsigned k = server_index(state, name);
    if (!k)
      throw ForeignLayout("layout: server \"" + name +
                          "\" is not a server of this cluster (server1.." +
                          "server" + n(state.servers.size()) + ")");
    layout::Server ours = layout_server(k);
    ours.bmi = server.bmi;
    if (server != ours)
      throw ForeignLayout("layout: servers." + name +
                          ": portal, iqn or service differ from this "
                          "cluster's (" + ours.portal + ", " + ours.iqn +
                          ", " + ours.service + ")");
  }
  const std::optional<unsigned> file_range = range_of(layout.handle);
  if (file_range != 0u || layout.handle - range_base(0) > state.metafiles_used)
    throw ForeignLayout("layout: handle " + n(layout.handle) +
                        " is not a file of this cluster");
  for (size_t i = 0; i < layout.datafiles.size(); i++) {
    const layout::Datafile& d = layout.datafiles[i];
    const unsigned k = server_index(state, d.server);
    const std::optional<unsigned> range = range_of(d.handle);
    if (!k || range != k ||
        d.handle - range_base(k) > state.servers[k - 1].handles_used)
      throw ForeignLayout("layout: datafiles[" + n(i) + "].handle " +
                          n(d.handle) + " was not handed out by " + d.server);
  }
}

layout::Layout put_file(const ClusterPaths& paths, const PutOptions& options,
                        int in_fd) {
  layout::check_strip_size(options.strip, "--strip");
  if (options.extent && *options.extent > layout::kMaxFileSize)
    throw UsageError("--size " + n(*options.extent) + " is above " +
                     n(layout::kMaxFileSize) + " (PVFS_size is int64_t)");
  load_state(paths);  // "no cluster at DIR" before the lock file is made
  const UniqueFd lock = lock_cluster(paths);
  ClusterState state = load_state(paths);
  if (!state.ready)
    throw std::runtime_error("the cluster at " + paths.dir().string() +
                             " was not completely created: destroy it");
  const unsigned count = options.servers ? options.servers
                                         : static_cast<unsigned>(
                                               state.servers.size());
  if (count > state.servers.size())
    throw UsageError("--servers " + n(count) + ": the cluster has " +
                     n(state.servers.size()));

  layout::Layout layout;
  layout.fs_id = state.fs_id;
  layout.handle = nth_handle(0, ++state.metafiles_used);
  layout.strip_size = options.strip;
  for (unsigned i = 0; i < count; i++) {
    ServerState& s = state.servers[i];
    layout.datafiles.push_back({nth_handle(s.index, ++s.handles_used), s.name});
    layout.servers[s.name] = layout_server(s.index);
  }
  // The handles are spent from here on, whatever happens next.
  save_state(paths, state);

  const pvfsf_stripe st = layout::stripe_of(layout);
  const BstreamPaths where = bstream_paths(paths, layout);
  try {
    layout.size = write_file(st, where, in_fd);
    if (options.extent) {
      if (*options.extent < layout.size)
        throw UsageError("--size " + n(*options.extent) +
                         " is below the file's " + n(layout.size) + " bytes");
      set_file_size(st, where, *options.extent);
      layout.size = *options.extent;
    }
    if (layout.size > layout::kMaxFileSize)
      throw std::runtime_error("the input is above 2^63-1 bytes");
    layout::validate(layout);
  } catch (...) {
    for (uint32_t i = 0; i < st.nr_members; i++) remove_quietly(where(i));
    throw;
  }
  return layout;
}

uint64_t get_file(const ClusterPaths& paths, const layout::Layout& layout,
                  int out_fd) {
  const ClusterState state = load_state(paths);
  check_layout(layout, state);
  const pvfsf_stripe st = layout::stripe_of(layout);
  const BstreamPaths where = bstream_paths(paths, layout);
  const uint64_t size =
      file_size(st, bstream_sizes(where, st.nr_members));
  read_file(st, where, size, out_fd);
  return size;
}

void truncate_file(const ClusterPaths& paths, const layout::Layout& layout,
                   uint64_t size) {
  if (size > layout::kMaxFileSize)
    throw UsageError("size " + n(size) + " is above " +
                     n(layout::kMaxFileSize) + " (PVFS_size is int64_t)");
  const ClusterState state = load_state(paths);
  check_layout(layout, state);
  const BstreamPaths where = bstream_paths(paths, layout);
  // As PVFS: a datafile that gets no byte and has no bstream gets none.
  const auto no_bstream_needed = [&](uint32_t i, uint64_t share) {
    std::error_code ec;
    return !share && !fs::exists(where(i), ec);
  };
  attach::commit_file_size(layout, size,
                           lx::ClusterKey::load(paths.key_file()),
                           std::chrono::seconds(30), no_bstream_needed);
}

}  // namespace pvfsf::sim
