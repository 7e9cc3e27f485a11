// Names derived from PVFS identifiers: DBPF bstream paths, unit serials,
// the NAA LIO derives from them, backstore and HBA names and the default
// target name (the checks of names: tests/unit/server_address_test.cc).
#include "protocol/names.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>

#include "common/error.h"
#include "common/server_address.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::UsageError;

constexpr Handle kMaxHandle = std::numeric_limits<Handle>::max();

// trove-dbpf: "/%s/%08x/%s/%.8llu/%08llx.bstream".
TEST(BstreamPath, BucketIsHandleMod64InDecimal) {
  const std::filesystem::path storage = "/srv/pvfs";
  EXPECT_EQ(bstream_path(storage, 7, 0),
            "/srv/pvfs/00000007/bstreams/00000000/00000000.bstream");
  EXPECT_EQ(bstream_path(storage, 7, 63),
            "/srv/pvfs/00000007/bstreams/00000063/0000003f.bstream");
  EXPECT_EQ(bstream_path(storage, 7, 64),
            "/srv/pvfs/00000007/bstreams/00000000/00000040.bstream");
  EXPECT_EQ(bstream_path(storage, 7, 65),
            "/srv/pvfs/00000007/bstreams/00000001/00000041.bstream");
  // 2^64-1 mod 64 = 63; all 16 hex digits.
  EXPECT_EQ(bstream_path(storage, 7, kMaxHandle),
            "/srv/pvfs/00000007/bstreams/00000063/ffffffffffffffff.bstream");
}

TEST(BstreamPath, HandleHexIsLowercaseAtLeastEightDigits) {
  EXPECT_EQ(bstream_filename(0xABCDEF), "00abcdef.bstream");
  EXPECT_EQ(bstream_filename(0x123456789), "123456789.bstream");
  EXPECT_EQ(bucket_dirname(4611686018427387904ull), "00000000");  // 2^62
  EXPECT_EQ(bucket_dirname(4611686018427387949ull), "00000045");  // +45
}

TEST(BstreamPath, CollectionIdIsEightHexDigits) {
  EXPECT_EQ(collection_dirname(0), "00000000");
  EXPECT_EQ(collection_dirname(7), "00000007");
  // A fs id pvfs2-genconfig could pick.
  EXPECT_EQ(collection_dirname(1957135728), "74a78570");
  EXPECT_EQ(collection_dirname(std::numeric_limits<FsId>::max()), "7fffffff");
  // int32, printed with %08x: its 32 bits.
  EXPECT_EQ(collection_dirname(-1), "ffffffff");
  EXPECT_EQ(bstreams_dir("/s", 255), "/s/000000ff/bstreams");
}

TEST(BstreamPath, LongestSuffixFitsTheConstant) {
  const std::string path = bstream_path("/", -1, kMaxHandle).string();
  EXPECT_EQ(path.size(), kMaxBstreamSuffix);
}

TEST(UnitSerial, FsIdThenHandle) {
  EXPECT_EQ(unit_serial(7, 65), "000000070000000000000041");
  EXPECT_EQ(unit_serial(0, 0), "000000000000000000000000");
  EXPECT_EQ(unit_serial(-1, kMaxHandle), "ffffffffffffffffffffffff");
  EXPECT_EQ(unit_serial(1957135728, 0x10000000000001ull),
            "74a785700010000000000001");
  EXPECT_EQ(unit_serial(1, 1).size(), kUnitSerialLength);
}

TEST(UnitSerial, ParsesBack) {
  for (FsId fs : {0, 1, 7, 1957135728, -1, std::numeric_limits<FsId>::min()})
    for (Handle h :
         {Handle{0}, Handle{1}, Handle{63}, Handle{64}, kMaxHandle}) {
      const std::optional<DatafileId> id =
          parse_unit_serial(unit_serial(fs, h));
      ASSERT_TRUE(id) << fs << " " << h;
      EXPECT_EQ(id->fs_id, fs);
      EXPECT_EQ(id->handle, h);
    }
}

TEST(UnitSerial, RefusesOtherShapes) {
  EXPECT_FALSE(parse_unit_serial(""));
  EXPECT_FALSE(parse_unit_serial("00000007000000000000004"));    // 23
  EXPECT_FALSE(parse_unit_serial("0000000700000000000000411"));  // 25
  EXPECT_FALSE(parse_unit_serial("00000007000000000000004A"));   // upper
  EXPECT_FALSE(parse_unit_serial("00000007-000000000000041"));
  EXPECT_FALSE(parse_unit_serial("5a3e4c2a-1b2c-4d5e-8f90-1234567890ab"));
}

// As seen from the initiator in the VM: sg_vpd -p di showed
// 0x60014050000000700000000000000410 for fs id 7, handle 65.
TEST(LioNaa, MatchesWhatLioReported) {
  EXPECT_EQ(lio_naa_hex(unit_serial(7, 65)),
            "60014050000000700000000000000410");
}

TEST(LioNaa, UsesTheFirst25HexDigitsOnly) {
  // Non-hex characters are skipped: serials differing only in them collide.
  EXPECT_EQ(lio_naa_hex("12-34"), lio_naa_hex("1234"));
  EXPECT_EQ(lio_naa_hex("xyz"), lio_naa_hex(""));
  // A 26th digit makes no difference.
  EXPECT_EQ(lio_naa_hex("00000000000000000000000001"),
            lio_naa_hex("00000000000000000000000002"));
  EXPECT_NE(lio_naa_hex("0000000000000000000000001"),
            lio_naa_hex("0000000000000000000000002"));
}

// Our 24-digit serials keep every bit of (fs id, handle) in the NAA, so
// LUNs of different datafiles, on any servers, never share an NAA.
TEST(LioNaa, UniqueForEveryDatafile) {
  std::set<std::string> seen;
  const FsId fs_ids[] = {
      0, 1, 2, 7, 1957135728, -1, std::numeric_limits<FsId>::max()};
  const Handle handles[] = {1,
                            2,
                            63,
                            64,
                            65,
                            0x100000000ull,
                            0x100000001ull,
                            kMaxHandle,
                            kMaxHandle - 1,
                            1ull << 63};
  for (FsId fs : fs_ids)
    for (Handle h : handles)
      EXPECT_TRUE(seen.insert(lio_naa_hex(unit_serial(fs, h))).second)
          << "fs " << fs << " handle " << h;
  EXPECT_EQ(seen.size(), std::size(fs_ids) * std::size(handles));
}

TEST(BackstoreName, NamesServerAndDatafile) {
  EXPECT_EQ(backstore_name("srv1", {7, 65}),
            "pvfs-srv1-000000070000000000000041");
  const std::optional<DatafileId> id =
      parse_backstore_name("srv1", "pvfs-srv1-000000070000000000000041");
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, (DatafileId{7, 65}));
}

TEST(BackstoreName, OtherServersAndOtherNamesAreNotOurs) {
  const std::string name = backstore_name("srv1", {7, 65});
  EXPECT_FALSE(parse_backstore_name("srv2", name));
  EXPECT_FALSE(parse_backstore_name("srv", name));
  EXPECT_FALSE(parse_backstore_name("srv1", "pvfs-srv1-"));
  EXPECT_FALSE(parse_backstore_name("srv1", "disk0"));
  EXPECT_FALSE(parse_backstore_name("srv1", name + "0"));
  // "srv1" must not claim the backstores of "srv1-a".
  EXPECT_FALSE(parse_backstore_name("srv1", backstore_name("srv1-a", {7, 65})));
}

TEST(HbaName, FileioWithTheNameHash) {
  EXPECT_EQ(fnv1a32(""), 2166136261u);
  EXPECT_EQ(fnv1a32("a"), 0xe40c292cu);  // FNV-1a reference value
  EXPECT_EQ(hba_name("srv1"), "fileio_" + std::to_string(fnv1a32("srv1")));
  EXPECT_NE(hba_name("srv1"), hba_name("srv2"));
}

TEST(DefaultTargetIqn, IsAnIscsiName) {
  EXPECT_EQ(default_target_iqn("srv1"), "iqn.2025-11.org.pvfsf:export.srv1");
  pvfsf::check_iqn(default_target_iqn(std::string(32, 'x')), "target IQN");
}

}  // namespace
