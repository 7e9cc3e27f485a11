// The DEVICE|N argument of pvfsf-ctl remove and info.
#include "control/device_ref.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace {

using pvfsf::parse_device_ref;
using pvfsf::UsageError;

TEST(DeviceRef, IndexForms) {
  for (const char* text : {"3", "pvfsf3", "/dev/pvfsf3", "0x3"}) {
    const pvfsf::DeviceRef ref = parse_device_ref(text);
    ASSERT_TRUE(ref.index.has_value()) << text;
    EXPECT_EQ(*ref.index, 3u) << text;
  }
  EXPECT_EQ(*parse_device_ref("4294967295").index, UINT32_MAX);
}

TEST(DeviceRef, OtherPathsAreLookedUp) {
  for (const char* text : {"/dev/disk/by-id/pvfsf-7-42", "/tmp/node",
                           "/dev/pvfsf-control", "pvfsf"}) {
    const pvfsf::DeviceRef ref = parse_device_ref(text);
    EXPECT_FALSE(ref.index.has_value()) << text;
    EXPECT_EQ(ref.path, text);
  }
}

TEST(DeviceRef, RefusesMalformedIndices) {
  for (const char* text :
       {"", "3x", "pvfsf3p1", "/dev/pvfsf99999999999", "01", "4294967296"})
    EXPECT_THROW(parse_device_ref(text), UsageError) << "'" << text << "'";
}

}  // namespace
