// Which devices an attach must not hand out: one whose removal has begun,
// or waits for its last close (detach --lazy).
#include "attach/dying_device.h"

#include <gtest/gtest.h>

namespace pvfsf::attach {
namespace {

DeviceInfo device(uint32_t state, uint32_t flags) {
  DeviceInfo info;
  info.state = state;
  info.flags = flags;
  return info;
}

TEST(AttachDyingDevice, RemovingOrRemoveOnCloseIsDying) {
  EXPECT_FALSE(is_dying(device(PVFSF_STATE_LIVE, 0)));
  EXPECT_FALSE(is_dying(device(PVFSF_STATE_LIVE, PVFSF_INFO_READ_ONLY)));
  EXPECT_FALSE(is_dying(device(PVFSF_STATE_DEGRADED, 0)));
  EXPECT_FALSE(is_dying(device(PVFSF_STATE_ASSEMBLING, 0)));
  EXPECT_TRUE(is_dying(device(PVFSF_STATE_REMOVING, 0)));
  EXPECT_TRUE(is_dying(device(PVFSF_STATE_LIVE, PVFSF_INFO_REMOVE_ON_CLOSE)));
  EXPECT_TRUE(is_dying(device(PVFSF_STATE_DEGRADED,
                              PVFSF_INFO_REMOVE_ON_CLOSE | PVFSF_INFO_READ_ONLY)));
}

}  // namespace
}  // namespace pvfsf::attach
