// When attach PATH unstuffs a file first: only a file of one datafile no
// larger than its strip (as a stuffed file always is) whose device may
// write past that strip.  Unstuffing a file that is not stuffed changes
// nothing, but skipping one that is loses what the device writes past the
// strip (VM test 512), so the rule errs towards unstuffing.
#include "attach/orangefs_file.h"

#include <gtest/gtest.h>

namespace pvfsf::attach {
namespace {

orangefs::MountedFile file(size_t datafiles, uint64_t size) {
  orangefs::MountedFile f;
  f.fs_id = 7;
  f.handle = 1234;
  f.size = size;
  f.strip_size = 65536;
  for (size_t i = 0; i < datafiles; i++) f.datafiles.push_back(100 + i);
  return f;
}

TEST(AttachOrangefsFile, UnstuffedWhenTheDeviceMayWritePastTheStrip) {
  EXPECT_TRUE(needs_unstuffing(file(1, 0), 65537));
  EXPECT_TRUE(needs_unstuffing(file(1, 13), 4 << 20));
  EXPECT_TRUE(needs_unstuffing(file(1, 65536), 65537));
}

TEST(AttachOrangefsFile, LeftAloneWithinTheStrip) {
  EXPECT_FALSE(needs_unstuffing(file(1, 13), 65536));
  EXPECT_FALSE(needs_unstuffing(file(1, 65536), 0));  // extent: its size
  EXPECT_FALSE(needs_unstuffing(file(1, 0), 0));
}

TEST(AttachOrangefsFile, LeftAloneWhenItCannotBeStuffed) {
  // More than one datafile, or larger than a strip: not stuffed.
  EXPECT_FALSE(needs_unstuffing(file(4, 13), 4 << 20));
  EXPECT_FALSE(needs_unstuffing(file(2, 0), 4 << 20));
  EXPECT_FALSE(needs_unstuffing(file(1, 65537), 4 << 20));
}

}  // namespace
}  // namespace pvfsf::attach
