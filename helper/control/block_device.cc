#include "control/block_device.h"

#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "common/error.h"

namespace pvfsf {

namespace {

std::string sysfs_dir(uint32_t major, uint32_t minor) {
  return "/sys/dev/block/" + std::to_string(major) + ":" +
         std::to_string(minor);
}

}  // namespace

dev_t block_device_number(const std::string& path, const std::string& context) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) throw_errno(errno, context + ": " + path);
  if (!S_ISBLK(st.st_mode)) throw_errno(ENOTBLK, context + ": " + path);
  return st.st_rdev;
}

uint64_t block_device_bytes(int fd, const std::string& context) {
  uint64_t bytes = 0;
  if (::ioctl(fd, BLKGETSIZE64, &bytes) < 0)
    throw_errno(errno, context + ": BLKGETSIZE64");
  return bytes;
}

uint32_t logical_block_size(int fd, const std::string& context) {
  int size = 0;
  if (::ioctl(fd, BLKSSZGET, &size) < 0)
    throw_errno(errno, context + ": BLKSSZGET");
  return static_cast<uint32_t>(size);
}

bool block_device_exists(uint32_t major, uint32_t minor) {
  return ::access(sysfs_dir(major, minor).c_str(), F_OK) == 0;
}

std::optional<uint64_t> block_device_sectors(uint32_t major, uint32_t minor) {
  std::ifstream file(sysfs_dir(major, minor) + "/size");
  uint64_t sectors = 0;
  if (!(file >> sectors)) return std::nullopt;
  return sectors;
}

}  // namespace pvfsf
