// LUN numbers: lowest free first, reused after release, a clear error
// when none is left.
#include "export/lun_allocator.h"

#include <gtest/gtest.h>

#include "protocol/export_error.h"

namespace {

using namespace pvfsf::lun_export;

TEST(LunAllocator, LowestFreeFirst) {
  LunAllocator allocator({0, 1, 3, 7});
  EXPECT_EQ(allocator.take(), 2u);
  EXPECT_EQ(allocator.take(), 4u);
  EXPECT_EQ(allocator.take(), 5u);
  EXPECT_EQ(allocator.take(), 6u);
  EXPECT_EQ(allocator.take(), 8u);
}

TEST(LunAllocator, EmptyStartsAtZero) {
  LunAllocator allocator({});
  EXPECT_EQ(allocator.take(), 0u);
  EXPECT_EQ(allocator.take(), 1u);
}

TEST(LunAllocator, ReleasedNumbersAreReused) {
  LunAllocator allocator({});
  for (int i = 0; i < 5; i++) allocator.take();
  allocator.release(3);
  allocator.release(1);
  EXPECT_EQ(allocator.take(), 1u);
  EXPECT_EQ(allocator.take(), 3u);
  EXPECT_EQ(allocator.take(), 5u);
}

TEST(LunAllocator, ExhaustionIsNoSpace) {
  LunAllocator allocator({1}, 3);
  EXPECT_EQ(allocator.free_count(), 2u);
  EXPECT_EQ(allocator.take(), 0u);
  EXPECT_EQ(allocator.take(), 2u);
  EXPECT_EQ(allocator.free_count(), 0u);
  try {
    allocator.take();
    FAIL() << "took a fourth LUN of three";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNoSpace);
    EXPECT_NE(std::string(e.what()).find("all 3"), std::string::npos)
        << e.what();
  }
  allocator.release(2);
  EXPECT_EQ(allocator.take(), 2u);
}

TEST(LunAllocator, NumbersAboveTheLimitAreIgnored) {
  // A LUN someone made by hand beyond our range takes nothing from it.
  LunAllocator allocator({5, 100000, 100000}, 8);
  EXPECT_EQ(allocator.free_count(), 7u);
}

TEST(LunAllocator, DefaultLimitIsFlatSpace) {
  EXPECT_EQ(kMaxLuns, 16384u);
  std::vector<uint64_t> used;
  for (uint64_t i = 0; i + 1 < kMaxLuns; i++) used.push_back(i);
  LunAllocator allocator(used);
  EXPECT_EQ(allocator.take(), kMaxLuns - 1);
  EXPECT_THROW(allocator.take(), ExportError);
}

}  // namespace
