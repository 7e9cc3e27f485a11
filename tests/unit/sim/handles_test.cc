// Handle ranges: disjoint, cluster-wide unique, some above 2^63.
#include <gtest/gtest.h>

#include <set>

#include "sim/handles.h"

namespace pvfsf::sim {
namespace {

constexpr uint64_t kTop = uint64_t{1} << 63;

TEST(SimHandles, RangeBases) {
  EXPECT_EQ(range_base(0), 0u);
  EXPECT_EQ(range_base(1), kTop + kRangeWidth);
  EXPECT_EQ(range_base(2), 2 * kRangeWidth);
  EXPECT_EQ(range_base(63), kTop + 63 * kRangeWidth);
  EXPECT_EQ(range_base(64), kTop);
  EXPECT_THROW(range_base(65), std::out_of_range);
}

TEST(SimHandles, OddServersAboveTwoToThe63) {
  for (unsigned k = 1; k <= kMaxServers; k++) {
    const uint64_t first = nth_handle(k, 1);
    EXPECT_EQ(first > kTop, k % 2 == 1 || k == 64) << "server " << k;
  }
}

TEST(SimHandles, RangesAreDisjointAndRoundTrip) {
  std::set<uint64_t> bases;
  for (unsigned r = 0; r <= kMaxServers; r++) {
    bases.insert(range_base(r));
    for (uint64_t count : {uint64_t{1}, uint64_t{2}, uint64_t{63},
                           uint64_t{64}, kRangeWidth / 2, kRangeWidth - 1}) {
      const uint64_t h = nth_handle(r, count);
      ASSERT_EQ(range_of(h), r) << "range " << r << " count " << count;
      ASSERT_EQ(h - range_base(r), count);
    }
  }
  ASSERT_EQ(bases.size(), kMaxServers + 1);
  // Sorted bases are at least a range width apart: no overlap.
  uint64_t previous = 0;
  bool first = true;
  for (uint64_t base : bases) {
    if (!first) {
      EXPECT_GE(base - previous, kRangeWidth);
    }
    previous = base;
    first = false;
  }
}

TEST(SimHandles, NoRange) {
  EXPECT_EQ(range_of(0), std::nullopt);
  for (unsigned r = 0; r <= kMaxServers; r++)
    EXPECT_EQ(range_of(range_base(r)), std::nullopt) << r;
  // Slots no range uses: odd slots below 2^63, even ones above (but 0).
  EXPECT_EQ(range_of(kRangeWidth + 5), std::nullopt);
  EXPECT_EQ(range_of(kTop + 2 * kRangeWidth + 5), std::nullopt);
}

TEST(SimHandles, TopHandleIsServer63s) {
  EXPECT_EQ(nth_handle(63, kRangeWidth - 1), UINT64_MAX);
  EXPECT_EQ(range_of(UINT64_MAX), 63u);
}

TEST(SimHandles, CountOutOfRange) {
  EXPECT_THROW(nth_handle(1, 0), std::out_of_range);
  EXPECT_THROW(nth_handle(1, kRangeWidth), std::out_of_range);
  EXPECT_NO_THROW(nth_handle(1, kRangeWidth - 1));
}

}  // namespace
}  // namespace pvfsf::sim
