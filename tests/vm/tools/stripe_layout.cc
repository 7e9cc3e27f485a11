#include "stripe_layout.h"

#include <algorithm>
#include <limits>

namespace pvfsf::tools {

std::vector<Extent> map_range(const pvfsf_stripe& stripe, uint64_t pos,
                              uint64_t len) {
  std::vector<Extent> extents;
  while (len) {
    pvfsf_stripe_pos where;
    pvfsf_stripe_map(&stripe, pos, &where);
    const uint64_t piece = std::min<uint64_t>(len, where.strip_left);
    extents.push_back({pos, where.member, where.offset, piece});
    pos += piece;
    len -= piece;
  }
  return extents;
}

std::vector<std::vector<Extent>> extents_by_member(const pvfsf_stripe& stripe,
                                                   uint64_t size) {
  std::vector<std::vector<Extent>> by_member(stripe.nr_members);
  // Device order visits each member's strips in increasing offset order.
  for (const Extent& e : map_range(stripe, 0, size))
    by_member[e.member].push_back(e);
  return by_member;
}

uint64_t capacity_limit(const pvfsf_stripe& stripe,
                        const std::vector<uint64_t>& usable) {
  uint64_t limit = std::numeric_limits<uint64_t>::max();
  for (uint32_t m = 0; m < usable.size(); ++m)
    limit = std::min<uint64_t>(
        limit, pvfsf_stripe_member_limit(&stripe, m, usable[m]));
  return limit;
}

}  // namespace pvfsf::tools
