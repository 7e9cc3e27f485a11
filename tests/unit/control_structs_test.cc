// What the control wrapper puts into the kernel's structs, and how it sizes
// LIST and INFO, against a fake kernel.
#include "control/control_structs.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

namespace {

using pvfsf::CreateSpec;
using pvfsf::DeviceInfo;

// Compares whole structs byte for byte, so reserved fields and any padding
// must be zero wherever @want has them zero.
template <typename T>
void expect_bytes_equal(const T& got, const T& want) {
  EXPECT_EQ(std::memcmp(&got, &want, sizeof(T)), 0);
}

template <typename T>
T zeroed() {
  T value;
  std::memset(&value, 0, sizeof(T));
  return value;
}

uint64_t pointer(const void* p) { return reinterpret_cast<uintptr_t>(p); }

CreateSpec two_member_spec() {
  CreateSpec spec;
  spec.fs_id = 0x12345678;
  spec.handle = 0xfedcba9876543210ULL;
  spec.strip_size = 65536;
  spec.members = {{100, 0, 8, 16, "/dev/sdb"}, {101, 2048, 8, 32, ""}};
  return spec;
}

TEST(CreateRequest, CarriesTheSpec) {
  const CreateSpec spec = two_member_spec();
  std::vector<pvfsf_member> members;
  const pvfsf_create got = pvfsf::make_create_request(spec, members);

  auto want = zeroed<pvfsf_create>();
  want.version = PVFSF_CTL_VERSION;
  want.fs_id = 0x12345678;
  want.nr_members = 2;
  want.handle = 0xfedcba9876543210ULL;
  want.strip_size = 65536;
  want.members = pointer(members.data());
  expect_bytes_equal(got, want);

  ASSERT_EQ(members.size(), 2u);
  auto m0 = zeroed<pvfsf_member>();
  m0.datafile_handle = 100;
  m0.dev_major = 8;
  m0.dev_minor = 16;
  expect_bytes_equal(members[0], m0);
  auto m1 = zeroed<pvfsf_member>();
  m1.datafile_handle = 101;
  m1.start_sector = 2048;
  m1.dev_major = 8;
  m1.dev_minor = 32;
  expect_bytes_equal(members[1], m1);
}

TEST(CreateRequest, ReadOnlyFlag) {
  CreateSpec spec = two_member_spec();
  std::vector<pvfsf_member> members;
  EXPECT_EQ(pvfsf::make_create_request(spec, members).flags, 0u);
  spec.read_only = true;
  EXPECT_EQ(pvfsf::make_create_request(spec, members).flags,
            static_cast<uint32_t>(PVFSF_CREATE_READ_ONLY));
}

// A member left unbound (0:0) asks the kernel to assemble, and the
// capacity goes along; with every member bound, no flag is set.
TEST(CreateRequest, UnboundMemberAssembles) {
  CreateSpec spec = two_member_spec();
  spec.capacity_sectors = 4096;
  std::vector<pvfsf_member> members;
  pvfsf_create got = pvfsf::make_create_request(spec, members);
  EXPECT_EQ(got.flags, 0u);
  EXPECT_EQ(got.capacity, 4096u);

  spec.members[1].dev_major = 0;
  spec.members[1].dev_minor = 0;
  got = pvfsf::make_create_request(spec, members);
  EXPECT_EQ(got.flags, static_cast<uint32_t>(PVFSF_CREATE_ASSEMBLE));
  EXPECT_EQ(got.capacity, 4096u);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].datafile_handle, 101u);
  EXPECT_EQ(members[1].dev_major, 0u);
  EXPECT_EQ(members[1].dev_minor, 0u);
}

// Stale entries from an earlier use of the vector must not be sent.
TEST(CreateRequest, ReplacesOldMembers) {
  std::vector<pvfsf_member> members(5);
  const pvfsf_create got =
      pvfsf::make_create_request(two_member_spec(), members);
  EXPECT_EQ(members.size(), 2u);
  EXPECT_EQ(got.nr_members, 2u);
}

TEST(RemoveRequest, Fields) {
  auto want = zeroed<pvfsf_remove>();
  want.version = PVFSF_CTL_VERSION;
  want.index = 7;
  expect_bytes_equal(pvfsf::make_remove_request(7, false), want);
  want.flags = PVFSF_REMOVE_DEFERRED;
  expect_bytes_equal(pvfsf::make_remove_request(7, true), want);
}

TEST(BindRequest, Fields) {
  pvfsf::Member member;
  member.datafile_handle = 0x1234;
  member.start_sector = 8;
  member.dev_major = 8;
  member.dev_minor = 16;
  member.path = "/dev/sdb";
  auto want = zeroed<pvfsf_bind>();
  want.version = PVFSF_CTL_VERSION;
  want.index = 3;
  want.slot = 2;
  want.member.datafile_handle = 0x1234;
  want.member.start_sector = 8;
  want.member.dev_major = 8;
  want.member.dev_minor = 16;
  expect_bytes_equal(pvfsf::make_bind_request(3, 2, member), want);
}

TEST(InfoRequest, Fields) {
  std::vector<pvfsf_member> room(3);
  auto want = zeroed<pvfsf_info>();
  want.version = PVFSF_CTL_VERSION;
  want.index = 9;
  want.members = pointer(room.data());
  want.members_len = 3;
  expect_bytes_equal(pvfsf::make_info_request(9, room), want);
}

TEST(ListRequest, Fields) {
  std::vector<uint32_t> room(4);
  auto want = zeroed<pvfsf_list>();
  want.version = PVFSF_CTL_VERSION;
  want.indices = pointer(room.data());
  want.indices_len = 4;
  expect_bytes_equal(pvfsf::make_list_request(room), want);
}

TEST(FeaturesRequest, Fields) {
  auto want = zeroed<pvfsf_features>();
  want.version = PVFSF_CTL_VERSION;
  expect_bytes_equal(pvfsf::make_features_request(), want);
}

// A fake LIST: reports every device, copies as many as there is room for.
struct FakeList {
  std::vector<uint32_t> devices;
  int calls = 0;
  void operator()(pvfsf_list& req) {
    ++calls;
    EXPECT_EQ(req.version, static_cast<uint32_t>(PVFSF_CTL_VERSION));
    auto* out = reinterpret_cast<uint32_t*>(req.indices);
    for (uint32_t i = 0; i < devices.size() && i < req.indices_len; ++i)
      out[i] = devices[i];
    req.nr_devices = static_cast<uint32_t>(devices.size());
  }
};

TEST(ListSizing, SizesThenFetches) {
  FakeList kernel{{5, 9, 2}};
  EXPECT_EQ(pvfsf::list_until_complete(std::ref(kernel)),
            (std::vector<uint32_t>{5, 9, 2}));
  EXPECT_EQ(kernel.calls, 2);
}

TEST(ListSizing, NoDevicesTakesOneCall) {
  FakeList kernel;
  EXPECT_TRUE(pvfsf::list_until_complete(std::ref(kernel)).empty());
  EXPECT_EQ(kernel.calls, 1);
}

TEST(ListSizing, FollowsGrowthAndShrinkage) {
  int calls = 0;
  FakeList kernel{{1}};
  auto changing = [&](pvfsf_list& req) {
    // Grows by one on each of the first calls, then loses one.
    if (calls < 3) kernel.devices.push_back(10 + calls);
    if (calls == 3) kernel.devices.pop_back();
    ++calls;
    kernel(req);
  };
  const std::vector<uint32_t> got = pvfsf::list_until_complete(changing);
  EXPECT_EQ(got, kernel.devices);
}

TEST(ListSizing, GivesUpOnEndlessGrowth) {
  FakeList kernel;
  auto growing = [&](pvfsf_list& req) {
    kernel.devices.push_back(static_cast<uint32_t>(kernel.devices.size()));
    kernel(req);
  };
  try {
    pvfsf::list_until_complete(growing);
    FAIL() << "listed a set that never stopped growing";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EAGAIN);
  }
}

TEST(InfoSizing, FetchesEveryMember) {
  int calls = 0;
  auto kernel = [&](pvfsf_info& req) {
    ++calls;
    EXPECT_EQ(req.version, static_cast<uint32_t>(PVFSF_CTL_VERSION));
    EXPECT_EQ(req.index, 4u);
    req.flags = PVFSF_INFO_READ_ONLY;
    req.state = PVFSF_STATE_LIVE;
    req.fs_id = 77;
    req.nr_members = 3;
    req.handle = 1ULL << 63;
    req.strip_size = 4096;
    req.capacity = 12345;
    req.dev_major = 254;
    req.dev_minor = 4;
    auto* out = reinterpret_cast<pvfsf_member*>(req.members);
    for (uint32_t i = 0; i < 3 && i < req.members_len; ++i)
      out[i] = {1000 + i, 8 * i, 7, i};
  };
  const DeviceInfo info = pvfsf::info_until_complete(4, kernel);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(info.index, 4u);
  EXPECT_TRUE(info.read_only());
  EXPECT_FALSE(info.remove_on_close());
  EXPECT_EQ(info.state, static_cast<uint32_t>(PVFSF_STATE_LIVE));
  EXPECT_EQ(info.fs_id, 77u);
  EXPECT_EQ(info.handle, 1ULL << 63);
  EXPECT_EQ(info.strip_size, 4096u);
  EXPECT_EQ(info.capacity_sectors, 12345u);
  EXPECT_EQ(info.dev_major, 254u);
  EXPECT_EQ(info.dev_minor, 4u);
  ASSERT_EQ(info.members.size(), 3u);
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(info.members[i].datafile_handle, 1000 + i);
    EXPECT_EQ(info.members[i].start_sector, 8 * i);
    EXPECT_EQ(info.members[i].dev_major, 7u);
    EXPECT_EQ(info.members[i].dev_minor, i);
  }
}

TEST(Names, StatesAndPaths) {
  EXPECT_EQ(pvfsf::state_name(PVFSF_STATE_LIVE), "live");
  EXPECT_EQ(pvfsf::state_name(PVFSF_STATE_REMOVING), "removing");
  EXPECT_EQ(pvfsf::state_name(PVFSF_STATE_DEGRADED), "degraded");
  EXPECT_EQ(pvfsf::state_name(PVFSF_STATE_ASSEMBLING), "assembling");
  EXPECT_EQ(pvfsf::state_name(99), "unknown(99)");
  EXPECT_EQ(pvfsf::device_path(12), "/dev/pvfsf12");
}

}  // namespace
