// pvfs-sim as users run it: messages and exit codes (0 ok, 1 failed,
// 2 usage), and put/get end to end on a cluster directory made by hand
// (put and get need no service; create, truncate and destroy are the VM
// tests' part).
#include <gtest/gtest.h>

#include "layout/layout_json.h"
#include "protocol/names.h"
#include "sim/handles.h"
#include "sim/state.h"
#include "sim_test_util.h"

namespace pvfsf::sim {
namespace {

using test::run_sim;
using test::TempDir;

// A ready cluster of @servers servers without services: state and
// storage.
ClusterPaths fake_cluster(const fs::path& dir, unsigned servers) {
  const ClusterPaths paths(dir);
  ClusterState state;
  state.ready = true;
  for (unsigned k = 1; k <= servers; k++) {
    ServerState s;
    s.index = k;
    s.name = server_name(k);
    s.address = server_address(k);
    state.servers.push_back(s);
    fs::create_directories(lun_export::bstreams_dir(paths.storage(k), 7));
  }
  save_state(paths, state);
  return paths;
}

// The first line of @text.
std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

TEST(SimCli, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;  // the first line on stderr
  };
  const std::vector<Case> cases = {
      {{"frobnicate"}, "pvfs-sim: unknown command 'frobnicate'"},
      {{"create"}, "pvfs-sim create: --servers is required"},
      {{"create", "--servers", "0"},
       "pvfs-sim create: --servers 0: expected 1 to 64"},
      {{"create", "--servers", "65"},
       "pvfs-sim create: --servers 65: expected 1 to 64"},
      {{"create", "--servers", "-1"}, ""},
      {{"create", "--servers", "4", "--fs-id", "2147483648"},
       "pvfs-sim create: --fs-id 2147483648: expected 0 to 2147483647"},
      {{"put", "--strip", "64K"},
       "pvfs-sim put: expected one FILE (- for standard input)"},
      {{"put", "f"}, "pvfs-sim put: --strip is required"},
      {{"put", "f", "--strip", "1000"}, ""},
      {{"put", "f", "--strip", "0"}, ""},
      {{"put", "f", "--strip", "2G"}, ""},
      {{"put", "f", "--strip", "64Q"}, ""},
      {{"put", "f", "--strip", "64K", "--servers", "0"},
       "pvfs-sim put: --servers 0: expected 1 or more"},
      {{"get"}, "pvfs-sim get: expected one LAYOUT (- for standard input)"},
      {{"truncate", "l"}, "pvfs-sim truncate: expected LAYOUT SIZE"},
      {{"truncate", "l", "-5"}, ""},
      {{"info", "extra"}, ""},
      {{"destroy", "--bogus"}, ""},
  };
  for (const Case& c : cases) {
    const test::Run r = run_sim(c.args);
    EXPECT_EQ(r.status, 2) << c.args[0] << ": " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err, "");
    if (!c.message.empty()) {
      EXPECT_EQ(first_line(r.err), c.message);
    }
  }
  EXPECT_EQ(run_sim({}).status, 2);
  EXPECT_EQ(run_sim({"--help"}).status, 0);
  EXPECT_EQ(run_sim({"put", "--help"}).status, 0);
}

TEST(SimCli, NoCluster) {
  TempDir dir;
  const std::string d = (dir.path() / "none").string();
  for (const std::string command : {"info", "destroy"}) {
    const test::Run r = run_sim({command, "--dir", d});
    EXPECT_EQ(r.status, 1) << command;
    EXPECT_EQ(r.err, "pvfs-sim " + command + ": no cluster at " + d +
                         " (no cluster.json)\n");
  }
  test::write_whole(dir.path() / "f", "bytes");
  const test::Run r =
      run_sim({"put", (dir.path() / "f").string(), "--strip", "64K", "--dir", d});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "pvfs-sim put: no cluster at " + d + " (no cluster.json)\n");
  EXPECT_FALSE(fs::exists(d)) << "put made the directory of no cluster";
}

TEST(SimCli, CorruptState) {
  TempDir dir;
  test::write_whole(dir.path() / "cluster.json", "{\"pvfs_sim\": 1}");
  const test::Run r = run_sim({"info", "--dir", dir.path().string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "pvfs-sim info: " + (dir.path() / "cluster.json").string() +
                       ": corrupt cluster state: no \"fs_id\"\n");
}

TEST(SimCli, CreateRefusesAnExistingCluster) {
  TempDir dir;
  fake_cluster(dir.path(), 2);
  const test::Run r =
      run_sim({"create", "--servers", "2", "--dir", dir.path().string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "pvfs-sim create: " + dir.path().string() +
                       " holds a cluster already: destroy it first\n");
}

TEST(SimCli, PutMissingFile) {
  TempDir dir;
  fake_cluster(dir.path(), 2);
  const test::Run r = run_sim({"put", "/nonexistent/f", "--strip", "64K",
                               "--dir", dir.path().string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "pvfs-sim put: open /nonexistent/f: No such file or directory\n");
}

TEST(SimCli, PutGetRoundTrip) {
  TempDir dir;
  const ClusterPaths paths = fake_cluster(dir.path() / "c", 4);
  const std::string d = paths.dir().string();
  // 1,000,003 bytes over 4 datafiles of 64 KiB strips, then 100 bytes over
  // 3 (datafiles 1 and 2 get none), then an empty file.
  struct Case {
    size_t size;
    std::string strip;
    unsigned servers;
  };
  for (const Case& c : {Case{1000003, "64K", 4}, Case{100, "4096", 3},
                        Case{0, "1M", 2}}) {
    const std::string bytes = test::random_bytes(c.size, 3);
    const fs::path file = dir.path() / "in";
    test::write_whole(file, bytes);
    const test::Run put =
        run_sim({"put", file.string(), "--strip", c.strip, "--servers",
                 std::to_string(c.servers), "--dir", d});
    ASSERT_EQ(put.status, 0) << put.err;
    const layout::Layout l = layout::parse_layout_json(put.out);
    EXPECT_EQ(l.size, c.size);
    EXPECT_EQ(l.fs_id, 7u);
    ASSERT_EQ(l.datafiles.size(), c.servers);
    for (size_t i = 0; i < l.datafiles.size(); i++) {
      EXPECT_EQ(l.datafiles[i].server, server_name(i + 1));
      EXPECT_EQ(range_of(l.datafiles[i].handle), i + 1);
      const bool has_bytes = layout::datafile_share(l, c.size, i) > 0;
      EXPECT_EQ(fs::exists(lun_export::bstream_path(
                    paths.storage(i + 1), 7, l.datafiles[i].handle)),
                has_bytes)
          << "datafile " << i;
    }
    test::write_whole(dir.path() / "layout.json", put.out);
    const test::Run get = run_sim({"get", (dir.path() / "layout.json").string(),
                                   "--output", (dir.path() / "out").string(),
                                   "--dir", d});
    ASSERT_EQ(get.status, 0) << get.err;
    EXPECT_TRUE(test::read_whole(dir.path() / "out") == bytes);
  }
  // Handles are never given twice: the state counts them.
  const ClusterState state = load_state(paths);
  EXPECT_EQ(state.metafiles_used, 3u);
  EXPECT_EQ(state.servers[0].handles_used, 3u);
  EXPECT_EQ(state.servers[3].handles_used, 1u);
}

TEST(SimCli, PutSizeExtends) {
  TempDir dir;
  const ClusterPaths paths = fake_cluster(dir.path() / "c", 4);
  const std::string d = paths.dir().string();
  test::write_whole(dir.path() / "in", "hello");
  test::Run r = run_sim({"put", (dir.path() / "in").string(), "--strip",
                         "4K", "--size", "10000", "--dir", d});
  ASSERT_EQ(r.status, 0) << r.err;
  test::write_whole(dir.path() / "l.json", r.out);
  EXPECT_EQ(layout::parse_layout_json(r.out).size, 10000u);
  r = run_sim({"get", (dir.path() / "l.json").string(), "--dir", d});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out == "hello" + std::string(9995, '\0'));
  r = run_sim({"put", (dir.path() / "in").string(), "--strip", "4K",
               "--size", "4", "--dir", d});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "pvfs-sim put: --size 4 is below the file's 5 bytes");
}

TEST(SimCli, GetRefusesForeignLayouts) {
  TempDir dir;
  const ClusterPaths paths = fake_cluster(dir.path() / "c", 2);
  const std::string d = paths.dir().string();
  test::write_whole(dir.path() / "in", "abc");
  const test::Run put = run_sim(
      {"put", (dir.path() / "in").string(), "--strip", "4K", "--dir", d});
  ASSERT_EQ(put.status, 0) << put.err;
  const layout::Layout good = layout::parse_layout_json(put.out);

  auto refused = [&](const layout::Layout& l) {
    test::write_whole(dir.path() / "l.json", layout::to_json(l));
    const test::Run r =
        run_sim({"get", (dir.path() / "l.json").string(), "--dir", d});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    return r.err;
  };
  layout::Layout l = good;
  l.fs_id = 8;
  EXPECT_EQ(refused(l),
            "pvfs-sim get: layout: fs_id 8 is not this cluster's (7)\n");
  l = good;
  l.datafiles[1].handle += 1;  // not handed out yet
  EXPECT_EQ(refused(l), "pvfs-sim get: layout: datafiles[1].handle " +
                            std::to_string(l.datafiles[1].handle) +
                            " was not handed out by server2\n");
  l = good;
  std::swap(l.datafiles[0].server, l.datafiles[1].server);
  EXPECT_NE(refused(l), "");
  l = good;
  l.servers["server2"].portal = "127.0.10.9:3260";
  EXPECT_EQ(refused(l),
            "pvfs-sim get: layout: servers.server2: portal, iqn or service "
            "differ from this cluster's (127.0.10.2:3260, "
            "iqn.2026-11.org.pvfsf.sim:server2, 127.0.10.2:3263)\n");
  l = good;
  l.handle = 99;
  EXPECT_EQ(refused(l),
            "pvfs-sim get: layout: handle 99 is not a file of this cluster\n");
}

}  // namespace
}  // namespace pvfsf::sim
