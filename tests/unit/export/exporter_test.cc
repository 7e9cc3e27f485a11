// The exporter's operations against a fake configfs and a temporary
// storage dir: LUN numbering, idempotence, growth and refusals, rollback,
// read-back, several servers on one host.
#include "export/exporter.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>

#include "export/bstream.h"
#include "protocol/export_error.h"
#include "fake_configfs.h"
#include "protocol/names.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::lun_export::testing::FakeConfigFs;
using pvfsf::lun_export::testing::TempDir;

constexpr const char* kClient = "iqn.2025-11.org.pvfsf:client-a";

ServerConfig config_for(const std::string& server, const fs::path& storage,
                        const fs::path& configfs) {
  return parse_server_config(
      "server=" + server + "\nstorage=" + storage.string() +
      "\nportal=127.0.10.1\n" + "configfs=" + configfs.string() + "\n");
}

// The ErrorCode @f throws as ExportError; fails the test if it throws
// nothing.
template <typename F>
ErrorCode error_of(F&& f) {
  try {
    f();
  } catch (const ExportError& e) {
    return e.code();
  }
  ADD_FAILURE() << "no ExportError";
  return ErrorCode::kFailed;
}

class ExporterTest : public ::testing::Test {
 protected:
  ExporterTest()
      : config_(config_for("srv1", storage_.path(), cfs_.root())),
        exporter_(config_, cfs_, 8) {
    fs::create_directories(bstreams_dir(storage_.path(), 7));
  }

  std::vector<uint64_t> luns_of(const std::vector<ExportedLun>& exported) {
    std::vector<uint64_t> luns;
    for (const ExportedLun& lun : exported) luns.push_back(lun.lun);
    return luns;
  }
  std::vector<uint64_t> listed_luns() {
    std::vector<uint64_t> luns;
    for (const LunInfo& info : exporter_.list(std::nullopt))
      luns.push_back(info.lun);
    return luns;
  }
  void write_bstream(Handle handle, const std::string& bytes) {
    const fs::path path = bstream_path(storage_.path(), 7, handle);
    fs::create_directories(path.parent_path());
    std::ofstream(path) << bytes;
  }

  TempDir storage_;
  FakeConfigFs cfs_;
  ServerConfig config_;
  Exporter exporter_;
};

TEST_F(ExporterTest, ExportsOnLowestFreeLunsAndCreatesMissingBstreams) {
  write_bstream(65, "hello world\n");
  const std::vector<ExportedLun> got =
      exporter_.export_handles(kClient, 7, 1048576, {65, 66, 67});
  EXPECT_EQ(luns_of(got), (std::vector<uint64_t>{0, 1, 2}));
  for (const ExportedLun& lun : got) {
    EXPECT_TRUE(lun.created);
    EXPECT_EQ(lun.size, 1048576u);
  }
  EXPECT_EQ(file_length(bstream_path(storage_.path(), 7, 65)), 12u);
  EXPECT_EQ(file_length(bstream_path(storage_.path(), 7, 66)), 0u);

  const std::vector<LunInfo> list = exporter_.list(std::nullopt);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].handle, 65u);
  EXPECT_EQ(list[0].fs_id, 7);
  EXPECT_EQ(list[0].size, 1048576u);
  EXPECT_EQ(list[0].bstream_size, 12u);
  EXPECT_EQ(list[0].backing, bstream_path(storage_.path(), 7, 65).string());
  EXPECT_EQ(list[0].serial, unit_serial(7, 65));
  const TargetInfo target = exporter_.target_info();
  EXPECT_EQ(target.target, "iqn.2025-11.org.pvfsf:export.srv1");
  EXPECT_EQ(target.portal, "127.0.10.1:3260");
}

TEST_F(ExporterTest, ExportingAgainGivesTheSameLunsAndChangesNothing) {
  exporter_.export_handles(kClient, 7, 4096, {65, 66});
  const std::set<std::string> tree = cfs_.tree();
  const size_t writes = cfs_.log.size();
  const std::vector<ExportedLun> again =
      exporter_.export_handles(kClient, 7, 4096, {66, 65});
  EXPECT_EQ(luns_of(again), (std::vector<uint64_t>{1, 0}));
  EXPECT_FALSE(again[0].created);
  EXPECT_FALSE(again[0].grown);
  EXPECT_EQ(cfs_.tree(), tree);
  EXPECT_EQ(cfs_.log.size(), writes);
}

TEST_F(ExporterTest, FreedLunsAreReusedLowestFirst) {
  exporter_.export_handles(kClient, 7, 4096, {1, 2, 3, 4});
  const std::vector<UnexportedLun> gone =
      exporter_.unexport(kClient, 7, {3, 1, 99});
  ASSERT_EQ(gone.size(), 3u);
  EXPECT_EQ(gone[0].lun, 2u);
  EXPECT_EQ(gone[1].lun, 0u);
  EXPECT_FALSE(gone[2].lun);  // never exported: no error
  EXPECT_EQ(listed_luns(), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(luns_of(exporter_.export_handles(kClient, 7, 4096, {5, 6, 7})),
            (std::vector<uint64_t>{0, 2, 4}));
  // The backstores went with the LUNs; the bstreams stay.
  EXPECT_EQ(Lio(cfs_, "srv1", config_.target, config_.portal)
                .backstore_names()
                .size(),
            5u);
  EXPECT_TRUE(fs::exists(bstream_path(storage_.path(), 7, 1)));
}

TEST_F(ExporterTest, ManyUnexportedAtOnce) {
  Exporter exporter(config_, cfs_);
  std::vector<Handle> handles;
  for (Handle h = 1; h <= 40; h++) handles.push_back(h);
  exporter.export_handles(kClient, 7, 4096, handles);
  EXPECT_EQ(exporter.list(std::nullopt).size(), 40u);
  const std::vector<UnexportedLun> gone =
      exporter.unexport(kClient, 7, handles);
  for (size_t i = 0; i < gone.size(); i++) EXPECT_EQ(gone[i].lun, i);
  EXPECT_TRUE(exporter.list(std::nullopt).empty());
  EXPECT_TRUE(Lio(cfs_, "srv1", config_.target, config_.portal)
                  .backstore_names()
                  .empty());
}

TEST_F(ExporterTest, LargerSizeGrowsTheLunSmallerIsRefused) {
  exporter_.export_handles(kClient, 7, 4096, {65, 66});
  const std::vector<ExportedLun> grown =
      exporter_.export_handles(kClient, 7, 8192, {65});
  EXPECT_TRUE(grown[0].grown);
  EXPECT_EQ(grown[0].lun, 0u);
  EXPECT_EQ(exporter_.list(std::nullopt).at(0).size, 8192u);

  const std::set<std::string> tree = cfs_.tree();
  const size_t writes = cfs_.log.size();
  // 66 (4096) would shrink: the whole request is refused, 67 included.
  EXPECT_EQ(error_of([&] {
              exporter_.export_handles(kClient, 7, 6144, {67, 65, 66});
            }),
            ErrorCode::kConflict);
  EXPECT_EQ(cfs_.tree(), tree);
  EXPECT_EQ(cfs_.log.size(), writes);
}

TEST_F(ExporterTest, RunningOutOfLunsRefusesTheWholeRequest) {
  exporter_.export_handles(kClient, 7, 4096, {1, 2, 3, 4, 5, 6});
  const std::set<std::string> tree = cfs_.tree();
  EXPECT_EQ(error_of([&] {
              exporter_.export_handles(kClient, 7, 4096, {7, 8, 9});
            }),
            ErrorCode::kNoSpace);
  EXPECT_EQ(cfs_.tree(), tree);
  EXPECT_FALSE(fs::exists(bstream_path(storage_.path(), 7, 7)));
  // Two fit; and re-exporting an exported one needs no new number.
  EXPECT_EQ(luns_of(exporter_.export_handles(kClient, 7, 4096, {1, 7, 8})),
            (std::vector<uint64_t>{0, 6, 7}));
  EXPECT_EQ(error_of([&] { exporter_.export_handles(kClient, 7, 4096, {9}); }),
            ErrorCode::kNoSpace);
}

TEST_F(ExporterTest, FailureHalfWayRemovesWhatTheCallCreated) {
  exporter_.export_handles(kClient, 7, 4096, {1});
  const std::vector<LunInfo> before = exporter_.list(std::nullopt);
  cfs_.fail_write("enable", EIO, 1);  // the second new backstore's enable
  EXPECT_THROW(exporter_.export_handles(kClient, 7, 4096, {2, 3, 4}),
               std::system_error);
  const std::vector<LunInfo> after = exporter_.list(std::nullopt);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].handle, 1u);
  EXPECT_EQ(Lio(cfs_, "srv1", config_.target, config_.portal)
                .backstore_names()
                .size(),
            1u);
  // And the next attempt works, on the same numbers.
  EXPECT_EQ(luns_of(exporter_.export_handles(kClient, 7, 4096, {2, 3, 4})),
            (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(ExporterTest, FailedLinkRemovesItsBackstore) {
  cfs_.fail_mkdir("lun_", ENOMEM);
  EXPECT_THROW(exporter_.export_handles(kClient, 7, 4096, {1}),
               std::system_error);
  EXPECT_TRUE(exporter_.list(std::nullopt).empty());
  EXPECT_TRUE(Lio(cfs_, "srv1", config_.target, config_.portal)
                  .backstore_names()
                  .empty());
}

TEST_F(ExporterTest, LeftoverBackstoreIsReplaced) {
  // A run killed between backstore and LUN left an unlinked backstore.
  Lio lio(cfs_, "srv1", config_.target, config_.portal);
  lio.create_backstore({7, 5}, "/stale/path", 512);
  const std::vector<ExportedLun> got =
      exporter_.export_handles(kClient, 7, 4096, {5});
  EXPECT_TRUE(got[0].created);
  const std::vector<LunInfo> list = exporter_.list(std::nullopt);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].size, 4096u);
  EXPECT_EQ(list[0].backing, bstream_path(storage_.path(), 7, 5).string());
}

TEST_F(ExporterTest, MissingCollectionCreatesNothing) {
  const std::set<std::string> tree = cfs_.tree();
  EXPECT_EQ(error_of([&] { exporter_.export_handles(kClient, 8, 4096, {1}); }),
            ErrorCode::kNotFound);
  EXPECT_EQ(cfs_.tree(), tree);
}

TEST_F(ExporterTest, BadArgumentsTouchNothing) {
  const std::set<std::string> tree = cfs_.tree();
  EXPECT_EQ(error_of([&] { exporter_.export_handles(kClient, 7, 0, {1}); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] { exporter_.export_handles(kClient, 7, 1000, {1}); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] {
              exporter_.export_handles(kClient, 7, kMaxLunSize + 512, {1});
            }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] { exporter_.export_handles(kClient, 7, 4096, {}); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] {
              exporter_.export_handles(kClient, 7, 4096, {1, 0});
            }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] {
              exporter_.export_handles(kClient, 7, 4096, {2, 2});
            }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] { exporter_.unexport(kClient, 7, {0}); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] { exporter_.set_size(7, 0, 1); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] { exporter_.set_size(7, 1, kMaxLunSize + 1); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(cfs_.tree(), tree);
}

TEST_F(ExporterTest, UnavailableWithoutLio) {
  FakeConfigFs unloaded(false);
  Exporter exporter(config_, unloaded);
  EXPECT_EQ(error_of([&] { exporter.export_handles(kClient, 7, 4096, {1}); }),
            ErrorCode::kUnavailable);
  EXPECT_EQ(error_of([&] { exporter.list(std::nullopt); }),
            ErrorCode::kUnavailable);
  // set-size needs no LIO.
  const SizeChange change = exporter.set_size(7, 1, 100);
  EXPECT_EQ(change.size, 100u);
  EXPECT_FALSE(change.lun);
}

TEST_F(ExporterTest, SetSizeExportedOrNot) {
  exporter_.export_handles(kClient, 7, 4096, {10, 11});
  const SizeChange change = exporter_.set_size(7, 11, 3000);
  EXPECT_EQ(change.lun, 1u);
  EXPECT_EQ(file_length(bstream_path(storage_.path(), 7, 11)), 3000u);
  EXPECT_EQ(exporter_.list(std::nullopt).at(1).bstream_size, 3000u);
  EXPECT_FALSE(exporter_.set_size(7, 12, 5).lun);
  EXPECT_EQ(file_length(bstream_path(storage_.path(), 7, 12)), 5u);
}

TEST_F(ExporterTest, ListShowsAMissingBstreamAndFiltersByFsId) {
  fs::create_directories(bstreams_dir(storage_.path(), 8));
  exporter_.export_handles(kClient, 7, 4096, {1});
  exporter_.export_handles(kClient, 8, 4096,
                           {1});  // same handle, other fs: other LUN
  fs::remove(bstream_path(storage_.path(), 7, 1));
  const std::vector<LunInfo> all = exporter_.list(std::nullopt);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].bstream_size);
  EXPECT_EQ(all[1].fs_id, 8);
  EXPECT_EQ(all[1].lun, 1u);
  ASSERT_EQ(exporter_.list(8).size(), 1u);
  EXPECT_EQ(exporter_.list(8).at(0).serial, unit_serial(8, 1));
  EXPECT_TRUE(exporter_.list(9).empty());
}

TEST_F(ExporterTest, ServersOnOneHostKeepApart) {
  TempDir storage2;
  fs::create_directories(bstreams_dir(storage2.path(), 7));
  ServerConfig config2 = config_for("srv2", storage2.path(), cfs_.root());
  config2.portal = pvfsf::parse_endpoint("127.0.10.2", 3260, "p");
  Exporter srv2(config2, cfs_);
  exporter_.export_handles(kClient, 7, 4096, {1, 2});
  EXPECT_EQ(luns_of(srv2.export_handles(kClient, 7, 4096, {3})),
            (std::vector<uint64_t>{0}));
  EXPECT_EQ(srv2.list(std::nullopt).size(), 1u);
  EXPECT_EQ(srv2.list(std::nullopt).at(0).backing,
            bstream_path(storage2.path(), 7, 3).string());
  exporter_.teardown();
  EXPECT_TRUE(exporter_.list(std::nullopt).empty());
  EXPECT_EQ(srv2.list(std::nullopt).size(), 1u);
}

TEST_F(ExporterTest, ForeignLunKeepsItsNumber) {
  Lio lio(cfs_, "srv1", config_.target, config_.portal);
  lio.ensure_target();
  // Made by hand: a LUN of a backstore that is not one of ours.
  Lio other(cfs_, "other", config_.target, config_.portal);
  const std::string foreign = backstore_name("other", {7, 9});
  other.create_backstore({7, 9}, "/elsewhere", 512);
  cfs_.make_dir(lio.lun_dir(0));
  cfs_.make_link(other.backstore_dir(foreign), lio.lun_dir(0) / "by-hand");
  EXPECT_EQ(luns_of(exporter_.export_handles(kClient, 7, 4096, {1})),
            (std::vector<uint64_t>{1}));
  EXPECT_EQ(listed_luns(), (std::vector<uint64_t>{1}));
  EXPECT_TRUE(cfs_.exists(lio.lun_dir(0) / "by-hand"));
}

TEST_F(ExporterTest, LunLeftWithoutItsLinkIsRemoved) {
  // A run killed between mkdir lun_0 and its link left lun_0 empty.
  Lio lio(cfs_, "srv1", config_.target, config_.portal);
  lio.ensure_target();
  cfs_.make_dir(lio.lun_dir(0));
  EXPECT_EQ(luns_of(exporter_.export_handles(kClient, 7, 4096, {1})),
            (std::vector<uint64_t>{0}));
  EXPECT_EQ(listed_luns(), (std::vector<uint64_t>{0}));
  EXPECT_EQ(lio.luns().size(), 1u);
}

// A real OrangeFS server (fs-conf and alias): its storage from fs.conf,
// only its own datafiles of the file systems fs.conf holds, no set-size.
class OrangefsExporterTest : public ::testing::Test {
 protected:
  OrangefsExporterTest() {
    const fs::path conf = storage_.path() / "fs.conf";
    std::ofstream(conf) << "<Defaults>\nDataStorageSpace " +
                               storage_.path().string() +
                               "\n</Defaults>\n<Aliases>\nAlias n1 "
                               "tcp://n1:3334\nAlias n2 tcp://n2:3334\n"
                               "</Aliases>\n<FileSystem>\nName f\nID 7\n"
                               "<DataHandleRanges>\nRange n1 100-199\n"
                               "Range n2 200-299\n</DataHandleRanges>\n"
                               "</FileSystem>\n";
    config_ = parse_server_config("server=srv1\nportal=127.0.10.1\nfs-conf=" +
                                  conf.string() + "\nalias=n1\nconfigfs=" +
                                  cfs_.root().string() + "\n");
    fs::create_directories(bstreams_dir(storage_.path(), 7));
  }

  TempDir storage_;
  FakeConfigFs cfs_;
  ServerConfig config_;
};

TEST_F(OrangefsExporterTest, StorageAndRangesFromFsConf) {
  EXPECT_EQ(config_.storage, storage_.path());
  ASSERT_TRUE(config_.orangefs);
  EXPECT_EQ(config_.orangefs->alias, "n1");
  EXPECT_EQ(config_.orangefs->data_ranges.at(7),
            (std::vector<pvfsf::orangefs::HandleRange>{{100, 199}}));
}

TEST_F(OrangefsExporterTest, ExportsOnlyItsOwnDatafiles) {
  Exporter exporter(config_, cfs_, 8);
  EXPECT_EQ(exporter.export_handles(kClient, 7, 4096, {100, 199}).size(), 2u);
  const size_t writes = cfs_.log.size();
  // Another server's datafile, or a file system fs.conf does not hold.
  EXPECT_EQ(error_of([&] {
              exporter.export_handles(kClient, 7, 4096, {150, 200});
            }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(error_of([&] { exporter.export_handles(kClient, 8, 4096, {150}); }),
            ErrorCode::kNotFound);
  EXPECT_EQ(error_of([&] { exporter.unexport(kClient, 7, {250}); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(cfs_.log.size(), writes);
  EXPECT_EQ(exporter.unexport(kClient, 7, {100, 199}).size(), 2u);
}

TEST_F(OrangefsExporterTest, SetSizeIsRefused) {
  Exporter exporter(config_, cfs_, 8);
  EXPECT_EQ(error_of([&] { exporter.set_size(7, 100, 4096); }),
            ErrorCode::kConflict);
  EXPECT_FALSE(fs::exists(bstream_path(storage_.path(), 7, 100)));
}

}  // namespace
