// The two extended attributes of a file on an OrangeFS mount, encoded as
// the servers encode them (src/proto/endecode-funcs.h), and what must be
// refused.
#include <gtest/gtest.h>

#include <string>

#include "orangefs/mounted_file.h"

namespace pvfsf::orangefs {
namespace {

std::string le(uint64_t value, size_t width) {
  std::string bytes;
  for (size_t i = 0; i < width; i++) bytes.push_back(char(value >> (8 * i)));
  return bytes;
}

// encode_string: u32 length, the name, its NUL, zeros to a multiple of 8.
std::string md(const std::string& name, uint64_t strip) {
  std::string bytes = le(name.size(), 4) + name + '\0';
  bytes.resize((bytes.size() + 7) / 8 * 8, '\0');
  return bytes + le(strip, 8);
}

TEST(OrangefsMountedFile, SimpleStripeStripSize) {
  // "simple_stripe" is 13 bytes: 4 + 13 + 1 = 18, the strip at 24.
  EXPECT_EQ(md("simple_stripe", 65536).size(), 32u);
  EXPECT_EQ(parse_distribution(md("simple_stripe", 65536), "md"), 65536u);
  EXPECT_EQ(parse_distribution(md("simple_stripe", 196608), "md"), 196608u);
}

void expect_refused(const std::string& value, const std::string& message) {
  try {
    parse_distribution(value, "md");
    ADD_FAILURE() << "accepted";
  } catch (const FsConfError& e) {
    EXPECT_EQ(e.what(), "md: " + message);
  }
}

TEST(OrangefsMountedFile, RefusesOtherDistributionsAndBadValues) {
  expect_refused(md("basic_dist", 65536),
                 "distribution basic_dist: pvfsf maps simple_stripe files only");
  expect_refused(md("simple_stripe", 1000),
                 "strip size 1000 is not a positive multiple of 512");
  expect_refused(md("simple_stripe", 0),
                 "strip size 0 is not a positive multiple of 512");
  expect_refused(md("simple_stripe", 65536).substr(0, 28), "no strip size");
  expect_refused("abc", "shorter than its name's length");
  expect_refused(le(200, 4) + "simple_stripe", "name length 200 does not fit");
  std::string no_nul = md("simple_stripe", 65536);
  no_nul[17] = 'x';
  expect_refused(no_nul, "name is not NUL-terminated");
}

TEST(OrangefsMountedFile, DatafileHandlesInStripeOrder) {
  const std::string dh = le(5534023222112865483u, 8) + le(1844674407370955163u, 8);
  EXPECT_EQ(parse_datafile_handles(dh, "dh"),
            (std::vector<uint64_t>{5534023222112865483u, 1844674407370955163u}));
  EXPECT_THROW(parse_datafile_handles("", "dh"), FsConfError);
  EXPECT_THROW(parse_datafile_handles(dh.substr(0, 12), "dh"), FsConfError);
  EXPECT_THROW(parse_datafile_handles(std::string(8 * 1025, '\1'), "dh"),
               FsConfError);
}

// system.pvfs2.nd, as a stuffing server keeps it (seen on 2.10: 04000000
// for a stuffed file of a 4-server file system).
TEST(OrangefsMountedFile, RequestedDatafilesOfAStuffedFile) {
  EXPECT_EQ(parse_requested_datafiles(le(4, 4), "nd"), 4u);
  EXPECT_EQ(parse_requested_datafiles(le(1024, 4), "nd"), 1024u);
  EXPECT_THROW(parse_requested_datafiles(le(0, 4), "nd"), FsConfError);
  EXPECT_THROW(parse_requested_datafiles(le(1025, 4), "nd"), FsConfError);
  EXPECT_THROW(parse_requested_datafiles(le(4, 8), "nd"), FsConfError);
  EXPECT_THROW(parse_requested_datafiles("", "nd"), FsConfError);
}

}  // namespace
}  // namespace pvfsf::orangefs
