#include "byte_pattern.h"

namespace pvfsf::tools {

namespace {

// splitmix64's finaliser: every input bit affects every output bit.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

void fill_pattern(uint64_t seed, uint32_t member, uint64_t offset,
                  std::span<uint8_t> out) {
  const uint64_t key = mix(seed ^ mix(member));
  // One 64-bit word per 8-byte-aligned group of member bytes.
  uint64_t word_nr = offset / 8;
  uint64_t word = mix(key ^ word_nr);
  for (size_t i = 0; i < out.size(); ++i) {
    const uint64_t at = offset + i;
    if (at / 8 != word_nr) {
      word_nr = at / 8;
      word = mix(key ^ word_nr);
    }
    out[i] = static_cast<uint8_t>(word >> (8 * (at % 8)));
  }
}

}  // namespace pvfsf::tools
