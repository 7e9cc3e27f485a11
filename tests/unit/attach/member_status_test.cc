// What `status` shows of each member: the stat file of a disk as iostat
// reads it, and the disk, serial, session and counters found from the
// member's device number, on the 6.1 guest's tree
// (fixtures/lio-6.1-two-sessions.tree) with /sys/dev/block links and stat
// files added.
//
// The session's target, portal and state are not checked: the sessions
// come from libopeniscsiusr, which always reads the real /sys.
#include "attach/member_status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

using test::FakeSysfs;
using test::fixture;

// /sys/block/sdb/stat of a 6.1 kernel: 17 fields (reads, merges, sectors,
// ticks; writes...; in flight; io ticks; time in queue; discards...;
// flushes...).
const char kStat17[] =
    "     153        7     8336      112       21        3      168       18"
    "        2      132      130        0        0        0        0        0"
    "        0\n";
// Before 4.18 (no discard fields): 11.
const char kStat11[] =
    "      40        0     1024       10       18446744073709551615        0"
    "        8        1        0       11       11\n";

TEST(AttachBlockStat, SeventeenFields) {
  const auto io = parse_block_stat(kStat17);
  ASSERT_TRUE(io);
  EXPECT_EQ(io->read_ios, 153u);
  EXPECT_EQ(io->read_sectors, 8336u);
  EXPECT_EQ(io->write_ios, 21u);
  EXPECT_EQ(io->write_sectors, 168u);
  EXPECT_EQ(io->in_flight, 2u);
}

TEST(AttachBlockStat, ElevenFields) {
  const auto io = parse_block_stat(kStat11);
  ASSERT_TRUE(io);
  EXPECT_EQ(io->read_ios, 40u);
  EXPECT_EQ(io->read_sectors, 1024u);
  EXPECT_EQ(io->write_ios, UINT64_MAX);
  EXPECT_EQ(io->write_sectors, 8u);
  EXPECT_EQ(io->in_flight, 0u);
}

TEST(AttachBlockStat, ShortOrMalformed) {
  EXPECT_EQ(parse_block_stat(""), std::nullopt);
  EXPECT_EQ(parse_block_stat("\n"), std::nullopt);
  EXPECT_EQ(parse_block_stat("1 2 3 4 5 6 7 8"), std::nullopt);  // 8
  EXPECT_EQ(parse_block_stat("1 2 3 4 x 6 7 8 9 10 11"), std::nullopt);
  EXPECT_EQ(parse_block_stat("1 2 3 4 -5 6 7 8 9 10 11"), std::nullopt);
  EXPECT_EQ(parse_block_stat("1 2 3 4 5 6 7 8 9x 10 11"), std::nullopt);
  EXPECT_TRUE(parse_block_stat("1 2 3 4 5 6 7 8 9"));  // 9 is enough
}

const std::string kSdb = "devices/platform/host0/session1/target0:0:0/0:0:0:1";
const std::string kSdc = "devices/platform/host1/session2/target1:0:0/1:0:0:0";

class AttachMemberStatus : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.apply_file(fixture("lio-6.1-two-sessions.tree"));
    tree_.link("dev/block/8:16", "../../" + kSdb + "/block/sdb");
    tree_.link("dev/block/8:32", "../../" + kSdc + "/block/sdc");
    tree_.file(kSdb + "/block/sdb/stat", kStat17);
    tree_.file(kSdb + "/ioerr_cnt", "0x3\n");
    tree_.file(kSdc + "/block/sdc/stat", kStat11);
    tree_.file(kSdc + "/ioerr_cnt", "0x0\n");
    // Members in layout order: sdc, sdb, then one whose disk is gone.
    device_.index = 0;
    device_.fs_id = 7;
    device_.handle = 12;
    device_.members = {{0x1000ff, 0, 8, 32, ""},
                       {0x100011, 2048, 8, 16, ""},
                       {0x200000, 4096, 8, 48, ""}};
    record_.layout.fs_id = 7;
    record_.layout.handle = 12;
    record_.layout.datafiles = {
        {0x1000ff, "server2"}, {0x100011, "server1"}, {0x200000, "server3"}};
  }
  std::vector<MemberStatus> status(const FileRecord* record) const {
    return member_status(Sysfs(tree_.root()), device_, record);
  }
  FakeSysfs tree_;
  DeviceInfo device_;
  FileRecord record_;
};

TEST_F(AttachMemberStatus, DisksFoundByDeviceNumber) {
  const std::vector<MemberStatus> m = status(&record_);
  ASSERT_EQ(m.size(), 3u);

  EXPECT_EQ(m[0].datafile_handle, 0x1000ffu);
  EXPECT_EQ(m[0].devnum, "8:32");
  EXPECT_EQ(m[0].disk, "sdc");
  EXPECT_EQ(m[0].server, "server2");
  EXPECT_EQ(m[0].serial, "0000000700000000001000ff");
  EXPECT_EQ(m[0].sid, 2u);
  ASSERT_TRUE(m[0].io);
  EXPECT_EQ(m[0].io->read_ios, 40u);
  EXPECT_EQ(m[0].io->write_ios, UINT64_MAX);
  EXPECT_EQ(m[0].io_errors, 0u);

  EXPECT_EQ(m[1].datafile_handle, 0x100011u);
  EXPECT_EQ(m[1].devnum, "8:16");
  EXPECT_EQ(m[1].disk, "sdb");
  EXPECT_EQ(m[1].server, "server1");
  EXPECT_EQ(m[1].serial, "000000070000000000100011");
  EXPECT_EQ(m[1].sid, 1u);
  ASSERT_TRUE(m[1].io);
  EXPECT_EQ(m[1].io->read_ios, 153u);
  EXPECT_EQ(m[1].io->read_sectors, 8336u);
  EXPECT_EQ(m[1].io->write_ios, 21u);
  EXPECT_EQ(m[1].io->write_sectors, 168u);
  EXPECT_EQ(m[1].io->in_flight, 2u);
  EXPECT_EQ(m[1].io_errors, 3u);

  // No block device has 8:48: shown with its number alone.
  EXPECT_EQ(m[2].devnum, "8:48");
  EXPECT_EQ(m[2].disk, "");
  EXPECT_EQ(m[2].server, "server3");
  EXPECT_FALSE(m[2].serial);
  EXPECT_FALSE(m[2].sid);
  EXPECT_FALSE(m[2].io);
  EXPECT_FALSE(m[2].io_errors);
  EXPECT_EQ(m[2].target, "");
  EXPECT_EQ(m[2].session_state, "");
}

TEST_F(AttachMemberStatus, WithoutRecordNoServer) {
  // A device made with pvfsf-ctl: no record, the rest still shows.
  const std::vector<MemberStatus> m = status(nullptr);
  ASSERT_EQ(m.size(), 3u);
  for (const MemberStatus& s : m) EXPECT_EQ(s.server, "") << s.devnum;
  EXPECT_EQ(m[1].disk, "sdb");
  EXPECT_EQ(m[1].serial, "000000070000000000100011");
}

TEST_F(AttachMemberStatus, UnreadableCountersAreUnknown) {
  tree_.remove(kSdb + "/block/sdb/stat");
  tree_.file(kSdb + "/ioerr_cnt", "many\n");
  tree_.file(kSdc + "/block/sdc/stat", "1 2 3\n");
  const std::vector<MemberStatus> m = status(&record_);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[1].disk, "sdb");
  EXPECT_FALSE(m[1].io);
  EXPECT_FALSE(m[1].io_errors);
  EXPECT_EQ(m[0].disk, "sdc");
  EXPECT_FALSE(m[0].io);
  EXPECT_EQ(m[0].io_errors, 0u);
}

TEST_F(AttachMemberStatus, DiskGoingAway) {
  // The link resolves but the disk's SCSI side is half gone: no serial, no
  // session; the counters still read.
  tree_.remove(kSdb + "/vpd_pg80");
  tree_.remove(kSdb + "/block/sdb/dev");
  const std::vector<MemberStatus> m = status(&record_);
  EXPECT_EQ(m[1].disk, "sdb");
  EXPECT_FALSE(m[1].serial);
  EXPECT_FALSE(m[1].sid);
  ASSERT_TRUE(m[1].io);
  EXPECT_EQ(m[1].io->read_ios, 153u);
}

}  // namespace
}  // namespace pvfsf::attach
