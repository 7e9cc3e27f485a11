// The MEMBER argument of pvfsf-ctl create: PATH[:DATAFILE_HANDLE[:START]].
#include "control/member_spec.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/error.h"

namespace {

using pvfsf::MemberArg;
using pvfsf::parse_member_arg;
using pvfsf::UsageError;

void expect_member(const MemberArg& got, const std::string& path,
                   std::optional<uint64_t> handle,
                   std::optional<uint64_t> start) {
  EXPECT_EQ(got.path, path);
  EXPECT_EQ(got.datafile_handle, handle);
  EXPECT_EQ(got.start_sector, start);
}

TEST(MemberSpec, PathAlone) {
  expect_member(parse_member_arg("/dev/sdb"), "/dev/sdb", std::nullopt,
                std::nullopt);
}

TEST(MemberSpec, HandleAndStart) {
  expect_member(parse_member_arg("/dev/sdb:42"), "/dev/sdb", 42, std::nullopt);
  expect_member(parse_member_arg("/dev/sdb:0x2a:2048"), "/dev/sdb", 42, 2048);
  expect_member(parse_member_arg("/dev/sdb:18446744073709551615:0"), "/dev/sdb",
                UINT64_MAX, 0);
}

TEST(MemberSpec, EmptyFieldsKeepDefaults) {
  expect_member(parse_member_arg("/dev/sdb::2048"), "/dev/sdb", std::nullopt,
                2048);
  expect_member(parse_member_arg("/dev/sdb:"), "/dev/sdb", std::nullopt,
                std::nullopt);
  // "PATH::" keeps a path whose last part looks like a number whole.
  expect_member(parse_member_arg("/dev/odd:5::"), "/dev/odd:5", std::nullopt,
                std::nullopt);
}

// iSCSI by-path names hold colons that are part of the path.
TEST(MemberSpec, ColonsInPath) {
  const std::string lun =
      "/dev/disk/by-path/"
      "ip-127.0.0.1:3260-iscsi-iqn.2024-01.org.pvfsf:t0-lun-1";
  expect_member(parse_member_arg(lun), lun, std::nullopt, std::nullopt);
  expect_member(parse_member_arg(lun + ":7:8"), lun, 7, 8);
  expect_member(parse_member_arg("/dev/disk/by-path/pci-0000:00:1f.2-ata-1"),
                "/dev/disk/by-path/pci-0000:00:1f.2-ata-1", std::nullopt,
                std::nullopt);
}

TEST(MemberSpec, AtMostTwoFields) {
  expect_member(parse_member_arg("/dev/x:1:2:3"), "/dev/x:1", 2, 3);
}

TEST(MemberSpec, RefusesBadNumbers) {
  for (const char* arg :
       {"/dev/sdb:-1", "/dev/sdb:12abc", "/dev/sdb:1:-5", "/dev/sdb:0x:0",
        "/dev/sdb:99999999999999999999", "/dev/sdb:1:0x10000000000000000"})
    EXPECT_THROW(parse_member_arg(arg), UsageError) << arg;
  try {
    parse_member_arg("/dev/sdb:-1");
    FAIL() << "accepted a negative handle";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "member '/dev/sdb:-1': datafile handle '-1': negative numbers "
                 "are not allowed (if that colon is part of the path, end it "
                 "with '::')");
  }
}

TEST(MemberSpec, RefusesEmptyPath) {
  EXPECT_THROW(parse_member_arg(""), UsageError);
  EXPECT_THROW(parse_member_arg(":1:2"), UsageError);
}

// Refused before any ioctl, saying which member and why.
TEST(MemberResolveRefusal, NonBlockPaths) {
  try {
    pvfsf::resolve_member({"/dev/null", std::nullopt, std::nullopt}, 2);
    FAIL() << "accepted a character device";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOTBLK);
    EXPECT_EQ(std::string(e.what()).rfind("member 2: /dev/null: ", 0), 0u)
        << e.what();
  }
  try {
    pvfsf::resolve_member(
        {"/nonexistent/pvfsf-member", std::nullopt, std::nullopt}, 0);
    FAIL() << "accepted a missing path";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOENT);
  }
}

// "unbound" names no disk: the slot is 0:0 with its datafile handle, and
// nothing is looked up on the file system.
TEST(MemberResolveUnbound, NoDiskLookedUp) {
  const pvfsf::MemberArg arg = parse_member_arg("unbound:1001");
  const pvfsf::Member m = pvfsf::resolve_member(arg, 2);
  EXPECT_TRUE(m.unbound());
  EXPECT_EQ(m.dev_major, 0u);
  EXPECT_EQ(m.dev_minor, 0u);
  EXPECT_EQ(m.datafile_handle, 1001u);
  EXPECT_EQ(pvfsf::resolve_member(parse_member_arg("unbound"), 2)
                .datafile_handle,
            2u);
  EXPECT_THROW(pvfsf::resolve_member(parse_member_arg("./unbound"), 0),
               std::system_error);
}

// A block node made in a scratch directory: resolve_member() reads only its
// device number, the device need not exist.
class MemberResolve : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/pvfsf-unit-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    node_ = dir_ + "/blk";
    if (::mknod(node_.c_str(), S_IFBLK | 0600, makedev(7, 42)) < 0)
      GTEST_SKIP() << "cannot mknod here: " << strerror(errno);
  }
  void TearDown() override {
    ::unlink(node_.c_str());
    ::rmdir(dir_.c_str());
  }
  std::string dir_, node_;
};

TEST_F(MemberResolve, DefaultsFromPosition) {
  const pvfsf::Member m =
      pvfsf::resolve_member({node_, std::nullopt, std::nullopt}, 3);
  EXPECT_EQ(m.datafile_handle, 3u);
  EXPECT_EQ(m.start_sector, 0u);
  EXPECT_EQ(m.dev_major, 7u);
  EXPECT_EQ(m.dev_minor, 42u);
  EXPECT_EQ(m.path, node_);
}

TEST_F(MemberResolve, KeepsGivenFields) {
  const pvfsf::Member m = pvfsf::resolve_member({node_, 9, 2048}, 3);
  EXPECT_EQ(m.datafile_handle, 9u);
  EXPECT_EQ(m.start_sector, 2048u);
}

}  // namespace
