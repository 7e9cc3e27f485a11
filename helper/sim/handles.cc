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
  // Below 2^63: slot k of width 2^57 is even range k (0 = metafiles).  At
  // or above: slot k is odd range k, and slot 0 is range 64 (base 2^63).
  const bool top = handle & kTopBit;
  const unsigned slot = static_cast<unsigned>((handle & ~kTopBit) / kRangeWidth);
  if (top ? slot != 0 && slot % 2 == 0 : slot % 2 == 1) return std::nullopt;
  const unsigned range = top && slot == 0 ? kMaxServers : slot;
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
