#include "sim/handles.h"

#include <stdexcept>
#include <string>

namespace pvfsf::sim {

namespace {
constexpr uint64_t kTopBit = uint64_t{1} << 63;
}

uint64_t range_base(unsigned range) {
  if (range > kMaxServers)
    throw std::out_of_range("no handle range " + std::to_string(range));
  // k * 2^57 <= 2^63 for k <= 64; odd k gets the top bit (its base is
  // then below 2^64, since odd k < 64).
  return uint64_t{range} * kRangeWidth + (range % 2 ? kTopBit : 0);
}

std::optional<unsigned> range_of(uint64_t handle) {
  const uint64_t low = handle & ~kTopBit;
  const unsigned slot = static_cast<unsigned>(low / kRangeWidth);
  // Ranges with the top bit are the odd ones; range 64 is the only even
  // range at or above 2^63 (its base is exactly 2^63, slot 0).
  unsigned range;
  if (handle & kTopBit)
    range = slot == 0 ? kMaxServers : slot;
  else
    range = slot;
  if (range > kMaxServers) return std::nullopt;
  if ((handle & kTopBit) && slot != 0 && slot % 2 == 0) return std::nullopt;
  if (!(handle & kTopBit) && slot % 2 == 1) return std::nullopt;
  if (handle == range_base(range)) return std::nullopt;
  return range;
}

uint64_t nth_handle(unsigned range, uint64_t count) {
  if (count == 0 || count >= kRangeWidth)
    throw std::out_of_range("handle range " + std::to_string(range) +
                            " has no handle number " + std::to_string(count));
  return range_base(range) + count;
}

}  // namespace pvfsf::sim
