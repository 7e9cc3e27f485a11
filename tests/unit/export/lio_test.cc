// The configfs library against a fake configfs: what it writes, in which
// order, what it reads back, and how it undoes a step that failed.
#include "export/lio.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

#include "protocol/export_error.h"
#include "fake_configfs.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::lun_export::testing::FakeConfigFs;

const std::string kIqn = "iqn.2025-11.org.pvfsf:export.srv1";
const std::string kTpg = "iscsi/" + kIqn + "/tpgt_1";

class LioTest : public ::testing::Test {
 protected:
  LioTest()
      : lio_(cfs_, "srv1", kIqn, pvfsf::parse_endpoint("127.0.10.1", 3260, "p")) {}

  std::string backstore_rel(const std::string& name) const {
    return "core/" + hba_name("srv1") + "/" + name;
  }
  size_t log_index(const std::string& entry) const {
    auto it = std::find(cfs_.log.begin(), cfs_.log.end(), entry);
    EXPECT_NE(it, cfs_.log.end()) << entry;
    return it - cfs_.log.begin();
  }

  FakeConfigFs cfs_;
  Lio lio_;
};

TEST(FileioInfo, AsLioPrintsIt) {
  const std::string text =
      "Status: ACTIVATED  Max Queue Depth: 0  SectorSize: 512  HwMaxSectors: "
      "16384\n        TCM FILEIO ID: 0        File: "
      "/tmp/s1/00000007/bstreams/00000001/00000041.bstream  Size: 1048576  "
      "Mode: O_DSYNC Async: 0";
  const std::optional<FileioInfo> info = parse_fileio_info(text);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->file, "/tmp/s1/00000007/bstreams/00000001/00000041.bstream");
  EXPECT_EQ(info->size, 1048576u);
  EXPECT_EQ(parse_fileio_info("File: /a b/c  Size: 5  Mode: x")->file,
            "/a b/c");
  EXPECT_FALSE(parse_fileio_info("Status: DEACTIVATED"));
  EXPECT_FALSE(parse_fileio_info("File: /x  Size: none"));
  EXPECT_FALSE(parse_fileio_info("File: /x"));
}

TEST(FileioInfo, UnitSerialAttribute) {
  EXPECT_EQ(parse_unit_serial_attr("T10 VPD Unit Serial Number: 0000abc\n"),
            "0000abc");
  EXPECT_EQ(parse_unit_serial_attr("T10 VPD Unit Serial Number: "), "");
}

TEST_F(LioTest, UnavailableWithoutTargetCore) {
  FakeConfigFs unloaded(false);
  Lio lio(unloaded, "srv1", kIqn, pvfsf::parse_endpoint("127.0.10.1", 3260, "p"));
  try {
    lio.ensure_target();
    FAIL() << "no error";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    EXPECT_NE(std::string(e.what()).find("target_core_mod"), std::string::npos);
  }
}

TEST_F(LioTest, TargetWithoutDemoModeWithItsPortal) {
  EXPECT_FALSE(lio_.target_exists());
  lio_.ensure_target();
  EXPECT_TRUE(lio_.target_exists());
  EXPECT_EQ(cfs_.read(kTpg + "/attrib/generate_node_acls"), "0\n");
  // A TPG of ours: each ACL says whether it demands CHAP.
  EXPECT_EQ(cfs_.read(kTpg + "/attrib/authentication"), "0\n");
  EXPECT_EQ(cfs_.read(kTpg + "/enable"), "1\n");
  EXPECT_TRUE(cfs_.tree().count(kTpg + "/np/127.0.10.1:3260"));
  // Enabled last, after the portal and the attributes.
  EXPECT_GT(log_index("write " + kTpg + "/enable 1"),
            log_index("mkdir " + kTpg + "/np/127.0.10.1:3260"));
  EXPECT_GT(log_index("write " + kTpg + "/enable 1"),
            log_index("write " + kTpg + "/attrib/authentication 0"));
  // Again: nothing to do, nothing written.
  const size_t entries = cfs_.log.size();
  lio_.ensure_target();
  EXPECT_EQ(cfs_.log.size(), entries);
}

// An administrator's target: CHAP on the TPG (demo-mode auth and the
// authentication attribute) stays as it was; demo mode goes.
TEST_F(LioTest, AdministratorsAuthenticationIsLeftAlone) {
  cfs_.make_dir(cfs_.target() / "iscsi");
  cfs_.make_dir(cfs_.target() / "iscsi" / kIqn);
  cfs_.make_dir(cfs_.target() / kTpg);
  cfs_.write_attr(cfs_.target() / kTpg / "auth" / "userid", "admin-user");
  cfs_.write_attr(cfs_.target() / kTpg / "auth" / "password",
                  "admin-secret-99");
  cfs_.write_attr(cfs_.target() / kTpg / "attrib" / "generate_node_acls", "1");
  cfs_.write_attr(cfs_.target() / kTpg / "enable", "1");
  lio_.ensure_target();
  EXPECT_EQ(cfs_.read(kTpg + "/attrib/authentication"), "1\n");
  EXPECT_EQ(cfs_.read(kTpg + "/auth/userid"), "admin-user\n");
  EXPECT_EQ(cfs_.read(kTpg + "/auth/password"), "admin-secret-99\n");
  EXPECT_EQ(cfs_.read(kTpg + "/attrib/generate_node_acls"), "0\n");
}

TEST_F(LioTest, BackstoreSerialBeforeEnable) {
  const std::string name = backstore_name("srv1", {7, 65});
  lio_.create_backstore(
      {7, 65}, "/s/00000007/bstreams/00000001/00000041.bstream", 1048576);
  const std::string dir = backstore_rel(name);
  const size_t control = log_index(
      "write " + dir +
      "/control fd_dev_name=/s/00000007/bstreams/00000001/00000041.bstream,"
      "fd_dev_size=1048576");
  const size_t serial = log_index(
      "write " + dir + "/wwn/vpd_unit_serial 000000070000000000000041");
  const size_t enable = log_index("write " + dir + "/enable 1");
  EXPECT_LT(control, serial);
  EXPECT_LT(serial, enable);

  const Backstore store = lio_.backstore(name);
  EXPECT_EQ(store.id, (DatafileId{7, 65}));
  EXPECT_EQ(store.file, "/s/00000007/bstreams/00000001/00000041.bstream");
  EXPECT_EQ(store.size, 1048576u);
  EXPECT_TRUE(store.enabled);
  EXPECT_EQ(store.serial, "000000070000000000000041");
  EXPECT_EQ(lio_.backstore_names(), std::vector<std::string>{name});
}

TEST_F(LioTest, FailedBackstoreIsRemovedAgain) {
  cfs_.fail_write("enable", EIO);
  EXPECT_THROW(lio_.create_backstore({7, 65}, "/s/f", 4096), std::system_error);
  EXPECT_TRUE(lio_.backstore_names().empty());
  EXPECT_FALSE(
      cfs_.tree().count(backstore_rel(backstore_name("srv1", {7, 65}))));
}

TEST_F(LioTest, LunLinksReadBack) {
  lio_.ensure_target();
  lio_.create_backstore({7, 65}, "/s/a", 4096);
  lio_.create_backstore({7, 66}, "/s/b", 4096);
  lio_.create_lun(3, backstore_name("srv1", {7, 65}));
  lio_.create_lun(0, backstore_name("srv1", {7, 66}));
  const std::vector<LunLink> luns = lio_.luns();
  ASSERT_EQ(luns.size(), 2u);
  EXPECT_EQ(luns[0].lun, 0u);
  EXPECT_EQ(luns[0].id, (DatafileId{7, 66}));
  EXPECT_EQ(luns[0].hba, hba_name("srv1"));
  EXPECT_EQ(luns[1].lun, 3u);
  EXPECT_EQ(luns[1].id, (DatafileId{7, 65}));
  // A number in use is an error, not a second link.
  EXPECT_THROW(lio_.create_lun(3, backstore_name("srv1", {7, 66})),
               ExportError);
  // Linked, a backstore cannot go, nor take a new serial.
  EXPECT_THROW(lio_.remove_backstore(backstore_name("srv1", {7, 65})),
               std::system_error);
  lio_.remove_lun(3);
  lio_.remove_backstore(backstore_name("srv1", {7, 65}));
  ASSERT_EQ(lio_.luns().size(), 1u);
  EXPECT_EQ(lio_.luns()[0].lun, 0u);
}

TEST_F(LioTest, UnconfiguredBackstoreCannotBeLinked) {
  lio_.ensure_target();
  cfs_.fail_write("enable", EIO);
  EXPECT_THROW(lio_.create_backstore({7, 65}, "/s/a", 4096), std::system_error);
  // What a crash between mkdir and enable leaves behind.
  const std::string name = backstore_name("srv1", {7, 65});
  cfs_.make_dir(lio_.hba_dir() / name);
  EXPECT_THROW(lio_.create_lun(0, name), std::system_error);
  EXPECT_TRUE(lio_.luns().empty());  // lun_0 was removed again
}

TEST_F(LioTest, ForeignLunsAreListedWithoutId) {
  lio_.ensure_target();
  // A backstore of another tool, linked by hand.
  cfs_.make_dir(cfs_.target() / "core" / "fileio_0");
  cfs_.make_dir(cfs_.target() / "core" / "fileio_0" / "disk0");
  cfs_.write_attr(cfs_.target() / "core/fileio_0/disk0/control",
                  "fd_dev_name=/x,fd_dev_size=4096");
  cfs_.write_attr(cfs_.target() / "core/fileio_0/disk0/enable", "1");
  cfs_.make_dir(lio_.lun_dir(0));
  cfs_.make_link(cfs_.target() / "core/fileio_0/disk0", lio_.lun_dir(0) / "x");
  const std::vector<LunLink> luns = lio_.luns();
  ASSERT_EQ(luns.size(), 1u);
  EXPECT_FALSE(luns[0].id);
  EXPECT_EQ(luns[0].backstore, "disk0");
  EXPECT_TRUE(lio_.backstore_names().empty());
}

TEST_F(LioTest, ResizeWritesTheNewSize) {
  const std::string name = backstore_name("srv1", {7, 65});
  lio_.create_backstore({7, 65}, "/s/a", 4096);
  lio_.resize_backstore(name, 8192);
  EXPECT_EQ(cfs_.log.back(),
            "write " + backstore_rel(name) + "/control fd_dev_size=8192");
  EXPECT_EQ(lio_.backstore(name).size, 8192u);
  EXPECT_EQ(lio_.backstore(name).file, "/s/a");
}

TEST_F(LioTest, TeardownLeavesNothingOfTheServer) {
  const std::set<std::string> before = cfs_.tree();
  lio_.ensure_target();
  for (Handle h = 1; h <= 3; h++) {
    lio_.create_backstore({7, h}, "/s/" + std::to_string(h), 4096);
    lio_.create_lun(h - 1, backstore_name("srv1", {7, h}));
  }
  lio_.create_backstore({7, 9}, "/s/9", 4096);  // not linked
  lio_.teardown();
  std::set<std::string> after = cfs_.tree();
  after.erase("iscsi");  // the fabric stays: other servers may use it
  after.erase("iscsi/fabric_statistics");
  after.erase("iscsi/param");
  EXPECT_EQ(after, before);
  lio_.teardown();  // nothing left: no error
}

TEST_F(LioTest, TeardownKeepsAnHbaOthersStillUse) {
  lio_.create_backstore({7, 1}, "/s/1", 4096);
  // A backstore of another owner in the same HBA.
  cfs_.make_dir(lio_.hba_dir() / "disk0");
  lio_.teardown();
  EXPECT_TRUE(cfs_.tree().count("core/" + hba_name("srv1") + "/disk0"));
  EXPECT_TRUE(lio_.backstore_names().empty());
}

}  // namespace
