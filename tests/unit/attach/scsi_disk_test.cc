// SCSI disk identification from sysfs, on the tree a 6.1 guest showed for
// three LUNs of two LIO targets (fixtures/lio-6.1-two-sessions.tree,
// written by tests/vm/tests/300-attach-disks.sh; fixtures/lio-6.1-capture.txt
// is the same guest's ls -l / readlink -f / udevadm info, for people).
#include <gtest/gtest.h>
#include <sys/sysmacros.h>

#include <string>
#include <system_error>

#include "attach/scsi_disk.h"
#include "attach/session_pool.h"
#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

using test::FakeSysfs;
using test::fixture;

const std::string kSda = "devices/platform/host0/session1/target0:0:0/0:0:0:0";

class AttachGuestTree : public ::testing::Test {
 protected:
  void SetUp() override { tree_.apply_file(fixture("lio-6.1-two-sessions.tree")); }
  Sysfs sysfs() const { return Sysfs(tree_.root()); }
  FakeSysfs tree_;
};

TEST_F(AttachGuestTree, FirstDiskOfFirstSession) {
  const ScsiDisk d = read_scsi_disk(sysfs(), "sda");
  EXPECT_EQ(d.name, "sda");
  EXPECT_EQ(d.devpath, "/" + kSda + "/block/sda");
  EXPECT_EQ(major(d.devnum), 8u);
  EXPECT_EQ(minor(d.devnum), 0u);
  EXPECT_EQ(d.size_bytes, 1048576u);
  EXPECT_EQ(d.logical_block_size, 512u);
  EXPECT_TRUE(d.is_scsi);
  EXPECT_EQ(d.hctl, (ScsiHctl{0, 0, 0, 0}));
  ASSERT_TRUE(d.serial) << d.serial_error;
  EXPECT_EQ(*d.serial, "00000007000000000010000a");
  EXPECT_EQ(d.session, 1u);
}

TEST_F(AttachGuestTree, EveryDisk) {
  struct Want {
    const char* name;
    const char* serial;
    uint32_t session;
    ScsiHctl hctl;
    uint64_t bytes;
    unsigned minor;
  };
  for (const Want& w : {Want{"sda", "00000007000000000010000a", 1, {0, 0, 0, 0}, 1048576, 0},
                        Want{"sdb", "000000070000000000100011", 1, {0, 0, 0, 1}, 4194304, 16},
                        Want{"sdc", "0000000700000000001000ff", 2, {1, 0, 0, 0}, 2097152, 32}}) {
    SCOPED_TRACE(w.name);
    const ScsiDisk d = read_scsi_disk(sysfs(), w.name);
    EXPECT_EQ(d.serial.value_or("(" + d.serial_error + ")"), w.serial);
    EXPECT_EQ(d.session, w.session);
    EXPECT_EQ(d.hctl, w.hctl);
    EXPECT_EQ(d.hctl.str(), std::to_string(w.hctl.host) + ":0:0:" + std::to_string(w.hctl.lun));
    EXPECT_EQ(d.size_bytes, w.bytes);
    EXPECT_EQ(minor(d.devnum), w.minor);
  }
}

TEST_F(AttachGuestTree, DisksOfASession) {
  EXPECT_EQ(iscsi_session_disks(sysfs(), 1), (std::vector<std::string>{"sda", "sdb"}));
  EXPECT_EQ(iscsi_session_disks(sysfs(), 2), (std::vector<std::string>{"sdc"}));
  EXPECT_TRUE(iscsi_session_disks(sysfs(), 3).empty());
}

TEST_F(AttachGuestTree, SessionState) {
  EXPECT_EQ(iscsi_session_state(sysfs(), 1), "LOGGED_IN");
  EXPECT_EQ(iscsi_session_state(sysfs(), 2), "LOGGED_IN");
  EXPECT_EQ(iscsi_session_state(sysfs(), 3), std::nullopt);
  tree_.file("devices/platform/host1/session2/iscsi_session/session2/state", "FAILED\n");
  EXPECT_EQ(iscsi_session_state(sysfs(), 2), "FAILED");
}

TEST_F(AttachGuestTree, HeldDisks) {
  EXPECT_TRUE(held_session_disks(sysfs(), 1).empty());
  tree_.dir(kSda + "/block/sda/holders/pvfsf0");
  EXPECT_EQ(held_session_disks(sysfs(), 1), (std::vector<std::string>{"sda (held by pvfsf0)"}));
  EXPECT_TRUE(held_session_disks(sysfs(), 2).empty());
}

TEST_F(AttachGuestTree, NoVpdPage) {
  tree_.remove(kSda + "/vpd_pg80");
  const ScsiDisk d = read_scsi_disk(sysfs(), "sda");
  EXPECT_TRUE(d.is_scsi);
  EXPECT_FALSE(d.serial);
  EXPECT_EQ(d.serial_error, "no device/vpd_pg80");
  EXPECT_EQ(d.session, 1u);  // the rest still reads
}

TEST_F(AttachGuestTree, BadVpdPage) {
  tree_.file(kSda + "/vpd_pg80", test::unhex("0083000461626364"));
  const ScsiDisk d = read_scsi_disk(sysfs(), "sda");
  EXPECT_FALSE(d.serial);
  EXPECT_EQ(d.serial_error, "VPD page 0x80: the page code is 0x83");
}

TEST_F(AttachGuestTree, LoopDeviceIsNoScsiDisk) {
  tree_.link("block/loop0", "../devices/virtual/block/loop0");
  tree_.file("devices/virtual/block/loop0/dev", "7:0\n");
  tree_.file("devices/virtual/block/loop0/size", "8\n");
  tree_.file("devices/virtual/block/loop0/queue/logical_block_size", "4096\n");
  const ScsiDisk d = read_scsi_disk(sysfs(), "loop0");
  EXPECT_FALSE(d.is_scsi);
  EXPECT_FALSE(d.serial);
  EXPECT_EQ(d.serial_error, "not a SCSI disk");
  EXPECT_FALSE(d.session);
  EXPECT_EQ(d.size_bytes, 4096u);
  EXPECT_EQ(d.logical_block_size, 4096u);
}

TEST_F(AttachGuestTree, OnlyTheScsiSubsystemCounts) {
  // A device named like H:C:T:L in another subsystem is no SCSI device.
  tree_.link("block/vdb", "../devices/platform/bus9/0:0:0:7/block/vdb");
  tree_.file("devices/platform/bus9/0:0:0:7/block/vdb/dev", "254:16\n");
  tree_.file("devices/platform/bus9/0:0:0:7/block/vdb/size", "8\n");
  tree_.file("devices/platform/bus9/0:0:0:7/block/vdb/queue/logical_block_size", "512\n");
  tree_.link("devices/platform/bus9/0:0:0:7/block/vdb/device", "../../../0:0:0:7");
  tree_.link("devices/platform/bus9/0:0:0:7/subsystem", "../../../bus/virtio");
  tree_.file("devices/platform/bus9/0:0:0:7/vpd_pg80", test::unhex("0080000461626364"));
  const ScsiDisk d = read_scsi_disk(sysfs(), "vdb");
  EXPECT_FALSE(d.is_scsi);
  EXPECT_FALSE(d.serial);
  // And the real disks say "scsi".
  EXPECT_TRUE(read_scsi_disk(sysfs(), "sdc").is_scsi);
}

TEST_F(AttachGuestTree, MissingOrMalformedDisk) {
  try {
    read_scsi_disk(sysfs(), "sdz");
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
  }
  EXPECT_THROW(read_scsi_disk(sysfs(), "../sda"), std::invalid_argument);
  EXPECT_THROW(read_scsi_disk(sysfs(), ""), std::invalid_argument);
  tree_.file(kSda + "/block/sda/dev", "8\n");
  try {
    read_scsi_disk(sysfs(), "sda");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/block/sda/dev: '8' is not MAJOR:MINOR"), std::string::npos)
        << e.what();
  }
}

TEST(AttachSessionOfPath, FromTheGuest) {
  EXPECT_EQ(iscsi_session_of_path("/devices/platform/host0/session1/target0:0:0/0:0:0:0/block/sda"), 1u);
  EXPECT_EQ(iscsi_session_of_path("/sys/devices/platform/host1/session2/target1:0:0/1:0:0:0/block/sdc"), 2u);
  EXPECT_EQ(iscsi_session_of_path("devices/platform/host17/session4242/target17:0:3/17:0:3:9/block/sdaa/"),
            4242u);
  // Only the session's part matters: a SCSI device or a target path has it.
  EXPECT_EQ(iscsi_session_of_path("/devices/platform/host0/session1/target0:0:0"), 1u);
}

TEST(AttachSessionOfPath, OtherDisksHaveNone) {
  for (const char* path : {
           "/devices/pci0000:00/0000:00:04.0/virtio1/block/vda",
           "/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda",
           "/devices/virtual/block/loop0",
           "/devices/platform/host0/session1",                       // no target
           "/devices/platform/host3/session7/target4:0:0/4:0:0:0",   // hosts differ
           "/devices/platform/host0/session/target0:0:0/0:0:0:0",    // no number
           "/devices/platform/host0/session1a/target0:0:0/0:0:0:0",
           "/devices/platform/host0/session-1/target0:0:0/0:0:0:0",
           "/devices/platform/host0/session+1/target0:0:0/0:0:0:0",
           "/devices/platform/host0/session99999999999/target0:0:0/0:0:0:0",  // > 2^32
           "/devices/platform/host0/session1/target0:0/0:0:0:0",
           "/devices/platform/host0/session1/target0:0:0:0/0:0:0:0",
           "/devices/platform/hostA/session1/target0:0:0/0:0:0:0",
           "/devices/platform/host0/xsession1/target0:0:0/0:0:0:0",
           "/devices/platform/host0/iscsi_session/session1",
           "",
       })
    EXPECT_EQ(iscsi_session_of_path(path), std::nullopt) << path;
}

TEST(AttachHctl, Parses) {
  EXPECT_EQ(parse_hctl("0:0:0:0"), (ScsiHctl{0, 0, 0, 0}));
  EXPECT_EQ(parse_hctl("12:3:4:18446744073709551615"), (ScsiHctl{12, 3, 4, UINT64_MAX}));
  for (const char* bad : {"", "0:0:0", "0:0:0:0:0", "0:0:0:", ":0:0:0", "a:0:0:0", "0:0:0:-1",
                          "0:0:0:+1", "0:0:0:1 ", "4294967296:0:0:0", "target0:0:0"})
    EXPECT_EQ(parse_hctl(bad), std::nullopt) << bad;
}

TEST(AttachSysfs, DevpathBelowTheRoot) {
  const Sysfs sysfs("/tmp/x/sys");
  EXPECT_EQ(sysfs.devpath("/tmp/x/sys/devices/platform/host0"), "/devices/platform/host0");
  EXPECT_EQ(sysfs.path("/block/sda"), "/tmp/x/sys/block/sda");
  EXPECT_THROW(sysfs.devpath("/tmp/x/system/devices"), std::invalid_argument);
  EXPECT_THROW(sysfs.devpath("/sys/devices"), std::invalid_argument);
  EXPECT_THROW(sysfs.devpath("/tmp/y/sys/devices"), std::invalid_argument);
  EXPECT_EQ(Sysfs().devpath("/sys/devices/virtual/block/loop0"), "/devices/virtual/block/loop0");
}

}  // namespace
}  // namespace pvfsf::attach
