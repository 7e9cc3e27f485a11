// Strict parsers for the numbers on pvfsf command lines.  PVFS handles use
// all 64 bits, so a silent wrap (strtoull("-1")) or a truncation would name
// a different file: every parser here refuses anything but a whole number
// that fits, and says why in a UsageError whose message starts with @what.
#ifndef PVFSF_HELPER_COMMON_PARSE_NUMBER_H
#define PVFSF_HELPER_COMMON_PARSE_NUMBER_H

#include <cstdint>
#include <string_view>

namespace pvfsf {

// Decimal ("4096") or hexadecimal with 0x/0X ("0x1000").  Refused: empty,
// signs, spaces, trailing garbage, a leading 0 on a decimal ("010": octal or
// decimal?), values above 2^64-1.
uint64_t parse_u64(std::string_view text, std::string_view what);

// As parse_u64, and refuses values above 2^32-1.
uint32_t parse_u32(std::string_view text, std::string_view what);

// A byte count: parse_u64 syntax, optionally followed by one binary suffix
// K, M, G, T (also KiB, MiB, GiB, TiB), e.g. "64K" = 65536.  Refuses a
// product that overflows.
uint64_t parse_size(std::string_view text, std::string_view what);

}  // namespace pvfsf

#endif
