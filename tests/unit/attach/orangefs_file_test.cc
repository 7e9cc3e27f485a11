// When attach PATH unstuffs a file first: only a stuffed file (the mount
// shows system.pvfs2.nd) that gets more than one datafile, and whose device
// may write past its first strip.  Skipping one loses what the device
// writes past the strip (VM test 512).
#include "attach/orangefs_file.h"

#include <gtest/gtest.h>

namespace pvfsf::attach {
namespace {

// A file of @size bytes and one datafile; stuffed, to be unstuffed into
// @unstuffed datafiles, unless that is 0.
orangefs::MountedFile file(uint64_t size, uint32_t unstuffed) {
  orangefs::MountedFile f;
  f.fs_id = 7;
  f.handle = 1234;
  f.size = size;
  f.strip_size = 65536;
  f.datafiles = {100};
  f.unstuffed_datafiles = unstuffed;
  return f;
}

TEST(AttachOrangefsFile, UnstuffedWhenTheDeviceMayWritePastTheStrip) {
  EXPECT_TRUE(needs_unstuffing(file(0, 4), 65537));
  EXPECT_TRUE(needs_unstuffing(file(13, 2), 4 << 20));
  EXPECT_TRUE(needs_unstuffing(file(65536, 4), 65537));
}

TEST(AttachOrangefsFile, LeftAloneWithinTheStrip) {
  EXPECT_FALSE(needs_unstuffing(file(13, 4), 65536));
  EXPECT_FALSE(needs_unstuffing(file(65536, 4), 0));  // extent: its size
  EXPECT_FALSE(needs_unstuffing(file(0, 4), 0));
}

TEST(AttachOrangefsFile, LeftAloneWhenNotStuffedOrStuffedIntoOne) {
  // One datafile of its own (pvfs2-cp -n 1): no system.pvfs2.nd.
  EXPECT_FALSE(needs_unstuffing(file(13, 0), 4 << 20));
  // Unstuffed into one datafile, every strip stays where it is.
  EXPECT_FALSE(needs_unstuffing(file(13, 1), 4 << 20));
}

}  // namespace
}  // namespace pvfsf::attach
