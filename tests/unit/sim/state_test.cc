// The cluster state file: written and read back, corrupt ones refused with
// a message naming the file and the problem.
#include <gtest/gtest.h>

#include "sim/handles.h"
#include "sim/state.h"
#include "sim_test_util.h"

namespace pvfsf::sim {
namespace {

ClusterState two_servers() {
  ClusterState state;
  state.fs_id = 2147483647;
  state.ready = true;
  state.metafiles_used = 12;
  for (unsigned k = 1; k <= 2; k++) {
    ServerState s;
    s.index = k;
    s.name = server_name(k);
    s.address = server_address(k);
    s.address_added = k == 1;
    if (k == 2) s.pid = 4242;
    s.handles_used = kRangeWidth - 1;
    state.servers.push_back(s);
  }
  return state;
}

std::string refusal(const std::string& text) {
  try {
    parse_state(text, "F");
  } catch (const StateError& e) {
    return e.what();
  }
  return "";
}

TEST(SimState, RoundTrip) {
  const ClusterState state = two_servers();
  EXPECT_EQ(parse_state(state_to_json(state), "F"), state);
  test::TempDir dir;
  const ClusterPaths paths(dir.path());
  save_state(paths, state);
  EXPECT_EQ(load_state(paths), state);
}

TEST(SimState, Names) {
  EXPECT_EQ(server_name(12), "server12");
  EXPECT_EQ(server_portal(3), "127.0.10.3:3260");
  EXPECT_EQ(server_service(3), "127.0.10.3:3263");
  EXPECT_EQ(server_iqn(4), "iqn.2026-11.org.pvfsf.sim:server4");
  const ClusterPaths paths("/d");
  EXPECT_EQ(paths.config(2), "/d/server2/server.conf");
  EXPECT_EQ(paths.storage(2), "/d/server2/storage");
}

TEST(SimState, ResolveDir) {
  ::setenv(kDirEnv, "/from/env", 1);
  EXPECT_EQ(resolve_dir(std::string("/opt//x/")), "/opt/x/");
  EXPECT_EQ(resolve_dir(std::nullopt), "/from/env");
  ::setenv(kDirEnv, "", 1);
  EXPECT_EQ(resolve_dir(std::nullopt), kDefaultDir);
  ::unsetenv(kDirEnv);
  EXPECT_EQ(resolve_dir(std::nullopt), kDefaultDir);
  EXPECT_TRUE(resolve_dir(std::string("rel")).is_absolute());
}

TEST(SimState, MissingClusterSaysSo) {
  test::TempDir dir;
  try {
    load_state(ClusterPaths(dir.path() / "nothing"));
    FAIL() << "loaded a state that is not there";
  } catch (const StateError& e) {
    EXPECT_EQ(std::string(e.what()),
              "no cluster at " + (dir.path() / "nothing").string() +
                  " (no cluster.json)");
  }
}

TEST(SimState, CorruptRefused) {
  const std::string good = state_to_json(two_servers());
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  EXPECT_EQ(refusal(""), "F: corrupt cluster state: not JSON");
  EXPECT_EQ(refusal("[]"), "F: corrupt cluster state: not a JSON object");
  EXPECT_EQ(refusal(good.substr(0, good.size() / 2)),
            "F: corrupt cluster state: not JSON");
  EXPECT_EQ(refusal(with("\"pvfs_sim\": 1", "\"pvfs_sim\": 2")),
            "F: corrupt cluster state: unknown version");
  EXPECT_EQ(refusal(with("\"fs_id\": 2147483647", "\"fs_id\": 2147483648")),
            "F: corrupt cluster state: \"fs_id\" is 2147483648, above "
            "2147483647");
  EXPECT_EQ(refusal(with("\"fs_id\": 2147483647", "\"fs_id\": -1")),
            "F: corrupt cluster state: \"fs_id\" is not an unsigned integer");
  EXPECT_EQ(refusal(with("\"ready\": true", "\"ready\": 1")),
            "F: corrupt cluster state: \"ready\" is missing or not a boolean");
  EXPECT_EQ(refusal(with("\"index\": 2", "\"index\": 3")),
            "F: corrupt cluster state: server 3 out of order");
  EXPECT_EQ(refusal(with("\"pid\": 4242", "\"pid\": 1")),
            "F: corrupt cluster state: pid below 2");
  EXPECT_EQ(refusal(with("\"metafiles_used\": 12", "\"metafiles\": 12")),
            "F: corrupt cluster state: no \"metafiles_used\"");
  EXPECT_NE(refusal(with("\"handles_used\": 144115188075855871",
                         "\"handles_used\": 144115188075855872")),
            "");
  EXPECT_EQ(refusal(good), "");
}

}  // namespace
}  // namespace pvfsf::sim
