// Runs a function over items on a few threads, for work whose cost is
// waiting: in the kernel (removing a LUN waits for an RCU grace period) or
// on the network (one export request per server).
#ifndef PVFSF_HELPER_COMMON_PARALLEL_H
#define PVFSF_HELPER_COMMON_PARALLEL_H

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pvfsf {

// Calls @fn(item) for every item of @items on up to @threads threads and
// waits for all.  If calls throw, the others still run; the first
// exception is rethrown at the end.
template <typename T, typename F>
void for_each_parallel(const std::vector<T>& items, unsigned threads, F fn) {
  std::atomic<size_t> next{0};
  std::exception_ptr first;
  std::mutex mutex;
  auto work = [&] {
    for (size_t i; (i = next++) < items.size();) {
      try {
        fn(items[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!first) first = std::current_exception();
      }
    }
  };
  const size_t count = std::min<size_t>(threads, items.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < count; t++) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace pvfsf

#endif
