// Per-client access (docs/export.md, "Clients and their LUNs"): each
// initiator name gets a node ACL that maps the LUNs it opened; a mapping is
// that client's reference, the LUN and backstore go with the last one, a
// LUN number stays with its datafile while any client maps it, and CHAP
// goes on the ACLs the exporter makes, never on an administrator's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

#include "export/bstream.h"
#include "export/exporter.h"
#include "fake_configfs.h"
#include "protocol/export_error.h"
#include "protocol/names.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::lun_export::testing::FakeConfigFs;
using pvfsf::lun_export::testing::TempDir;

const std::string kA = "iqn.2025-11.org.pvfsf:client-a";
const std::string kB = "iqn.2025-11.org.pvfsf:client-b";
const std::string kAcls =
    "iscsi/iqn.2025-11.org.pvfsf:export.srv1/tpgt_1/acls/";
const std::string kLuns = "iscsi/iqn.2025-11.org.pvfsf:export.srv1/tpgt_1/lun/";

ServerConfig config_for(const fs::path& storage, const fs::path& configfs,
                        const std::string& extra = "") {
  return parse_server_config(
      "server=srv1\nstorage=" + storage.string() +
      "\nportal=127.0.10.1\nconfigfs=" + configfs.string() + "\n" + extra);
}

class ClientAccessTest : public ::testing::Test {
 protected:
  ClientAccessTest()
      : config_(config_for(storage_.path(), cfs_.root())),
        exporter_(config_, cfs_, 8) {
    fs::create_directories(bstreams_dir(storage_.path(), 7));
  }

  uint64_t lun_of(const std::string& initiator, Handle handle) {
    return exporter_.export_handles(initiator, 7, 4096, {handle}).at(0).lun;
  }
  bool maps(const std::string& initiator, uint64_t lun) {
    return cfs_.tree().count(kAcls + initiator + "/lun_" + std::to_string(lun) +
                             "/tpg_lun") > 0;
  }
  bool lun_exists(uint64_t lun) {
    return cfs_.tree().count(kLuns + "lun_" + std::to_string(lun)) > 0;
  }
  std::vector<std::string> initiators_of(Handle handle) {
    for (const LunInfo& info : exporter_.list(7))
      if (info.handle == handle) return info.initiators;
    return {};
  }

  TempDir storage_;
  FakeConfigFs cfs_;
  ServerConfig config_;
  Exporter exporter_;
};

TEST_F(ClientAccessTest, EachClientMapsTheSameLun) {
  const uint64_t lun = lun_of(kA, 65);
  const std::vector<ExportedLun> again =
      exporter_.export_handles(kB, 7, 4096, {65});
  EXPECT_EQ(again.at(0).lun, lun);
  EXPECT_FALSE(again.at(0).created);
  EXPECT_TRUE(maps(kA, lun));
  EXPECT_TRUE(maps(kB, lun));
  EXPECT_EQ(initiators_of(65), (std::vector<std::string>{kA, kB}));
  // Exporting again to the same client adds nothing.
  lun_of(kA, 65);
  EXPECT_EQ(initiators_of(65).size(), 2u);
}

TEST_F(ClientAccessTest, UnexportDropsOnlyThatClientsMapping) {
  const uint64_t lun = lun_of(kA, 65);
  lun_of(kB, 65);
  std::vector<UnexportedLun> gone = exporter_.unexport(kB, 7, {65});
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].lun, lun);
  EXPECT_FALSE(gone[0].removed);
  EXPECT_FALSE(maps(kB, lun));
  EXPECT_TRUE(maps(kA, lun));
  EXPECT_TRUE(lun_exists(lun));
  EXPECT_EQ(exporter_.list(7).size(), 1u);
  // A's own unexport is the last reference: LUN and backstore go.
  gone = exporter_.unexport(kA, 7, {65});
  EXPECT_TRUE(gone[0].removed);
  EXPECT_FALSE(lun_exists(lun));
  EXPECT_TRUE(exporter_.list(7).empty());
  for (const std::string& entry : cfs_.tree())
    EXPECT_EQ(entry.find("pvfs-srv1-"), std::string::npos) << entry;
}

// The stale-disk reproduction of issue 13: A holds X; B's detach of X and
// an export of Y must not move X's LUN number to Y for anyone.
TEST_F(ClientAccessTest, ANumberStaysWithItsDatafileWhileAnyClientMapsIt) {
  const uint64_t x = lun_of(kA, 65);
  lun_of(kB, 65);
  exporter_.unexport(kB, 7, {65});
  const uint64_t y_for_b = lun_of(kB, 66);
  const uint64_t y_for_a = lun_of(kA, 66);
  EXPECT_NE(y_for_b, x);
  EXPECT_EQ(y_for_a, y_for_b);
  // X's LUN still serves X's backstore.
  for (const LunInfo& info : exporter_.list(7)) {
    if (info.lun == x) {
      EXPECT_EQ(info.handle, 65u);
    }
  }
}

// A number some ACL holds, even without a link (a run killed between mkdir
// and symlink), is given to no other datafile.
TEST_F(ClientAccessTest, ANumberAnAclHoldsIsNotReused) {
  const uint64_t x = lun_of(kA, 65);
  exporter_.unexport(kA, 7, {65});
  cfs_.make_dir(cfs_.target() / (kAcls + kA + "/lun_" + std::to_string(x)));
  EXPECT_NE(lun_of(kB, 66), x);
}

TEST_F(ClientAccessTest, UnexportByAClientThatNeverMappedItKeepsTheLun) {
  const uint64_t lun = lun_of(kA, 65);
  const std::vector<UnexportedLun> gone = exporter_.unexport(kB, 7, {65});
  EXPECT_EQ(gone[0].lun, lun);
  EXPECT_FALSE(gone[0].removed);
  EXPECT_TRUE(maps(kA, lun));
}

// The references live in configfs: a new Exporter (a restarted serve)
// knows them.
TEST_F(ClientAccessTest, ReferencesSurviveARestart) {
  const uint64_t lun = lun_of(kA, 65);
  lun_of(kB, 65);
  Exporter restarted(config_, cfs_, 8);
  EXPECT_FALSE(restarted.unexport(kA, 7, {65})[0].removed);
  EXPECT_TRUE(lun_exists(lun));
  EXPECT_TRUE(restarted.unexport(kB, 7, {65})[0].removed);
}

TEST_F(ClientAccessTest, AFailedExportUnmapsWhatItMapped) {
  lun_of(kA, 65);
  cfs_.fail_mkdir("lun_1", EIO);  // 66's new LUN
  EXPECT_THROW(exporter_.export_handles(kB, 7, 4096, {65, 66}),
               std::system_error);
  EXPECT_EQ(initiators_of(65), (std::vector<std::string>{kA}));
  EXPECT_EQ(exporter_.list(7).size(), 1u);
}

TEST_F(ClientAccessTest, BadInitiatorNamesAreRefused) {
  for (const std::string name : {"", "client", "../x", "iqn.2025-11.a b"}) {
    EXPECT_THROW(exporter_.export_handles(name, 7, 4096, {65}), ExportError)
        << name;
    EXPECT_THROW(exporter_.unexport(name, 7, {65}), ExportError) << name;
  }
  EXPECT_TRUE(cfs_.log.empty());
}

TEST_F(ClientAccessTest, TeardownRemovesAclsToo) {
  lun_of(kA, 65);
  lun_of(kB, 66);
  exporter_.teardown();
  for (const std::string& entry : cfs_.tree())
    EXPECT_FALSE(entry.starts_with("iscsi/iqn.")) << entry;
}

class ChapAccessTest : public ClientAccessTest {
 protected:
  ChapAccessTest() {
    const fs::path file = storage_.path() / "chap.secret";
    std::ofstream(file) << "username = pvfsf-initiator\n"
                        << "password = chap-secret-1234\n"
                        << "mutual_username = pvfsf-target\n"
                        << "mutual_password = target-secret-56\n";
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    chap_config_ = config_for(storage_.path(), cfs_.root(),
                              "chap-file=" + file.string() + "\n");
  }
  ServerConfig chap_config_;
};

TEST_F(ChapAccessTest, NewAclsDemandTheClustersChap) {
  Exporter exporter(chap_config_, cfs_, 8);
  exporter.export_handles(kA, 7, 4096, {65});
  const std::string acl = kAcls + kA;
  EXPECT_EQ(cfs_.read(acl + "/auth/userid"), "pvfsf-initiator\n");
  EXPECT_EQ(cfs_.read(acl + "/auth/password"), "chap-secret-1234\n");
  EXPECT_EQ(cfs_.read(acl + "/auth/userid_mutual"), "pvfsf-target\n");
  EXPECT_EQ(cfs_.read(acl + "/auth/password_mutual"), "target-secret-56\n");
  EXPECT_EQ(cfs_.read(acl + "/attrib/authentication"), "1\n");
  // CHAP is in place before the ACL maps anything.
  const auto at = [&](const std::string& entry) {
    return std::find(cfs_.log.begin(), cfs_.log.end(), entry) -
           cfs_.log.begin();
  };
  EXPECT_LT(at("write " + acl + "/attrib/authentication 1"),
            at("mkdir " + acl + "/lun_0"));
}

TEST_F(ChapAccessTest, AnExistingAclIsLeftAsItIs) {
  cfs_.make_dir(cfs_.target() / "iscsi");
  cfs_.make_dir(cfs_.target() / "iscsi" / config_.target);
  cfs_.make_dir(cfs_.target() / "iscsi" / config_.target / "tpgt_1");
  const fs::path acl = cfs_.target() / (kAcls + kA);
  cfs_.make_dir(acl);
  cfs_.write_attr(acl / "auth" / "userid", "admin-user");
  cfs_.write_attr(acl / "auth" / "password", "admin-secret-99");
  Exporter exporter(chap_config_, cfs_, 8);
  exporter.export_handles(kA, 7, 4096, {65});
  EXPECT_EQ(cfs_.read(kAcls + kA + "/auth/userid"), "admin-user\n");
  EXPECT_EQ(cfs_.read(kAcls + kA + "/auth/password"), "admin-secret-99\n");
  EXPECT_EQ(cfs_.read(kAcls + kA + "/attrib/authentication"), "-1\n");
}

TEST_F(ClientAccessTest, WithoutChapAclsInheritTheTargets) {
  lun_of(kA, 65);
  EXPECT_EQ(cfs_.read(kAcls + kA + "/attrib/authentication"), "-1\n");
  EXPECT_EQ(cfs_.read(kAcls + kA + "/auth/userid"), "\n");
}

}  // namespace
