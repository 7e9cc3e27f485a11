// Scanning one LUN of a session and revalidating one disk, on the 6.1
// guest's tree (fixtures/lio-6.1-two-sessions.tree: session1 on host0,
// session2 on host1, target_id 0 in both) with the write-only sysfs files
// made as regular files, so that what is written can be read back.
#include "attach/lun_scan.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

using test::FakeSysfs;
using test::fixture;

std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class AttachLunScan : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.apply_file(fixture("lio-6.1-two-sessions.tree"));
    tree_.file("devices/platform/host1/scsi_host/host1/scan", "");
    tree_.file("devices/platform/host0/session1/target0:0:0/0:0:0:0/rescan",
               "");
  }
  FakeSysfs tree_;
  Sysfs sysfs_{tree_.root()};
};

TEST_F(AttachLunScan, RequestNamesTheSessionsHostAndTarget) {
  const LunScan scan = lun_scan_request(sysfs_, 2, 5);
  EXPECT_EQ(scan.scan_file,
            (tree_.root() / "class/scsi_host/host1/scan").string());
  EXPECT_EQ(scan.request, "0 0 5");
  EXPECT_EQ(lun_scan_request(sysfs_, 1, 16383).request, "0 0 16383");
}

TEST_F(AttachLunScan, ScanWritesTheRequest) {
  scan_session_lun(sysfs_, 2, 7);
  EXPECT_EQ(
      contents(tree_.root() / "devices/platform/host1/scsi_host/host1/scan"),
      "0 0 7");
}

TEST_F(AttachLunScan, RevalidateWritesTheDisksRescan) {
  revalidate_disk(sysfs_, "sda");
  EXPECT_EQ(
      contents(tree_.root() /
               "devices/platform/host0/session1/target0:0:0/0:0:0:0/rescan"),
      "1");
}

TEST_F(AttachLunScan, NoSuchSession) {
  try {
    lun_scan_request(sysfs_, 9, 0);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "no iSCSI session 9 in sysfs");
  }
  // A write to a disk that is gone names what was being done.
  try {
    revalidate_disk(sysfs_, "sdz");
    FAIL() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("revalidate sdz: ", 0), 0u)
        << e.what();
  }
}

}  // namespace
}  // namespace pvfsf::attach
