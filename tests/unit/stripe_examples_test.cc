// pvfsf_stripe.h on examples worked out by hand from the definition (strip
// k on datafile k mod N at offset (k div N) * strip), so that the header and
// the oracles cannot share a misreading unnoticed.
#include <gtest/gtest.h>

#include "pvfsf_stripe.h"

namespace {

struct MapExample {
  uint64_t strip;
  uint32_t members;
  uint64_t pos;
  uint32_t member;
  uint64_t offset;
  uint64_t strip_left;
};

// clang-format off
constexpr MapExample kMapExamples[] = {
  // strip  N  pos      member offset  left
  {4096,    3, 0,       0,     0,      4096},
  {4096,    3, 4096,    1,     0,      4096},
  {4096,    3, 8292,    2,     100,    3996},
  {4096,    3, 12288,   0,     4096,   4096},
  {4096,    3, 69639,   2,     20487,  4089},   // strip 17, round 5
  {65536,   1, 1000000, 0,     1000000, 48576},
  {12288,   4, 100000,  0,     26272,  10592},  // strip 8, round 2
  {128,     8, 1234567, 5,     154247, 121},    // sectors: strip 9645
};
// clang-format on

TEST(StripeExamples, Map) {
  for (const MapExample& e : kMapExamples) {
    pvfsf_stripe st;
    pvfsf_stripe_init(&st, e.strip, e.members);
    pvfsf_stripe_pos out;
    pvfsf_stripe_map(&st, e.pos, &out);
    EXPECT_EQ(out.member, e.member) << "pos " << e.pos;
    EXPECT_EQ(out.offset, e.offset) << "pos " << e.pos;
    EXPECT_EQ(out.strip_left, e.strip_left) << "pos " << e.pos;
  }
}

TEST(StripeExamples, MemberSize) {
  pvfsf_stripe st;
  pvfsf_stripe_init(&st, 4096, 3);
  // 10000 = 4096 + 4096 + 1808
  EXPECT_EQ(pvfsf_stripe_member_size(&st, 10000, 0), 4096u);
  EXPECT_EQ(pvfsf_stripe_member_size(&st, 10000, 1), 4096u);
  EXPECT_EQ(pvfsf_stripe_member_size(&st, 10000, 2), 1808u);
  // 20000 = 4 strips + 3616: the fifth strip is partial, on member 1
  EXPECT_EQ(pvfsf_stripe_member_size(&st, 20000, 0), 8192u);
  EXPECT_EQ(pvfsf_stripe_member_size(&st, 20000, 1), 7712u);
  EXPECT_EQ(pvfsf_stripe_member_size(&st, 20000, 2), 4096u);
}

TEST(StripeExamples, FileSizeAndCapacity) {
  pvfsf_stripe st;
  pvfsf_stripe_init(&st, 4096, 3);
  // Member 0 holding 10000 bytes: strips 0 and 3 whole, 1808 of strip 6.
  __u64 file_size = 0;
  ASSERT_TRUE(pvfsf_stripe_file_size(&st, 0, 10000, &file_size));
  EXPECT_EQ(file_size, 6u * 4096 + 1808);
  EXPECT_EQ(pvfsf_stripe_member_limit(&st, 0, 10000), 6u * 4096 + 1808);
  // Members of 8192 bytes: two whole strips each.
  EXPECT_EQ(pvfsf_stripe_member_limit(&st, 1, 8192), 7u * 4096);
  EXPECT_EQ(pvfsf_stripe_member_limit(&st, 2, 8192), 8u * 4096);
}

}  // namespace
