// Facts about block devices, from stat(), their ioctls and sysfs.
#ifndef PVFSF_HELPER_CONTROL_BLOCK_DEVICE_H
#define PVFSF_HELPER_CONTROL_BLOCK_DEVICE_H

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace pvfsf {

// The device number of the block device at @path.  Throws system_error
// ("<context>: <path>: ...") if it cannot be stat()ed, ENOTBLK if it is not a
// block device.
dev_t block_device_number(const std::string& path, const std::string& context);

// Size in bytes (BLKGETSIZE64) and logical block size (BLKSSZGET) of an open
// block device.  Throw system_error naming @context.
uint64_t block_device_bytes(int fd, const std::string& context);
uint32_t logical_block_size(int fd, const std::string& context);

// Whether the kernel has a block device major:minor, and its size in 512-byte
// sectors, from /sys/dev/block; nullopt where sysfs has no such device.
bool block_device_exists(uint32_t major, uint32_t minor);
std::optional<uint64_t> block_device_sectors(uint32_t major, uint32_t minor);

}  // namespace pvfsf

#endif
