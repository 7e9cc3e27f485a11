// A server's settings (config file and options) and the
// command line's number arguments.
#include <gtest/gtest.h>

#include <fstream>

#include "export/arguments.h"
#include "common/server_address.h"
#include "common/error.h"
#include "fake_configfs.h"
#include "export/server_config.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::UsageError;
using pvfsf::lun_export::testing::TempDir;

constexpr const char* kFull =
    "# server 1 of the test cluster\n"
    "server = srv1\n"
    "storage = /var/lib/orangefs/storage/data\n"
    "portal = 127.0.10.1:3260\n"
    "target = iqn.2025-11.org.example:srv1\n"
    "listen = 127.0.10.1:4000\n"
    "key-file = /etc/pvfs-lun-export/cluster.key\n"
    "configfs = /tmp/fake-configfs\n";

// The message of the UsageError @f throws, or "" if none.
template <typename F>
std::string usage_error(F&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, EveryKey) {
  const ServerConfig config = parse_server_config(kFull);
  EXPECT_EQ(config.server, "srv1");
  EXPECT_EQ(config.storage, "/var/lib/orangefs/storage/data");
  EXPECT_EQ(config.portal.text(), "127.0.10.1:3260");
  EXPECT_EQ(config.target, "iqn.2025-11.org.example:srv1");
  EXPECT_EQ(config.listen.text(), "127.0.10.1:4000");
  EXPECT_EQ(config.key_file, "/etc/pvfs-lun-export/cluster.key");
  EXPECT_EQ(config.configfs, "/tmp/fake-configfs");
}

TEST(Config, Defaults) {
  const ServerConfig config =
      parse_server_config("server=srv2\nstorage=/s//x/\nportal=127.0.10.2\n");
  EXPECT_EQ(config.portal.text(), "127.0.10.2:3260");
  EXPECT_EQ(config.listen.text(), "127.0.10.2:3263");
  EXPECT_EQ(config.target, "iqn.2025-11.org.pvfsf:export.srv2");
  EXPECT_EQ(config.storage, "/s/x/");
  EXPECT_EQ(config.configfs, "/sys/kernel/config");
  EXPECT_TRUE(config.key_file.empty());
}

TEST(Config, RequiredKeys) {
  EXPECT_NE(usage_error([] {
              parse_server_config("storage=/s\nportal=1.2.3.4\n");
            }).find("no server"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              parse_server_config("server=a\nportal=1.2.3.4\n");
            }).find("no storage"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              parse_server_config("server=a\nstorage=/s\n");
            }).find("no portal"),
            std::string::npos);
}

TEST(Config, BadValuesAreRefusedSayingWhy) {
  const std::string base = "server=a\nportal=1.2.3.4\n";
  EXPECT_NE(usage_error([&] {
              parse_server_config(base + "storage=rel/dir\n");
            }).find("absolute"),
            std::string::npos);
  EXPECT_NE(usage_error([&] {
              parse_server_config(base + "storage=/a,b\n");
            }).find("','"),
            std::string::npos);
  EXPECT_NE(
      usage_error([&] {
        parse_server_config(base + "storage=/" + std::string(250, 'x') + "\n");
      }).find("255"),
      std::string::npos);
  EXPECT_NE(
      usage_error([] {
        parse_server_config("server=a\nstorage=/s\nportal=0.0.0.0:3260\n");
      }).find("real one"),
      std::string::npos);
  EXPECT_NE(usage_error([] {
              parse_server_config("server=A\nstorage=/s\nportal=1.2.3.4\n");
            }).find("server name"),
            std::string::npos);
  EXPECT_NE(
      usage_error([] {
        parse_server_config("server=a\nstorage=/s\nportal=1.2.3.4\ntarget=x\n");
      }).find("target IQN"),
      std::string::npos);
  EXPECT_NE(usage_error([] {
              parse_server_config("server=a\nstorage=/s\nportal=host.invalid:3260\n");
            }).find("does not resolve"),
            std::string::npos);
}

TEST(Config, OrangefsServerRefusals) {
  TempDir dir;
  const std::string conf = (dir.path() / "fs.conf").string();
  std::ofstream(conf) << "<Aliases>\nAlias n1 tcp://n1:3334\n</Aliases>\n";
  const std::string base = "server=a\nportal=1.2.3.4\n";
  EXPECT_EQ(usage_error([&] {
              parse_server_config(base + "fs-conf=" + conf +
                                  "\nalias=n1\nstorage=/s\n");
            }),
            "storage and fs-conf both given: with fs-conf, the storage is the "
            "alias's DataStorageSpace");
  EXPECT_EQ(usage_error([&] { parse_server_config(base + "alias=n1\nstorage=/s\n"); }),
            "alias given without fs-conf");
  EXPECT_NE(usage_error([&] { parse_server_config(base + "fs-conf=" + conf + "\n"); })
                .find("no alias"),
            std::string::npos);
  EXPECT_EQ(usage_error([&] {
              parse_server_config(base + "fs-conf=" + conf + "\nalias=n9\n");
            }),
            "alias 'n9': no such Alias in " + conf);
  EXPECT_EQ(usage_error([&] {
              parse_server_config(base + "fs-conf=" + conf + "\nalias=n1\n");
            }),
            "alias 'n1': " + conf + " gives it no DataStorageSpace");
  EXPECT_EQ(usage_error([&] {
              parse_server_config(base + "fs-conf=/nonexistent\nalias=n1\n");
            }),
            "fs-conf: /nonexistent: cannot be read: No such file or directory");
}

TEST(Config, UnknownKeyIsRefused) {
  EXPECT_NE(
      usage_error([] {
        parse_server_config("server=a\nstorage=/s\nportal=1.2.3.4\nportl=x\n");
      }).find("portl"),
      std::string::npos);
}

TEST(Config, CommandLineWinsOverTheFile) {
  TempDir dir;
  const std::string file = (dir.path() / "srv1.conf").string();
  std::ofstream(file) << kFull;
  po::options_description options = server_options();
  const char* argv[] = {"x",          "--config", file.c_str(), "--portal",
                        "127.0.10.9", "--server", "srv9"};
  po::variables_map vm;
  po::store(po::parse_command_line(7, argv, options), vm);
  const ServerConfig config = load_server_config(vm);
  EXPECT_EQ(config.server, "srv9");
  EXPECT_EQ(config.portal.text(), "127.0.10.9:3260");
  EXPECT_EQ(config.listen.text(), "127.0.10.1:4000");  // from the file
  EXPECT_EQ(config.storage, "/var/lib/orangefs/storage/data");
}

TEST(Config, MissingFileIsNamed) {
  po::variables_map vm;
  const char* argv[] = {"x", "--config", "/nonexistent/srv.conf"};
  po::store(po::parse_command_line(3, argv, server_options()), vm);
  EXPECT_NE(usage_error([&] {
              load_server_config(vm);
            }).find("/nonexistent/srv.conf"),
            std::string::npos);
}

// A host name is resolved as the configuration is read, and refused there
// if it does not resolve; LIO and the service see numeric addresses only.
TEST(Config, HostNamesResolvedOnce) {
  const ServerConfig config =
      parse_server_config("server=a\nstorage=/s\nportal=localhost\n");
  EXPECT_TRUE(config.portal.numeric()) << config.portal.text();
  EXPECT_TRUE(config.listen.numeric()) << config.listen.text();
  EXPECT_EQ(config.listen.port, 3263);
  EXPECT_NE(usage_error([] {
              parse_server_config(
                  "server=a\nstorage=/s\nportal=node1.invalid\n");
            }).find("portal: \"node1.invalid\": host name \"node1.invalid\" "
                    "does not resolve"),
            std::string::npos);
}

TEST(Arguments, FsId) {
  EXPECT_EQ(parse_fs_id("7"), 7);
  EXPECT_EQ(parse_fs_id("0x7fffffff"), 2147483647);
  EXPECT_EQ(parse_fs_id("-1"), -1);
  EXPECT_EQ(parse_fs_id("-2147483648"), -2147483647 - 1);
  EXPECT_THROW(parse_fs_id("2147483648"), UsageError);
  EXPECT_THROW(parse_fs_id("-2147483649"), UsageError);
  EXPECT_THROW(parse_fs_id("--1"), UsageError);
  EXPECT_THROW(parse_fs_id("7x"), UsageError);
  EXPECT_THROW(parse_fs_id(""), UsageError);
}

TEST(Arguments, Handles) {
  EXPECT_EQ(parse_handles({"1", "0x40", "18446744073709551615"}),
            (std::vector<Handle>{1, 64, 18446744073709551615ull}));
  EXPECT_THROW(parse_handles({}), UsageError);
  EXPECT_THROW(parse_handles({"0"}), UsageError);
  EXPECT_THROW(parse_handles({"5", "5"}), UsageError);
  EXPECT_THROW(parse_handles({"18446744073709551616"}), UsageError);
  EXPECT_THROW(parse_handles({"-1"}), UsageError);
}

TEST(Arguments, Sizes) {
  EXPECT_EQ(parse_lun_size("1M"), 1048576u);
  EXPECT_EQ(parse_lun_size("512"), 512u);
  EXPECT_EQ(parse_lun_size("1024T"), 1ull << 50);
  EXPECT_THROW(parse_lun_size("0"), UsageError);
  EXPECT_THROW(parse_lun_size("1000"), UsageError);
  EXPECT_THROW(parse_lun_size("1025T"), UsageError);
  EXPECT_EQ(parse_bstream_size("0"), 0u);
  EXPECT_EQ(parse_bstream_size("1000"), 1000u);
  EXPECT_THROW(parse_bstream_size("1025T"), UsageError);
}

}  // namespace
