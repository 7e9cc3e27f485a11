// The bookkeeping of wait_for_disks: which disk counts for which wanted
// serial, what a timeout says.
#include <gtest/gtest.h>

#include <string>

#include "attach/disk_wait.h"

namespace pvfsf::attach {
namespace {

using std::chrono::milliseconds;

ScsiDisk disk(const std::string& name, std::optional<std::string> serial, uint32_t session,
              uint64_t lun = 0) {
  ScsiDisk d;
  d.name = name;
  d.devpath = "/devices/platform/host" + std::to_string(session) + "/session" +
              std::to_string(session) + "/target0:0:0/0:0:0:" + std::to_string(lun) + "/block/" + name;
  d.is_scsi = true;
  d.hctl = {session, 0, 0, lun};
  d.serial = std::move(serial);
  d.session = session;
  return d;
}

const std::string kA = "00000007000000000010000a";
const std::string kB = "000000070000000000100011";

TEST(AttachDiskMatcher, CompleteWhenEverySerialHasItsDisk) {
  DiskMatcher m({{kA, kB}, nullptr});
  EXPECT_FALSE(m.complete());
  EXPECT_EQ(m.missing(), (std::vector<std::string>{kA, kB}));
  EXPECT_FALSE(m.offer(disk("sda", "ffff", 1)));  // not wanted
  EXPECT_FALSE(m.offer(disk("sdx", std::nullopt, 1)));  // no serial
  EXPECT_TRUE(m.offer(disk("sdb", kB, 1, 1)));
  EXPECT_FALSE(m.complete());
  EXPECT_EQ(m.missing(), (std::vector<std::string>{kA}));
  EXPECT_TRUE(m.offer(disk("sdc", kA + "   ", 2)));  // padded as tgt pads
  EXPECT_TRUE(m.complete());
  EXPECT_EQ(m.found().at(kA).name, "sdc");
  EXPECT_EQ(m.found().at(kB).name, "sdb");
}

TEST(AttachDiskMatcher, WantedSerialsAreNormalized) {
  DiskMatcher m({{"  " + kA + " "}, nullptr});
  EXPECT_TRUE(m.offer(disk("sdb", kA, 1)));
  EXPECT_TRUE(m.complete());
  EXPECT_THROW(DiskMatcher({{"   "}, nullptr}), std::invalid_argument);
}

TEST(AttachDiskMatcher, RemovedDiskNoLongerCounts) {
  DiskMatcher m({{kA}, nullptr});
  const ScsiDisk d = disk("sdb", kA, 1);
  EXPECT_TRUE(m.offer(d));
  m.withdraw(d.devpath);
  EXPECT_FALSE(m.complete());
  // The same LUN back under another name (a re-login) counts again.
  EXPECT_TRUE(m.offer(disk("sdc", kA, 2)));
  EXPECT_TRUE(m.complete());
}

TEST(AttachDiskMatcher, ChangeEventReoffersTheSameDisk) {
  DiskMatcher m({{kA}, nullptr});
  EXPECT_TRUE(m.offer(disk("sdb", kA, 1)));
  EXPECT_TRUE(m.offer(disk("sdb", kA, 1)));  // no duplicate with itself
  // Its serial changed (the LUN behind it was replaced): it no longer counts.
  EXPECT_FALSE(m.offer(disk("sdb", kB, 1)));
  EXPECT_FALSE(m.complete());
}

TEST(AttachDiskMatcher, TwoDisksWithOneSerialIsAnError) {
  DiskMatcher m({{kA}, nullptr});
  EXPECT_TRUE(m.offer(disk("sdb", kA, 1)));
  try {
    m.offer(disk("sdc", kA, 2, 3));
    FAIL() << "no exception";
  } catch (const DuplicateSerialError& e) {
    EXPECT_EQ(std::string(e.what()), "unit serial " + kA +
                                         " is on two disks: sdb (1:0:0:0, session 1) and sdc "
                                         "(2:0:0:3, session 2)");
  }
}

TEST(AttachDiskMatcher, CheckRefusesADiskAndTheTimeoutSaysWhy) {
  DiskWanted wanted{{kA, kB}, [](const ScsiDisk& d) {
                      return d.session == 1u ? "" : "in session " + std::to_string(*d.session) +
                                                        ", not in session 1 of srv1";
                    }};
  DiskMatcher m(wanted);
  EXPECT_TRUE(m.offer(disk("sdb", kB, 1)));
  EXPECT_FALSE(m.offer(disk("sdc", kA, 4)));
  EXPECT_FALSE(m.complete());
  EXPECT_EQ(m.timeout_message(milliseconds(5000)),
            "timed out after 5.0 s waiting for the disk with unit serial " + kA + " (found 1 of 2: " +
                kB + " on sdb; refused: sdc with unit serial " + kA +
                ": in session 4, not in session 1 of srv1)");
}

TEST(AttachDiskMatcher, TimeoutMessageNamesEveryMissingSerial) {
  DiskMatcher m({{kA, kB}, nullptr});
  EXPECT_EQ(m.timeout_message(milliseconds(2050)),
            "timed out after 2.0 s waiting for the disks with unit serials " + kA + ", " + kB);
  m.unreadable("/devices/virtual/block/sdq", "sdq unreadable: size: 'x' is not a decimal number");
  EXPECT_EQ(m.timeout_message(milliseconds(100)),
            "timed out after 0.1 s waiting for the disks with unit serials " + kA + ", " + kB +
                " (refused: sdq unreadable: size: 'x' is not a decimal number)");
}

TEST(AttachDiskMatcher, ResolveSerialPrefersVpd) {
  ScsiDisk d = disk("sdb", kA, 1);
  EXPECT_EQ(resolve_serial(d, kB), kA);
  d.serial.reset();
  EXPECT_EQ(resolve_serial(d, "  " + kB + "  "), kB);
  EXPECT_EQ(resolve_serial(d, "   "), std::nullopt);
  EXPECT_EQ(resolve_serial(d, std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace pvfsf::attach
