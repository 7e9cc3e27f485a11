// Handle allocation of the simulated cluster.  PVFS hands every server a
// range of handles of its own, so a handle is unique in the file system and
// names its server; pvfs-sim does the same with fixed ranges:
//
//   range 0 (metafiles)      [1, 2^57)
//   range k (server k, 1..64) starts at k * 2^57, moved up by 2^63 when k is
//                            odd: (k * 2^57 + (k mod 2) * 2^63) mod 2^64,
//                            and is 2^57 handles wide
//
// so that server 1, 3, ... hand out handles above 2^63 and 2, 4, ...
// below it (every tool on the path must carry all 64 bits), and no two
// ranges meet.  Within a range handles are given out in order, from the
// range's start + 1; the counters persist in the cluster state.
#ifndef PVFSF_HELPER_SIM_HANDLES_H
#define PVFSF_HELPER_SIM_HANDLES_H

#include <cstdint>
#include <optional>

namespace pvfsf::sim {

inline constexpr unsigned kMaxServers = 64;
inline constexpr uint64_t kRangeWidth = uint64_t{1} << 57;

// The first value of range @range (0 = metafiles, 1..kMaxServers =
// servers).  Handles of the range are range_base + 1 .. range_base +
// kRangeWidth - 1.
uint64_t range_base(unsigned range);

// The range @handle belongs to, nullopt for 0, a range's base (never
// handed out) or a handle of no range.
std::optional<unsigned> range_of(uint64_t handle);

// The @count-th handle of @range (count 1 is the first).  Throws
// std::out_of_range if the range has no such handle.
uint64_t nth_handle(unsigned range, uint64_t count);

}  // namespace pvfsf::sim

#endif
