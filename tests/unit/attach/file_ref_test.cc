// DEVICE|HANDLE of detach, commit and status: a device (index, node or
// by-handle link) or the file as PVFS names it, HANDLE or FSID-HANDLE.
// Anything else is a usage error, and no number may wrap.
//
// find_attached_file() needs a ControlDevice (/dev/pvfsf-control) and is
// left to the VM tests.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "attach/attached_file.h"
#include "common/error.h"

namespace pvfsf::attach {
namespace {

constexpr uint64_t kMaxHandle = UINT64_MAX;

// The message of the UsageError parse_file_ref(@text) throws; "" if none.
std::string refusal(const std::string& text) {
  try {
    parse_file_ref(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(AttachFileRef, DeviceByIndex) {
  for (const char* text : {"/dev/pvfsf3", "pvfsf3"}) {
    SCOPED_TRACE(text);
    const FileRef ref = parse_file_ref(text);
    ASSERT_TRUE(ref.device);
    EXPECT_EQ(ref.device->index, 3u);
    EXPECT_EQ(ref.device->path, "");
    EXPECT_FALSE(ref.fs_id);
    EXPECT_EQ(ref.handle, 0u);
  }
}

TEST(AttachFileRef, DeviceByLink) {
  // The by-handle link holds "FSID-HANDLE", but it is a path: a device.
  const FileRef ref = parse_file_ref("/dev/pvfsf/by-handle/7-12");
  ASSERT_TRUE(ref.device);
  EXPECT_FALSE(ref.device->index);
  EXPECT_EQ(ref.device->path, "/dev/pvfsf/by-handle/7-12");
  EXPECT_FALSE(ref.fs_id);
  EXPECT_EQ(ref.handle, 0u);
}

TEST(AttachFileRef, Handle) {
  // A bare number is a handle, never a device index.
  FileRef ref = parse_file_ref("1234");
  EXPECT_FALSE(ref.device);
  EXPECT_FALSE(ref.fs_id);
  EXPECT_EQ(ref.handle, 1234u);
  ref = parse_file_ref("18446744073709551615");
  EXPECT_FALSE(ref.device);
  EXPECT_FALSE(ref.fs_id);
  EXPECT_EQ(ref.handle, kMaxHandle);
}

TEST(AttachFileRef, FsIdAndHandle) {
  FileRef ref = parse_file_ref("7-1234");
  EXPECT_FALSE(ref.device);
  EXPECT_EQ(ref.fs_id, 7u);
  EXPECT_EQ(ref.handle, 1234u);
  ref = parse_file_ref("7-18446744073709551615");
  EXPECT_EQ(ref.fs_id, 7u);
  EXPECT_EQ(ref.handle, kMaxHandle);
}

TEST(AttachFileRef, BadInputIsAUsageError) {
  const std::string expected =
      "': expected a device (/dev/pvfsfN, pvfsfN, a node or link) or a file "
      "as HANDLE or FSID-HANDLE, decimal, or by its path on an OrangeFS mount";
  EXPECT_EQ(refusal(""), "empty DEVICE|HANDLE|PATH");
  for (const char* bad :
       {"-5", "7-", "x", "7-1-2", "12a", "-", "7--1", " 7", "0x10-1", "1234 "})
    EXPECT_EQ(refusal(bad), "'" + std::string(bad) + expected) << bad;
  // Numbers that do not fit are refused, never wrapped.
  EXPECT_EQ(refusal("18446744073709551616"),
            "HANDLE '18446744073709551616': does not fit in 64 bits");
  EXPECT_EQ(refusal("7-18446744073709551616"),
            "HANDLE '18446744073709551616': does not fit in 64 bits");
  EXPECT_EQ(refusal("4294967296-1"),
            "FSID '4294967296': does not fit in 32 bits");
  // As everywhere else, a leading zero is neither octal nor decimal.
  EXPECT_EQ(refusal("012"),
            "HANDLE '012': leading zero: write decimal without it or hex as "
            "0x...");
  // A malformed device index is the device parser's refusal.
  EXPECT_NE(refusal("pvfsf99999999999"), "");
}

TEST(AttachFileRef, AttachedFileName) {
  AttachedFile file;
  file.fs_id = 7;
  file.handle = kMaxHandle;
  EXPECT_EQ(file.name(), "fs 7, handle 18446744073709551615");
  file.device = DeviceInfo{};
  file.device->index = 3;
  EXPECT_EQ(file.name(), "/dev/pvfsf3 (fs 7, handle 18446744073709551615)");
}

}  // namespace
}  // namespace pvfsf::attach
