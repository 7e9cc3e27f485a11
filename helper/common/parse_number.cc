#include "common/parse_number.h"

#include <array>
#include <charconv>
#include <limits>
#include <string>

#include "common/error.h"

namespace pvfsf {

namespace {

[[noreturn]] void refuse(std::string_view text, std::string_view what,
                         std::string_view why) {
  throw UsageError(std::string(what) + " '" + std::string(text) +
                   "': " + std::string(why));
}

}  // namespace

uint64_t parse_u64(std::string_view text, std::string_view what) {
  if (text.empty()) refuse(text, what, "empty, expected a number");
  if (text.front() == '-')
    refuse(text, what, "negative numbers are not allowed");

  std::string_view digits = text;
  int base = 10;
  if (digits.size() >= 2 && digits[0] == '0' &&
      (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
    base = 16;
  } else if (digits.size() >= 2 && digits[0] == '0') {
    refuse(text, what,
           "leading zero: write decimal without it or hex as 0x...");
  }
  // from_chars would accept neither a sign nor spaces, but it would stop at
  // the first non-digit; the end check below catches that.
  if (digits.empty()) refuse(text, what, "no digits after 0x");

  uint64_t value = 0;
  const char* end = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), end, value, base);
  if (ec == std::errc::result_out_of_range)
    refuse(text, what, "does not fit in 64 bits");
  if (ec != std::errc() || ptr != end)
    refuse(text, what, "not a decimal or 0x-hex number");
  return value;
}

uint32_t parse_u32(std::string_view text, std::string_view what) {
  const uint64_t value = parse_u64(text, what);
  if (value > std::numeric_limits<uint32_t>::max())
    refuse(text, what, "does not fit in 32 bits");
  return static_cast<uint32_t>(value);
}

uint64_t parse_size(std::string_view text, std::string_view what) {
  struct Suffix {
    std::string_view name;
    unsigned shift;
  };
  // Longest names first so "KiB" is not read as "K" followed by garbage.
  static constexpr std::array<Suffix, 8> kSuffixes{{{"KiB", 10},
                                                    {"MiB", 20},
                                                    {"GiB", 30},
                                                    {"TiB", 40},
                                                    {"K", 10},
                                                    {"M", 20},
                                                    {"G", 30},
                                                    {"T", 40}}};
  std::string_view number = text;
  unsigned shift = 0;
  for (const Suffix& suffix : kSuffixes) {
    if (number.size() > suffix.name.size() && number.ends_with(suffix.name)) {
      number.remove_suffix(suffix.name.size());
      shift = suffix.shift;
      break;
    }
  }
  // A hex number may end in a letter that is also a suffix only if that
  // letter is a hex digit; none of K, M, G, T is, so no ambiguity arises.
  const uint64_t value = parse_u64(number, what);
  if (shift && value > (std::numeric_limits<uint64_t>::max() >> shift))
    refuse(text, what, "does not fit in 64 bits");
  return value << shift;
}

}  // namespace pvfsf
