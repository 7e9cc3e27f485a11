// Where the bytes of a pvfsf device live, computed with the shared stripe
// math (pvfsf_stripe.h, bytes as the unit): the checker's model of the
// kernel's remapping.
#ifndef PVFSF_TOOLS_STRIPE_LAYOUT_H
#define PVFSF_TOOLS_STRIPE_LAYOUT_H

#include <cstdint>
#include <vector>

#include "pvfsf_stripe.h"

namespace pvfsf::tools {

// Device bytes [pos, pos + len) are bytes [offset, offset + len) of datafile
// @member, counted from the member's start sector.
struct Extent {
  uint64_t pos;
  uint32_t member;
  uint64_t offset;
  uint64_t len;
};

// [pos, pos + len) cut at every strip boundary, in device order.
std::vector<Extent> map_range(const pvfsf_stripe& stripe, uint64_t pos,
                              uint64_t len);

// The extents of [0, size) that land on each member, per member in offset
// order.
std::vector<std::vector<Extent>> extents_by_member(const pvfsf_stripe& stripe,
                                                   uint64_t size);

// The most bytes a device over members with @usable bytes each (after their
// start sectors) can hold: the least pvfsf_stripe_member_limit().
uint64_t capacity_limit(const pvfsf_stripe& stripe,
                        const std::vector<uint64_t>& usable);

}  // namespace pvfsf::tools

#endif
