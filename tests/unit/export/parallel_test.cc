// for_each_parallel: every item once, failures collected, the first
// rethrown after all have run.
#include "common/parallel.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <stdexcept>

namespace {

using pvfsf::for_each_parallel;

TEST(Parallel, EveryItemOnce) {
  std::vector<int> items(100);
  for (int i = 0; i < 100; i++) items[i] = i;
  std::mutex mutex;
  std::multiset<int> seen;
  for_each_parallel(items, 8, [&](int i) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.insert(i);
  });
  EXPECT_EQ(seen, std::multiset<int>(items.begin(), items.end()));
  for_each_parallel(std::vector<int>{}, 8, [](int) { FAIL(); });
}

TEST(Parallel, FailuresDoNotStopTheOthers) {
  std::vector<int> items(50);
  for (int i = 0; i < 50; i++) items[i] = i;
  std::atomic<int> done{0};
  EXPECT_THROW(for_each_parallel(items, 4,
                                 [&](int i) {
                                   if (i % 10 == 3)
                                     throw std::runtime_error("x");
                                   done++;
                                 }),
               std::runtime_error);
  EXPECT_EQ(done.load(), 45);
}

}  // namespace
