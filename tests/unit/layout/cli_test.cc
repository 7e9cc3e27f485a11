// pvfs-layout as users run it: output, messages and exit codes
// (0 ok, 1 bad layout or input, 2 usage).
#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::read_source;
using test::run_tool;
using test::source_path;
using test::temp_file;

const std::string kLayout4 = source_path("docs/examples/layout-4-servers.json");
const std::string kServers = source_path("docs/examples/servers.json");
const std::string kViewdist =
    source_path("docs/examples/viewdist-4-servers.txt");

std::vector<std::string> from_viewdist_args() {
  return {"from-viewdist",
          "--fs-id",
          "1234567",
          "--handle",
          "9223372036854775806",
          "--size",
          "1000000",
          "--servers",
          kServers};
}

TEST(LayoutCli, CheckExample) {
  const auto r = run_tool({"check", kLayout4});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, kLayout4 +
                       ": fs_id=1234567 handle=9223372036854775806 "
                       "strip_size=65536 size=1000000 datafiles=4 "
                       "lun_size=262144\n");
  EXPECT_EQ(r.err, "");
}

TEST(LayoutCli, CheckStandardInput) {
  const auto r = run_tool({"check", "-"},
                          read_source("docs/examples/layout-1-server.json"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "standard input: fs_id=7 handle=9223372036854775792 "
            "strip_size=1048576 size=0 datafiles=1 lun_size=1048576\n");
}

TEST(LayoutCli, CheckRefusesBadLayout) {
  std::string text = read_source("docs/examples/layout-4-servers.json");
  text.replace(text.find("3689348814741910337"), 19, "1844674407370955213");
  const std::string path = temp_file("bad.json", text);
  const auto r = run_tool({"check", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "pvfs-layout check: " + path +
                       ": layout: datafiles[1].handle: 1844674407370955213 "
                       "repeats datafiles[0].handle\n");
}

TEST(LayoutCli, CheckMissingFile) {
  const auto r = run_tool({"check", "/nonexistent/layout.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "pvfs-layout check: read /nonexistent/layout.json: No such file "
            "or directory\n");
}

TEST(LayoutCli, UsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"check"},
      {"check", "a", "b"},
      {"check", "--bogus", kLayout4},
      {"map", kLayout4},
      {"map", kLayout4, "-1"},
      {"map", kLayout4, "12abc"},
      {"lun-size", kLayout4, "--extent", "lots"},
      {"lun-size"},
      {"from-viewdist", "--fs-id", "1", "--handle", "2", kViewdist},
      {"from-viewdist", "--fs-id", "2147483648", "--handle", "2", "--servers",
       kServers, kViewdist},
      {"from-viewdist", "--fs-id", "1", "--handle", "-2", "--servers", kServers,
       kViewdist},
      {"from-viewdist", "--fs-id", "1", "--handle", "2", "--size", "1.5",
       "--servers", kServers, kViewdist},
  };
  for (const auto& args : cases) {
    const auto r = run_tool(args);
    std::string line;
    for (const auto& arg : args) line += arg + " ";
    EXPECT_EQ(r.status, 2) << line << "\n" << r.err;
    EXPECT_EQ(r.out, "") << line;
    EXPECT_FALSE(r.err.empty()) << line;
  }
  EXPECT_EQ(run_tool({"from-viewdist", "--fs-id", "2147483648", "--handle", "2",
                      "--servers", kServers, kViewdist})
                .err,
            "pvfs-layout from-viewdist: --fs-id 2147483648: above 2147483647 "
            "(PVFS_fs_id is int32_t)\nTry 'pvfs-layout from-viewdist "
            "--help'.\n");
}

TEST(LayoutCli, Help) {
  auto r = run_tool({"--help"});
  EXPECT_EQ(r.status, 0);
  for (const char* command : {"check", "from-viewdist", "lun-size", "map"})
    EXPECT_NE(r.out.find(std::string("  ") + command + " "), std::string::npos)
        << command;
  r = run_tool({"map", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("usage: pvfs-layout map LAYOUT|- OFFSET"),
            std::string::npos);
}

TEST(LayoutCli, LunSize) {
  auto r = run_tool({"lun-size", kLayout4});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "262144\n");
  r = run_tool({"lun-size", "--extent", "1G", kLayout4});
  EXPECT_EQ(r.out, "268435456\n");
  r = run_tool({"lun-size", "--extent", "0x8000000000000000", kLayout4});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "pvfs-layout lun-size: lun size: extent 9223372036854775808 is "
            "above 9223372036854775807 (PVFS_size is int64_t)\n");
}

TEST(LayoutCli, Map) {
  auto r = run_tool({"map", kLayout4, "1000000"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "offset=1000000 datafile=3 handle=7378697629483820681 "
            "bstream=6666666666666689.bstream server=server4 "
            "portal=127.0.10.4:3260 datafile_offset=213568\n");
  EXPECT_EQ(r.err,
            "pvfs-layout map: note: offset 1000000 is at or past the "
            "file's size 1000000 when the layout was taken\n");
  r = run_tool({"map", kLayout4, "64K"});
  EXPECT_EQ(r.out,
            "offset=65536 datafile=1 handle=3689348814741910337 "
            "bstream=3333333333333341.bstream server=server2 "
            "portal=127.0.10.2:3260 datafile_offset=0\n");
  EXPECT_EQ(r.err, "");
}

TEST(LayoutCli, FromViewdistGivesTheExample) {
  auto args = from_viewdist_args();
  args.push_back(kViewdist);
  auto r = run_tool(args);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, read_source("docs/examples/layout-4-servers.json"));
  EXPECT_EQ(r.err, "");
  // From standard input, by default and by "-".
  r = run_tool(from_viewdist_args(),
               read_source("docs/examples/viewdist-4-servers.txt"));
  EXPECT_EQ(r.out, read_source("docs/examples/layout-4-servers.json"));
  args = from_viewdist_args();
  args.push_back("-");
  r = run_tool(args, read_source("docs/examples/viewdist-4-servers.txt"));
  EXPECT_EQ(r.out, read_source("docs/examples/layout-4-servers.json"));
}

TEST(LayoutCli, FromViewdistWithoutSizeWarns) {
  const auto r = run_tool({"from-viewdist", "--fs-id", "1", "--handle", "0x2",
                           "--servers", kServers, kViewdist});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"size\": 0,"), std::string::npos) << r.out;
  EXPECT_EQ(r.err,
            "pvfs-layout from-viewdist: no --size: the layout says size 0, so "
            "its LUNs cover only what an extent asks for\n");
}

TEST(LayoutCli, FromViewdistRefusals) {
  const std::string basic =
      temp_file("basic.txt", "dist_name = basic_dist\ndist_params:\nnone\n");
  auto args = from_viewdist_args();
  args.push_back(basic);
  auto r = run_tool(args);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "pvfs-layout from-viewdist: " + basic +
                       ": viewdist: line 1: distribution \"basic_dist\" is "
                       "not supported; the fast path stripes simple_stripe "
                       "files only\n");
  const std::string servers = temp_file("servers.json", "{\"servers\": []}");
  r = run_tool({"from-viewdist", "--fs-id", "1", "--handle", "2", "--servers",
                servers, kViewdist});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "pvfs-layout from-viewdist: " + servers +
                       ": servers file: servers: expected an object, got an "
                       "array []\n");
}

}  // namespace
}  // namespace pvfsf::layout
