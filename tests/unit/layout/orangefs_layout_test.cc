// A file of a 4-server OrangeFS (tests/unit/orangefs/fixtures, as
// pvfs2-genconfig wrote its fs.conf) mapped to a layout: stripe order from
// the datafile handles, servers from the handle ranges and the servers file.
#include <gtest/gtest.h>

#include <string>

#include "layout/orangefs_layout.h"

namespace pvfsf::layout {
namespace {

const orangefs::FsConf& conf() {
  static const orangefs::FsConf conf = orangefs::load_fs_conf(
      PVFSF_SOURCE_DIR "/tests/unit/orangefs/fixtures/fs-4-servers.conf");
  return conf;
}

std::map<std::string, Server> servers() {
  std::map<std::string, Server> servers;
  for (int k = 1; k <= 4; k++) {
    const std::string name = "ofs" + std::to_string(k);
    const std::string host = "127.0.10." + std::to_string(k);
    servers[name] = {name, host + ":3260", "iqn.2025-11.org.pvfsf:export." + name,
                     host + ":3263",
                     "tcp://127.0.0.1:" + std::to_string(3333 + k)};
  }
  return servers;
}

// Handles in the ranges of the third, first and second server (in that
// stripe order: the first datafile is not on the first server).
orangefs::MountedFile file() {
  return {1910686850, 1048577, 1000003, 65536,
          {5534023222112865483u, 1844674407370955200u, 3689348814741910400u}};
}

TEST(LayoutFromOrangefs, StripeOrderFromTheHandles) {
  const Layout layout = layout_from_orangefs(file(), conf(), servers(), "f");
  EXPECT_EQ(layout.fs_id, 1910686850u);
  EXPECT_EQ(layout.handle, 1048577u);
  EXPECT_EQ(layout.size, 1000003u);
  EXPECT_EQ(layout.strip_size, 65536u);
  ASSERT_EQ(layout.datafiles.size(), 3u);
  EXPECT_EQ(layout.datafiles[0], (Datafile{5534023222112865483u, "ofs3"}));
  EXPECT_EQ(layout.datafiles[1], (Datafile{1844674407370955200u, "ofs1"}));
  EXPECT_EQ(layout.datafiles[2], (Datafile{3689348814741910400u, "ofs2"}));
  // Only the servers the datafiles use.
  EXPECT_EQ(layout.servers.size(), 3u);
  EXPECT_EQ(layout.servers.count("ofs4"), 0u);
  EXPECT_EQ(layout.servers.at("ofs3").portal, "127.0.10.3:3260");
}

void expect_refused(const orangefs::MountedFile& f,
                    const std::map<std::string, Server>& s,
                    const std::string& message) {
  try {
    layout_from_orangefs(f, conf(), s, "f");
    ADD_FAILURE() << "accepted";
  } catch (const LayoutError& e) {
    EXPECT_EQ(e.what(), message);
  }
}

TEST(LayoutFromOrangefs, RefusesWhatDoesNotAgree) {
  orangefs::MountedFile other_fs = file();
  other_fs.fs_id = 7;
  expect_refused(other_fs, servers(),
                 "f: fs id 7 is no file system of fs.conf (a mount of another "
                 "cluster, or an fs.conf of another?)");
  orangefs::MountedFile metafile = file();
  metafile.datafiles[1] = 1048576;  // a metadata handle
  expect_refused(metafile, servers(),
                 "f: datafile 1 (handle 1048576): in no DataHandleRanges of "
                 "file system orangefs in fs.conf");
  orangefs::MountedFile twice = file();
  twice.datafiles[1] = 5534023222112865484u;  // the third server again
  expect_refused(twice, servers(),
                 "f: datafile 1 (handle 5534023222112865484): server ofs3 "
                 "holds another datafile of the file too; PVFS puts each "
                 "datafile of a file on a different server");
  std::map<std::string, Server> partial = servers();
  partial.erase("ofs1");
  expect_refused(file(), partial,
                 "f: datafile 1 (handle 1844674407370955200): server "
                 "\"tcp://127.0.0.1:3334\" is no server's bmi in the servers "
                 "file");
}

}  // namespace
}  // namespace pvfsf::layout
