// The strict number parsers of the command lines.
#include "common/parse_number.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error.h"

namespace {

using pvfsf::parse_size;
using pvfsf::parse_u32;
using pvfsf::parse_u64;
using pvfsf::UsageError;

// The message of the UsageError @parse throws, or "" if it throws none.
template <typename Parse>
std::string refusal(Parse parse) {
  try {
    parse();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ParseU64, Decimal) {
  EXPECT_EQ(parse_u64("0", "x"), 0u);
  EXPECT_EQ(parse_u64("4096", "x"), 4096u);
  EXPECT_EQ(parse_u64("18446744073709551615", "x"), UINT64_MAX);
}

TEST(ParseU64, Hex) {
  EXPECT_EQ(parse_u64("0x0", "x"), 0u);
  EXPECT_EQ(parse_u64("0x1000", "x"), 4096u);
  EXPECT_EQ(parse_u64("0XfF", "x"), 255u);
  EXPECT_EQ(parse_u64("0xffffffffffffffff", "x"), UINT64_MAX);
  EXPECT_EQ(parse_u64("0x00000000000000000001", "x"), 1u);
}

TEST(ParseU64, RefusesOverflow) {
  EXPECT_EQ(refusal([] { parse_u64("18446744073709551616", "--handle"); }),
            "--handle '18446744073709551616': does not fit in 64 bits");
  EXPECT_EQ(refusal([] { parse_u64("0x10000000000000000", "--handle"); }),
            "--handle '0x10000000000000000': does not fit in 64 bits");
}

TEST(ParseU64, RefusesNegative) {
  EXPECT_EQ(refusal([] { parse_u64("-1", "--handle"); }),
            "--handle '-1': negative numbers are not allowed");
  EXPECT_EQ(refusal([] { parse_u64("-0x1", "--handle"); }),
            "--handle '-0x1': negative numbers are not allowed");
}

TEST(ParseU64, RefusesGarbage) {
  for (const char* text : {"12abc", "abc", "0x", "0xg", " 1", "1 ", "+1", "1.5",
                           "1e3", "0b101", "0x-1", "0x+1", "x1"}) {
    const std::string why = refusal([&] { parse_u64(text, "--handle"); });
    EXPECT_FALSE(why.empty()) << "accepted '" << text << "'";
    EXPECT_EQ(why.rfind("--handle '" + std::string(text) + "': ", 0), 0u)
        << why;
  }
  EXPECT_EQ(refusal([] { parse_u64("", "--fs-id"); }),
            "--fs-id '': empty, expected a number");
}

// "010" might mean 8 (C) or 10 (people); neither guess is safe for a handle.
TEST(ParseU64, RefusesLeadingZero) {
  EXPECT_EQ(refusal([] { parse_u64("010", "x"); }),
            "x '010': leading zero: write decimal without it or hex as 0x...");
}

TEST(ParseU32, Range) {
  EXPECT_EQ(parse_u32("4294967295", "x"), UINT32_MAX);
  EXPECT_EQ(parse_u32("0xffffffff", "x"), UINT32_MAX);
  EXPECT_EQ(refusal([] { parse_u32("4294967296", "--fs-id"); }),
            "--fs-id '4294967296': does not fit in 32 bits");
  EXPECT_FALSE(refusal([] { parse_u32("-1", "--fs-id"); }).empty());
}

TEST(ParseSize, Suffixes) {
  EXPECT_EQ(parse_size("4096", "x"), 4096u);
  EXPECT_EQ(parse_size("64K", "x"), 65536u);
  EXPECT_EQ(parse_size("64KiB", "x"), 65536u);
  EXPECT_EQ(parse_size("1M", "x"), 1u << 20);
  EXPECT_EQ(parse_size("1GiB", "x"), 1u << 30);
  EXPECT_EQ(parse_size("2T", "x"), 2ULL << 40);
  EXPECT_EQ(parse_size("0x10K", "x"), 16u << 10);
}

TEST(ParseSize, Refusals) {
  EXPECT_EQ(refusal([] { parse_size("16777216T", "--strip"); }),
            "--strip '16777216T': does not fit in 64 bits");
  for (const char* text : {"K", "64k", "64KB", "64 K", "-64K", "64Ki", "1.5M"})
    EXPECT_FALSE(refusal([&] { parse_size(text, "--strip"); }).empty())
        << "accepted '" << text << "'";
}

}  // namespace
