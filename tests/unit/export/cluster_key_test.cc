// The cluster key: its file is refused unless private, and it derives the
// TLS PSK and its identity as a client in another language would.
#include "protocol/cluster_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/error.h"
#include "fake_configfs.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::UsageError;
using pvfsf::lun_export::testing::TempDir;

const std::string kKey = std::string(64, 'a');

std::filesystem::path write_key(const TempDir& dir, const std::string& text,
                                mode_t mode) {
  const auto path = dir.path() / "cluster.key";
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
  return path;
}

std::string load_error(const std::filesystem::path& path) {
  try {
    ClusterKey::load(path);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ClusterKey, LoadsAPrivateFile) {
  TempDir dir;
  const ClusterKey key = ClusterKey::load(write_key(dir, kKey + "\n", 0600));
  // The trailing newline is not part of the key.
  EXPECT_EQ(key.psk(), ClusterKey(kKey).psk());
  EXPECT_EQ(ClusterKey::load(write_key(dir, kKey, 0400)).psk_identity(),
            key.psk_identity());
}

TEST(ClusterKey, RefusesAFileOthersCanReadNamingTheMode) {
  TempDir dir;
  EXPECT_NE(load_error(write_key(dir, kKey, 0644)).find("mode 0644"),
            std::string::npos);
  EXPECT_NE(load_error(write_key(dir, kKey, 0640)).find("mode 0640"),
            std::string::npos);
  EXPECT_NE(load_error(write_key(dir, kKey, 0604)).find("mode 0604"),
            std::string::npos);
  EXPECT_NE(load_error(write_key(dir, kKey, 0620)).find("mode 0620"),
            std::string::npos);
}

TEST(ClusterKey, RefusesMissingShortOrOddFiles) {
  TempDir dir;
  EXPECT_NE(load_error(dir.path() / "none").find("cannot open"),
            std::string::npos);
  EXPECT_NE(load_error("").find("no key file"), std::string::npos);
  EXPECT_NE(load_error(write_key(dir, std::string(31, 'k') + "\n", 0600))
                .find("at least 32"),
            std::string::npos);
  EXPECT_NE(load_error(dir.path()).find("not a regular file"),
            std::string::npos);
  EXPECT_NE(
      load_error(write_key(dir, std::string(5000, 'k'), 0600)).find("larger"),
      std::string::npos);
}

TEST(ClusterKey, PskAndIdentityByHkdfSha256) {
  // HKDF-SHA256 (RFC 5869, no salt) of key = 32 x 'k', as a few lines of
  // Python's hmac compute it: what a client in another language must match.
  const ClusterKey key(std::string(32, 'k'));
  std::string hex;
  for (uint8_t b : key.psk()) {
    static constexpr char d[] = "0123456789abcdef";
    hex += d[b >> 4];
    hex += d[b & 15];
  }
  EXPECT_EQ(hex,
            "81dcf680051d4c7f80fe9b5c5faf78638eb848b639d33207483147c1292ab057");
  EXPECT_EQ(key.psk_identity(), "pvfsf-psk-v1:98c41ff19c8f90e1");
}

TEST(ClusterKey, OtherKeysGiveOtherPsksAndIdentities) {
  const ClusterKey a(std::string(32, 'a')), b(std::string(32, 'b'));
  EXPECT_NE(a.psk(), b.psk());
  EXPECT_NE(a.psk_identity(), b.psk_identity());
  // Trailing whitespace is no part of the key.
  EXPECT_EQ(a.psk(), ClusterKey(std::string(32, 'a') + " \n").psk());
}

TEST(ClusterKey, KeygenWritesAPrivateKeyOnce) {
  TempDir dir;
  const auto path = dir.path() / "new.key";
  const mode_t old = ::umask(0);
  write_new_key(path);
  ::umask(old);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_size, 65);
  ClusterKey::load(path);
  EXPECT_THROW(write_new_key(path), std::system_error);
  EXPECT_NE(random_hex(16), random_hex(16));
  EXPECT_EQ(random_hex(16).size(), 32u);
}

}  // namespace
