// lun_size, datafile_share and locate against hand-worked values, and the
// LUN rule against the kernel's own capacity rule (pvfsf_stripe.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "layout/layout.h"
#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::make_layout;
using test::refusal;

constexpr uint64_t KiB = 1024;

Layout layout_of(size_t datafiles, uint64_t strip, uint64_t size) {
  Layout layout = make_layout(datafiles);
  layout.strip_size = strip;
  layout.size = size;
  return layout;
}

TEST(LayoutLunSize, HundredBytesOverFourServers) {
  EXPECT_EQ(lun_size(layout_of(4, 64 * KiB, 100)), 65536u);
}

TEST(LayoutLunSize, ExactlyNStrips) {
  // 4 strips of 64 KiB: one whole stripe, one strip per datafile.
  EXPECT_EQ(lun_size(layout_of(4, 64 * KiB, 4 * 64 * KiB)), 65536u);
  // One byte more starts a second stripe.
  EXPECT_EQ(lun_size(layout_of(4, 64 * KiB, 4 * 64 * KiB + 1)), 131072u);
  // One strip short of a stripe still takes the whole stripe.
  EXPECT_EQ(lun_size(layout_of(4, 64 * KiB, 3 * 64 * KiB)), 65536u);
}

TEST(LayoutLunSize, ExtentLargerThanSize) {
  const Layout layout = layout_of(4, 64 * KiB, 100);
  // 1 GiB is 4096 stripes of 256 KiB: 1 GiB / 4 per datafile.
  EXPECT_EQ(lun_size(layout, 1ULL << 30), 268435456u);
  // 1000000 bytes need 4 stripes (3.81...).
  EXPECT_EQ(lun_size(layout, 1000000), 262144u);
  // A smaller extent than the size changes nothing.
  EXPECT_EQ(lun_size(layout_of(4, 64 * KiB, 1000000), 100), 262144u);
}

TEST(LayoutLunSize, EmptyFileGetsOneStripe) {
  EXPECT_EQ(lun_size(layout_of(4, 64 * KiB, 0)), 65536u);
  EXPECT_EQ(lun_size(layout_of(1, 4 * KiB, 0)), 4096u);
}

TEST(LayoutLunSize, StripNotAPowerOfTwo) {
  // 12 KiB strips over 3: a stripe is 36864; 100000 bytes need 3 stripes.
  EXPECT_EQ(lun_size(layout_of(3, 12 * KiB, 100000)), 3u * 12288);
  // 4608-byte strips over 5: stripe 23040; 1 MiB needs 46 stripes (45.5).
  EXPECT_EQ(lun_size(layout_of(5, 4608, 1 << 20)), 46u * 4608);
}

TEST(LayoutLunSize, LargestExtentDoesNotOverflow) {
  // 1 GiB strips over 1024 datafiles: a stripe is 2^40; INT64_MAX needs 2^23.
  EXPECT_EQ(lun_size(layout_of(1024, 1ULL << 30, 0), INT64_MAX), 1ULL << 53);
  EXPECT_EQ(refusal([] {
              lun_size(layout_of(4, 64 * KiB, 0), uint64_t{INT64_MAX} + 1);
            }),
            "lun size: extent 9223372036854775808 is above "
            "9223372036854775807 (PVFS_size is int64_t)");
}

// The rule against the kernel's: every member the same size, none empty,
// and the device those members make (the least member limit) holds the
// whole extent.
TEST(LayoutLunSize, KernelCapacityCoversTheExtent) {
  std::mt19937_64 random(3);
  for (int round = 0; round < 2000; ++round) {
    const size_t n = 1 + random() % 32;
    const uint64_t strip = 512 * (8 + random() % 300);
    const uint64_t size = random() % (1ULL << (random() % 40));
    const uint64_t extent = random() % (1ULL << (random() % 40));
    const Layout layout = layout_of(n, strip, size);
    const uint64_t lun = lun_size(layout, extent);
    ASSERT_GT(lun, 0u);
    ASSERT_EQ(lun % strip, 0u);
    const pvfsf_stripe st = stripe_of(layout);
    uint64_t capacity = UINT64_MAX;
    for (uint32_t i = 0; i < n; ++i)
      capacity =
          std::min<uint64_t>(capacity, pvfsf_stripe_member_limit(&st, i, lun));
    EXPECT_EQ(capacity, lun * n);
    EXPECT_GE(capacity, std::max(size, extent));
    // Less than a stripe of slack (an empty file gets one whole stripe).
    if (std::max(size, extent) > 0) {
      EXPECT_LT(capacity - std::max(size, extent), strip * n);
    }
    // Each datafile's share of the full device is exactly one LUN.
    for (uint32_t i = 0; i < n; ++i)
      EXPECT_EQ(datafile_share(layout, capacity, i), lun);
  }
}

TEST(LayoutDatafileShare, HandComputed) {
  const Layout layout = layout_of(4, 64 * KiB, 0);
  // 100 bytes: all in strip 0, on datafile 0.
  EXPECT_EQ(datafile_share(layout, 100, 0), 100u);
  EXPECT_EQ(datafile_share(layout, 100, 1), 0u);
  EXPECT_EQ(datafile_share(layout, 100, 3), 0u);
  // 5 strips and 10 bytes: strips 0 and 4 on datafile 0, strip 1 and the
  // partial strip 5 on datafile 1, strips 2 and 3 on datafiles 2 and 3.
  const uint64_t extent = 5 * 65536 + 10;
  EXPECT_EQ(datafile_share(layout, extent, 0), 131072u);
  EXPECT_EQ(datafile_share(layout, extent, 1), 65546u);
  EXPECT_EQ(datafile_share(layout, extent, 2), 65536u);
  EXPECT_EQ(datafile_share(layout, extent, 3), 65536u);
  uint64_t sum = 0;
  for (uint32_t i = 0; i < 4; ++i) sum += datafile_share(layout, extent, i);
  EXPECT_EQ(sum, extent);
  EXPECT_EQ(datafile_share(layout, 0, 0), 0u);
}

TEST(LayoutDatafileShare, RefusesIndexPastTheEnd) {
  const Layout layout = layout_of(4, 64 * KiB, 0);
  EXPECT_EQ(refusal([&] { datafile_share(layout, 100, 4); }),
            "layout: datafiles: no datafile 4 in a layout of 4");
}

TEST(LayoutDatafileShare, RefusesWhatTheMathCannotTake) {
  Layout layout = layout_of(4, 0, 0);
  EXPECT_EQ(refusal([&] { lun_size(layout); }),
            "layout: distribution.strip_size: 0 is below 4096 bytes "
            "(PVFSF_MIN_STRIP)");
  layout = layout_of(4, 64 * KiB, 0);
  layout.datafiles.clear();
  EXPECT_EQ(refusal([&] { datafile_share(layout, 1, 0); }),
            "layout: datafiles: 0 datafiles; expected 1 to 1024");
}

TEST(LayoutLocate, HandComputed) {
  Layout layout = layout_of(4, 64 * KiB, 1000000);
  // 1000000 = 15 strips + 16960; strip 15 is on datafile 3, round 3.
  Location where = locate(layout, 1000000);
  EXPECT_EQ(where.datafile, 3u);
  EXPECT_EQ(where.handle, layout.datafiles[3].handle);
  EXPECT_EQ(where.server, "s3");
  EXPECT_EQ(where.offset, 3u * 65536 + 16960);
  EXPECT_EQ(where.strip_left, 65536u - 16960);

  where = locate(layout, 0);
  EXPECT_EQ(where.datafile, 0u);
  EXPECT_EQ(where.offset, 0u);
  where = locate(layout, 65536);
  EXPECT_EQ(where.datafile, 1u);
  EXPECT_EQ(where.offset, 0u);
  where = locate(layout, 4 * 65536 + 5);
  EXPECT_EQ(where.datafile, 0u);
  EXPECT_EQ(where.offset, 65536u + 5);
  where = locate(layout, UINT64_MAX);
  EXPECT_EQ(where.datafile, ((UINT64_MAX / 65536) % 4));
}

TEST(LayoutBstreamName, AsViewdistPrintsIt) {
  EXPECT_EQ(bstream_name(1), "00000001.bstream");
  EXPECT_EQ(bstream_name(0x1001), "00001001.bstream");
  EXPECT_EQ(bstream_name(1844674407370955213u), "19999999999999cd.bstream");
  EXPECT_EQ(bstream_name(UINT64_MAX), "ffffffffffffffff.bstream");
}

}  // namespace
}  // namespace pvfsf::layout
