// The attach configuration: its syntax, and the refusal of a file that
// others may read when it holds a secret.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "attach/attach_config.h"
#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

namespace fs = std::filesystem;

std::string refusal_of_text(const std::string& text) {
  try {
    parse_attach_config(text, "attach.conf");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// A scratch directory with one config file in it.
class AttachConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "pvfsf-config-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(pattern.data()));
    dir_ = pattern;
    path_ = (dir_ / "attach.conf").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& text, mode_t mode) {
    std::ofstream(path_) << text;
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
  }
  std::string refusal() {
    try {
      load_attach_config(path_, true);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
  std::string path_;
};

const char kSecretConfig[] =
    "# pvfsf attach\n"
    "replacement_timeout = 10\n"
    "chap_username = initiator\n"
    "chap_password = s3cret # not a comment\n";

TEST(AttachConfigParse, Defaults) {
  const AttachConfig c = parse_attach_config("", "x");
  EXPECT_EQ(c.node.replacement_timeout, 15u);
  EXPECT_EQ(c.node.login_timeout, 15u);
  EXPECT_EQ(c.node.login_retry_max, 2u);
  EXPECT_FALSE(c.node.chap);
}

TEST(AttachConfigParse, Settings) {
  const AttachConfig c = parse_attach_config(
      "  # comment\n\nreplacement_timeout=5\n  login_timeout =  30  \r\nlogin_retry_max = 1\n"
      "chap_username = u ser\nchap_password =  p#w = x  \n",
      "x");
  EXPECT_EQ(c.node.replacement_timeout, 5u);
  EXPECT_EQ(c.node.login_timeout, 30u);
  EXPECT_EQ(c.node.login_retry_max, 1u);
  ASSERT_TRUE(c.node.chap);
  EXPECT_EQ(c.node.chap->username, "u ser");
  EXPECT_EQ(c.node.chap->password, "p#w = x");
  EXPECT_FALSE(c.node.target_chap);
}

TEST(AttachConfigParse, MutualChap) {
  const AttachConfig c = parse_attach_config(
      "chap_username = client\nchap_password = c-secret\n"
      "chap_username_in = target\nchap_password_in = t-secret\n",
      "x");
  ASSERT_TRUE(c.node.chap);
  ASSERT_TRUE(c.node.target_chap);
  EXPECT_EQ(c.node.target_chap->username, "target");
  EXPECT_EQ(c.node.target_chap->password, "t-secret");
}

TEST(AttachConfigParse, Refusals) {
  EXPECT_EQ(refusal_of_text("replacement_timeout 5\n"), "attach.conf:1: expected 'key = value'");
  EXPECT_EQ(refusal_of_text("\n= 5\n"), "attach.conf:2: no key before '='");
  EXPECT_EQ(refusal_of_text("login_timeout =\n"), "attach.conf:1: login_timeout has no value");
  EXPECT_EQ(refusal_of_text("replacment_timeout = 5\n"),
            "attach.conf:1: unknown setting 'replacment_timeout'");
  EXPECT_EQ(refusal_of_text("login_timeout = 5\n#\nlogin_timeout = 6\n"),
            "attach.conf:3: login_timeout is set again (first on line 1)");
  EXPECT_EQ(refusal_of_text("login_timeout = 0\n"), "attach.conf:1: login_timeout 0 is not 1-3600");
  EXPECT_EQ(refusal_of_text("replacement_timeout = -1\n"),
            "attach.conf:1: replacement_timeout '-1': negative numbers are not allowed");
  EXPECT_EQ(refusal_of_text("replacement_timeout = 10s\n").rfind("attach.conf:1: replacement_timeout '10s'", 0),
            0u);
  EXPECT_EQ(refusal_of_text("chap_username = u\n"), "attach.conf: chap_username without chap_password");
  EXPECT_EQ(refusal_of_text("chap_password = p\n"), "attach.conf: chap_password without chap_username");
  EXPECT_EQ(refusal_of_text("chap_username = u\nchap_password = p\nchap_username_in = t\n"),
            "attach.conf: chap_username_in without chap_password_in");
  EXPECT_EQ(refusal_of_text("chap_username = u\nchap_password = p\nchap_password_in = t\n"),
            "attach.conf: chap_password_in without chap_username_in");
  EXPECT_EQ(refusal_of_text("chap_username_in = t\nchap_password_in = s\n"),
            "attach.conf: chap_username_in needs chap_username: mutual CHAP is CHAP both ways");
}

TEST(AttachConfigParse, ClusterKey) {
  EXPECT_EQ(parse_attach_config("", "x").cluster_key, "/etc/pvfsf/cluster.key");
  EXPECT_EQ(parse_attach_config("cluster_key = /srv/pvfs/my key.pem \n", "x")
                .cluster_key,
            "/srv/pvfs/my key.pem");
  EXPECT_EQ(refusal_of_text("# key\ncluster_key = etc/pvfsf/cluster.key\n"),
            "attach.conf:2: cluster_key must be an absolute path");
  EXPECT_EQ(refusal_of_text("cluster_key = ./cluster.key\n"),
            "attach.conf:1: cluster_key must be an absolute path");
  EXPECT_EQ(refusal_of_text("cluster_key = ~/cluster.key\n"),
            "attach.conf:1: cluster_key must be an absolute path");
  EXPECT_EQ(refusal_of_text("cluster_key =\n"),
            "attach.conf:1: cluster_key has no value");
  EXPECT_EQ(refusal_of_text("cluster_key = /a\ncluster_key = /b\n"),
            "attach.conf:2: cluster_key is set again (first on line 1)");
}

TEST_F(AttachConfigFile, ClusterKeyFromAFile) {
  // A path is no secret: others may read the file.
  write("cluster_key = /etc/pvfsf/site.key\n", 0644);
  EXPECT_EQ(load_attach_config(path_, true).cluster_key, "/etc/pvfsf/site.key");
  write("cluster_key = site.key\n", 0644);
  EXPECT_EQ(refusal(), path_ + ":1: cluster_key must be an absolute path");
  // Without a file, the default.
  fs::remove(path_);
  EXPECT_EQ(load_attach_config(path_, false).cluster_key, kDefaultClusterKey);
}

TEST_F(AttachConfigFile, SecretReadableByOthersIsRefused) {
  write(kSecretConfig, 0644);
  EXPECT_EQ(refusal(), path_ + ": holds a CHAP secret but its mode 0644 lets everyone read it: chmod 600 it");
  write(kSecretConfig, 0640);
  EXPECT_EQ(refusal(), path_ + ": holds a CHAP secret but its mode 0640 lets its group read it: chmod 600 it");
  write(kSecretConfig, 0604);
  EXPECT_EQ(refusal(), path_ + ": holds a CHAP secret but its mode 0604 lets everyone read it: chmod 600 it");
}

TEST_F(AttachConfigFile, SecretReadableByOwnerOnlyIsRead) {
  for (mode_t mode : {0600, 0400}) {
    write(kSecretConfig, mode);
    const AttachConfig c = load_attach_config(path_, true);
    ASSERT_TRUE(c.node.chap);
    EXPECT_EQ(c.node.chap->password, "s3cret # not a comment");
    EXPECT_EQ(c.node.replacement_timeout, 10u);
    EXPECT_EQ(c.source, path_);
  }
}

TEST_F(AttachConfigFile, NoSecretMayBeReadByAll) {
  write("replacement_timeout = 9\n", 0644);
  EXPECT_EQ(load_attach_config(path_, true).node.replacement_timeout, 9u);
}

TEST_F(AttachConfigFile, WritableByOthersIsRefused) {
  write("replacement_timeout = 9\n", 0664);
  EXPECT_EQ(refusal(), path_ + ": mode 0664 lets others than its owner write it: chmod go-w it");
  write("replacement_timeout = 9\n", 0602);
  EXPECT_EQ(refusal(), path_ + ": mode 0602 lets others than its owner write it: chmod go-w it");
}

TEST_F(AttachConfigFile, MissingFile) {
  // The default path may be absent: defaults.
  const AttachConfig c = load_attach_config(path_, false);
  EXPECT_EQ(c.source, "");
  EXPECT_EQ(c.node.replacement_timeout, 15u);
  // A path the user named must exist.
  try {
    load_attach_config(path_, true);
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOENT);
  }
}

TEST_F(AttachConfigFile, NotARegularFile) {
  try {
    load_attach_config(dir_.string(), true);
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), dir_.string() + ": not a regular file");
  }
}

TEST(AttachConfigPermissions, OwnerMustBeRootOrUs) {
  const auto refusal = [](mode_t mode, uid_t owner, uid_t euid, bool secret) -> std::string {
    try {
      check_config_permissions("/etc/pvfsf/attach.conf", mode, owner, euid, secret);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(refusal(S_IFREG | 0600, 0, 0, true), "");
  EXPECT_EQ(refusal(S_IFREG | 0600, 1000, 1000, true), "");
  EXPECT_EQ(refusal(S_IFREG | 0600, 1000, 0, true),
            "/etc/pvfsf/attach.conf: owned by uid 1000, not by root: refusing to trust it");
  EXPECT_EQ(refusal(S_IFREG | 0644, 0, 0, false), "");
  EXPECT_EQ(refusal(S_IFREG | 0620, 0, 0, false),
            "/etc/pvfsf/attach.conf: mode 0620 lets others than its owner write it: chmod go-w it");
  EXPECT_EQ(refusal(S_IFDIR | 0700, 0, 0, false), "/etc/pvfsf/attach.conf: not a regular file");
}

}  // namespace
}  // namespace pvfsf::attach
