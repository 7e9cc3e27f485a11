// The unit serial in VPD page 0x80 (sysfs's device/vpd_pg80), and how
// serials are compared.
#include <gtest/gtest.h>

#include <string>

#include "attach/scsi_disk.h"
#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

using test::unhex;

// The message of the VpdError parse_vpd_pg80(@page) throws, "" if none.
std::string refusal(const std::string& page) {
  try {
    parse_vpd_pg80(page);
  } catch (const VpdError& e) {
    return e.what();
  }
  return "";
}

// Byte for byte what the 6.1 guest showed for a LIO LUN whose
// wwn/vpd_unit_serial is 00000007000000000010000a: the length (0x19 = 25)
// counts a NUL after the 24 characters.
const std::string kLioPage = unhex(
    "00 80 00 19 30 30 30 30 30 30 30 37 30 30 30 30"
    "30 30 30 30 30 30 31 30 30 30 30 61 00");

TEST(AttachVpd, LioPageFromTheGuest) {
  EXPECT_EQ(parse_vpd_pg80(kLioPage), "00000007000000000010000a");
}

TEST(AttachVpd, SpacePaddingIsStripped) {
  // tgt and SPC pad with spaces; either side.
  EXPECT_EQ(parse_vpd_pg80(unhex("00 80 00 08") + "  beef  "), "beef");
  EXPECT_EQ(parse_vpd_pg80(unhex("00 80 00 06") + "ab    "), "ab");
  EXPECT_EQ(parse_vpd_pg80(unhex("00 80 00 06") + "    ab"), "ab");
  // NULs and spaces mixed at the end, as a sloppy target may send.
  EXPECT_EQ(parse_vpd_pg80(unhex("00 80 00 06") + "ab" + unhex("00 20 00 00")), "ab");
  // Inner spaces are part of the serial.
  EXPECT_EQ(parse_vpd_pg80(unhex("00 80 00 05") + "a b c"), "a b c");
}

TEST(AttachVpd, OnlyTheStatedLengthCounts) {
  // Bytes past the page length (a larger read buffer) are not the serial.
  EXPECT_EQ(parse_vpd_pg80(unhex("00 80 00 02") + "ab" + "garbage"), "ab");
  // The peripheral byte is not checked: qualifier and type vary.
  EXPECT_EQ(parse_vpd_pg80(unhex("1f 80 00 02") + "ab"), "ab");
}

TEST(AttachVpd, RefusesShortBuffer) {
  EXPECT_EQ(refusal(""), "VPD page 0x80: 0 bytes, shorter than the 4-byte header");
  EXPECT_EQ(refusal(unhex("00 80 00")),
            "VPD page 0x80: 3 bytes, shorter than the 4-byte header");
}

TEST(AttachVpd, RefusesWrongPageCode) {
  EXPECT_EQ(refusal(unhex("00 83 00 02") + "ab"), "VPD page 0x80: the page code is 0x83");
  EXPECT_EQ(refusal(unhex("00 00 00 02") + "ab"), "VPD page 0x80: the page code is 0x00");
}

TEST(AttachVpd, RefusesLengthBeyondBuffer) {
  EXPECT_EQ(refusal(unhex("00 80 00 19") + "0000000700000000"),
            "VPD page 0x80: the page length 25 runs past the 16 bytes after the header");
  // The length is 16 bits, big-endian: 0x0100 is 256, not 1.
  EXPECT_EQ(refusal(unhex("00 80 01 00") + "a"),
            "VPD page 0x80: the page length 256 runs past the 1 bytes after the header");
}

TEST(AttachVpd, RefusesBlankSerial) {
  EXPECT_EQ(refusal(unhex("00 80 00 00")), "VPD page 0x80: the unit serial is blank");
  EXPECT_EQ(refusal(unhex("00 80 00 04") + "    "), "VPD page 0x80: the unit serial is blank");
  EXPECT_EQ(refusal(unhex("00 80 00 03 00 00 00")), "VPD page 0x80: the unit serial is blank");
}

TEST(AttachVpd, RefusesUnprintableBytes) {
  EXPECT_EQ(refusal(unhex("00 80 00 03") + "a" + unhex("07") + "b"),
            "VPD page 0x80: byte 0x07 of the unit serial (at offset 5) is not printable ASCII");
  // A NUL inside is not a terminator when something follows it.
  EXPECT_EQ(refusal(unhex("00 80 00 03") + "a" + unhex("00") + "b"),
            "VPD page 0x80: byte 0x00 of the unit serial (at offset 5) is not printable ASCII");
  EXPECT_EQ(refusal(unhex("00 80 00 02") + "a" + unhex("ff")),
            "VPD page 0x80: byte 0xff of the unit serial (at offset 5) is not printable ASCII");
}

TEST(AttachSerial, NormalizeTrimsBlanks) {
  EXPECT_EQ(normalize_serial("  00000007000000000010000a   "), "00000007000000000010000a");
  EXPECT_EQ(normalize_serial("abc\n"), "abc");
  EXPECT_EQ(normalize_serial("   "), "");
}

TEST(AttachSerial, MatchesExactlyAfterNormalizing) {
  EXPECT_TRUE(serial_matches("00000007000000000010000a", "00000007000000000010000a"));
  // udev's ID_SCSI_SERIAL from tgt comes padded with spaces.
  EXPECT_TRUE(serial_matches("00000007000000000010000a", "00000007000000000010000a      "));
  EXPECT_TRUE(serial_matches(" beef", "beef "));
}

TEST(AttachSerial, NoPrefixCaseOrBlankMatches) {
  // A serial truncated by the target is another serial.
  EXPECT_FALSE(serial_matches("00000007000000000010000a", "00000007000000000010000"));
  EXPECT_FALSE(serial_matches("00000007000000000010000", "00000007000000000010000a"));
  // Serials are ASCII data: case counts.
  EXPECT_FALSE(serial_matches("00000007000000000010000a", "00000007000000000010000A"));
  EXPECT_FALSE(serial_matches("", ""));
  EXPECT_FALSE(serial_matches("  ", "  "));
  EXPECT_FALSE(serial_matches("a", ""));
}

}  // namespace
}  // namespace pvfsf::attach
