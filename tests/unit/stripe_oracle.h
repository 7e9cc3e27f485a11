// Independent models of PVFS simple_stripe, written from its description
// and not from pvfsf_stripe.h, for the tests to compare the header with.
//
// The walking oracle lays the file down one strip at a time: strip k goes to
// datafile k mod N, right after what that datafile already holds.  It is
// slow (one step per strip) and so obviously right; tests keep it to small
// positions.  dm_stripe_map() is device-mapper's "striped" target as its
// documentation describes it: PVFS simple_stripe must equal dm "striped"
// with the same chunk.
#ifndef PVFSF_TESTS_STRIPE_ORACLE_H
#define PVFSF_TESTS_STRIPE_ORACLE_H

#include <cstdint>
#include <optional>
#include <vector>

namespace pvfsf::oracle {

struct Place {
  uint32_t member;
  uint64_t offset;
  uint64_t strip_left;
};

inline Place walk_map(uint64_t strip, uint32_t members, uint64_t pos) {
  std::vector<uint64_t> held(members, 0);
  uint64_t strip_start = 0;
  for (uint32_t m = 0;; m = (m + 1) % members) {
    if (pos - strip_start < strip)
      return {m, held[m] + (pos - strip_start), strip - (pos - strip_start)};
    held[m] += strip;
    strip_start += strip;
  }
}

// The file position at @offset of datafile @member; walks until found.
inline uint64_t walk_unmap(uint64_t strip, uint32_t members, uint32_t member,
                           uint64_t offset) {
  std::vector<uint64_t> held(members, 0);
  uint64_t strip_start = 0;
  for (uint32_t m = 0;; m = (m + 1) % members) {
    if (m == member && offset - held[m] < strip)
      return strip_start + (offset - held[m]);
    held[m] += strip;
    strip_start += strip;
  }
}

// What each datafile holds once the file is @file_size long.
inline std::vector<uint64_t> walk_member_sizes(uint64_t strip, uint32_t members,
                                               uint64_t file_size) {
  std::vector<uint64_t> held(members, 0);
  uint64_t left = file_size;
  for (uint32_t m = 0; left; m = (m + 1) % members) {
    const uint64_t piece = left < strip ? left : strip;
    held[m] += piece;
    left -= piece;
  }
  return held;
}

// The first file position whose byte datafile @member cannot hold when it
// is @member_size long.
inline uint64_t walk_member_limit(uint64_t strip, uint32_t members,
                                  uint32_t member, uint64_t member_size) {
  return walk_unmap(strip, members, member, member_size);
}

// dm "striped" as its table documentation states it: sector s is in chunk
// s / chunk_size, which goes to stripe chunk % stripes, at chunk / stripes
// chunks into that stripe's device.
inline void dm_stripe_map(uint64_t chunk_size, uint32_t stripes,
                          uint64_t sector, uint32_t* stripe, uint64_t* result) {
  const uint64_t chunk = sector / chunk_size;
  *stripe = static_cast<uint32_t>(chunk % stripes);
  *result = (chunk / stripes) * chunk_size + sector % chunk_size;
}

// The file position of @offset in datafile @member in 128 bits, for
// deciding whether the header's 64-bit answer must overflow.
inline unsigned __int128 wide_unmap(uint64_t strip, uint32_t members,
                                    uint32_t member, uint64_t offset) {
  const unsigned __int128 strip_nr =
      static_cast<unsigned __int128>(offset / strip) * members + member;
  return strip_nr * strip + offset % strip;
}

}  // namespace pvfsf::oracle

#endif
