// Whether a disk is the datafile it should be, on the disks of the 6.1
// guest (fixtures/lio-6.1-two-sessions.tree): sda and sdb are LUNs 0 and 1
// of session 1 (server1), sdc is LUN 0 of session 2 (server2); their unit
// serials name handles 0x10000a, 0x100011 and 0x1000ff of fs 7.  Each
// refusal names the disk and what is wrong with it.
#include "attach/member_check.h"

#include <gtest/gtest.h>

#include <string>

#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

using test::FakeSysfs;
using test::fixture;

constexpr uint64_t kSdaHandle = 0x10000a;  // 1048586
constexpr uint64_t kSdbHandle = 0x100011;  // 1048593

// What the attach expects of the datafile that sda holds.
MemberExpectation sda_member() {
  return {"server1", kSdaHandle, "00000007000000000010000a", 1, 0, 1048576};
}

class AttachMemberCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.apply_file(fixture("lio-6.1-two-sessions.tree"));
  }
  ScsiDisk disk(const std::string& name) const {
    return read_scsi_disk(Sysfs(tree_.root()), name);
  }
  FakeSysfs tree_;
};

TEST_F(AttachMemberCheck, PlacementRight) {
  EXPECT_EQ(placement_problem(sda_member(), disk("sda")), "");
  MemberExpectation sdc = {"server2", 0x1000ff, "0000000700000000001000ff",
                           2,         0,        2097152};
  EXPECT_EQ(placement_problem(sdc, disk("sdc")), "");
}

TEST_F(AttachMemberCheck, PlacementOtherSession) {
  MemberExpectation want = sda_member();
  want.sid = 2;
  EXPECT_EQ(placement_problem(want, disk("sda")),
            "sda came through session 1, not through session 2 of server1");
}

TEST_F(AttachMemberCheck, PlacementOtherLun) {
  MemberExpectation want = sda_member();
  want.lun = 1;
  EXPECT_EQ(placement_problem(want, disk("sda")),
            "sda is LUN 0, but server1 exported handle 1048586 as LUN 1");
}

TEST_F(AttachMemberCheck, PlacementNotIscsi) {
  // A disk with the serial but no session (another transport).
  ScsiDisk d = disk("sda");
  d.name = "vdb";
  d.session.reset();
  EXPECT_EQ(placement_problem(sda_member(), d), "vdb is not an iSCSI disk");
}

TEST_F(AttachMemberCheck, StaleDiskSameSerial) {
  EXPECT_EQ(stale_disk_problem(sda_member(), disk("sda")), "");
  // Padded as tgt pads: the same serial.
  ScsiDisk d = disk("sda");
  d.serial = "  00000007000000000010000a  ";
  EXPECT_EQ(stale_disk_problem(sda_member(), d), "");
}

TEST_F(AttachMemberCheck, StaleDiskOfAnotherDatafile) {
  // server1 now gives sda's datafile LUN 1, where sdb (handle 0x100011)
  // still sits.
  MemberExpectation want = sda_member();
  want.lun = 1;
  const std::string problem = stale_disk_problem(want, disk("sdb"));
  EXPECT_EQ(problem,
            "server1 (handle 1048586): LUN 1 of session 1 is sdb, whose unit "
            "serial 000000070000000000100011 names handle 1048593 of fs 7: a "
            "stale disk of a LUN the server has since unexported; delete it "
            "(echo 1 > /sys/block/sdb/device/delete) and retry");
  EXPECT_NE(problem.find("handle " + std::to_string(kSdbHandle)),
            std::string::npos);
}

TEST_F(AttachMemberCheck, StaleDiskWithoutAUnitSerial) {
  ScsiDisk d = disk("sdb");
  d.serial = "LIO-ORG-disk1";
  EXPECT_EQ(stale_disk_problem(sda_member(), d),
            "server1 (handle 1048586): LUN 0 of session 1 is sdb, whose unit "
            "serial LIO-ORG-disk1 names no datafile: a stale disk of a LUN the "
            "server has since unexported; delete it (echo 1 > "
            "/sys/block/sdb/device/delete) and retry");
  // Upper case hex is not how the servers write a unit serial.
  d.serial = "00000007000000000010000A";
  EXPECT_NE(stale_disk_problem(sda_member(), d).find("names no datafile"),
            std::string::npos);
}

ProbeResult probe(uint64_t size, uint32_t block) {
  ProbeResult r;
  r.size_bytes = size;
  r.logical_sector_size = block;
  return r;
}

TEST(AttachMemberContent, Fit) {
  EXPECT_EQ(
      content_problem(sda_member(), "sda", probe(1048576, 512), 65536, false),
      "");
  // Larger than the LUN size, 4K blocks: fit too.
  EXPECT_EQ(
      content_problem(sda_member(), "sda", probe(2097152, 4096), 65536, false),
      "");
}

TEST(AttachMemberContent, TooSmall) {
  EXPECT_EQ(
      content_problem(sda_member(), "sda", probe(1048064, 512), 65536, false),
      "server1 (handle 1048586): sda holds 1048064 bytes, the file "
      "needs 1048576 (the LUN size it was exported with)");
  // --force does not make a small disk big.
  EXPECT_NE(content_problem(sda_member(), "sda", probe(0, 512), 65536, true),
            "");
}

TEST(AttachMemberContent, BlockSizeMustDivideTheStrip) {
  EXPECT_EQ(
      content_problem(sda_member(), "sda", probe(1048576, 4096), 6144, false),
      "server1 (handle 1048586): sda has 4096-byte blocks, the strip "
      "of 6144 bytes is not a multiple of them");
  EXPECT_EQ(
      content_problem(sda_member(), "sda", probe(1048576, 0), 65536, true),
      "server1 (handle 1048586): sda has 0-byte blocks, the strip of 65536 "
      "bytes is not a multiple of them");
}

TEST(AttachMemberContent, SignatureUnlessForced) {
  ProbeResult r = probe(1048576, 512);
  r.signatures = {{"ext4", "filesystem", 1080},
                  {"dos", "partition table", 510}};
  EXPECT_EQ(content_problem(sda_member(), "sda", r, 65536, false),
            "server1 (handle 1048586): sda carries ext4 (filesystem) at "
            "offset 1080, dos (partition table) at offset 510: not a bare "
            "datafile (--force takes it all the same)");
  EXPECT_EQ(content_problem(sda_member(), "sda", r, 65536, true), "");
}

}  // namespace
}  // namespace pvfsf::attach
