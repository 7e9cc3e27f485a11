// The pieces of pvfsf-stripe-check: its layout model and its pattern.
#include "stripe_layout.h"

#include <gtest/gtest.h>

#include <vector>

#include "byte_pattern.h"

namespace {

using pvfsf::tools::Extent;

pvfsf_stripe make(uint64_t strip, uint32_t members) {
  pvfsf_stripe st;
  pvfsf_stripe_init(&st, strip, members);
  return st;
}

// Pieces are contiguous on the device, never cross a strip, and sit where
// the stripe math puts their first byte.
TEST(StripeLayout, MapRangeCutsAtStrips) {
  const pvfsf_stripe st = make(12288, 3);
  const std::vector<Extent> pieces = pvfsf::tools::map_range(st, 10000, 40000);
  ASSERT_FALSE(pieces.empty());
  uint64_t pos = 10000;
  for (const Extent& e : pieces) {
    EXPECT_EQ(e.pos, pos);
    EXPECT_GT(e.len, 0u);
    pvfsf_stripe_pos where;
    pvfsf_stripe_map(&st, e.pos, &where);
    EXPECT_EQ(e.member, where.member);
    EXPECT_EQ(e.offset, where.offset);
    EXPECT_LE(e.len, where.strip_left);
    pos += e.len;
  }
  EXPECT_EQ(pos, 50000u);
  // 10000..12288, then three whole strips, then the rest: 5 pieces.
  EXPECT_EQ(pieces.size(), 5u);
}

TEST(StripeLayout, ExtentsByMemberAreInOffsetOrder) {
  const pvfsf_stripe st = make(4096, 3);
  const auto by_member = pvfsf::tools::extents_by_member(st, 10 * 4096 + 100);
  ASSERT_EQ(by_member.size(), 3u);
  EXPECT_EQ(by_member[0].size(), 4u);  // strips 0, 3, 6, 9
  EXPECT_EQ(by_member[1].size(), 4u);  // 1, 4, 7, 10 (partial)
  EXPECT_EQ(by_member[2].size(), 3u);  // 2, 5, 8
  EXPECT_EQ(by_member[1].back().len, 100u);
  for (const auto& extents : by_member)
    for (size_t i = 1; i < extents.size(); ++i)
      EXPECT_EQ(extents[i].offset, extents[i - 1].offset + extents[i - 1].len);
}

TEST(StripeLayout, CapacityIsTheLeastMemberLimit) {
  const pvfsf_stripe st = make(4096, 3);
  // Worked out by hand in stripe_examples_test.cc.
  EXPECT_EQ(pvfsf::tools::capacity_limit(st, {10000, 8192, 8192}),
            6u * 4096 + 1808);
}

// Any sub-range regenerates the same bytes; members and seeds differ.
TEST(BytePattern, RangesAgreeAndDiffer) {
  std::vector<uint8_t> whole(1000), part(333);
  pvfsf::tools::fill_pattern(5, 1, 4093, whole);
  pvfsf::tools::fill_pattern(5, 1, 4093 + 101, part);
  EXPECT_TRUE(std::equal(part.begin(), part.end(), whole.begin() + 101));

  std::vector<uint8_t> other_member(1000), other_seed(1000);
  pvfsf::tools::fill_pattern(5, 2, 4093, other_member);
  pvfsf::tools::fill_pattern(6, 1, 4093, other_seed);
  EXPECT_NE(whole, other_member);
  EXPECT_NE(whole, other_seed);
}

// A strip's worth of pattern at one offset must not repeat at another, or a
// misplaced strip could go unseen.
TEST(BytePattern, DoesNotRepeatAcrossOffsets) {
  std::vector<uint8_t> a(4096), b(4096);
  pvfsf::tools::fill_pattern(1, 0, 0, a);
  pvfsf::tools::fill_pattern(1, 0, 4096, b);
  EXPECT_NE(a, b);
}

}  // namespace
