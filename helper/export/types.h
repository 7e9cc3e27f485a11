// The vocabulary of pvfs-lun-export: PVFS identifiers and the bounds every
// layer (configfs library, service, client) agrees on.
#ifndef PVFSF_HELPER_EXPORT_TYPES_H
#define PVFSF_HELPER_EXPORT_TYPES_H

#include <cstdint>

namespace pvfsf::lun_export {

// PVFS_fs_id: a collection (file system) id, int32_t in PVFS.
using FsId = int32_t;
// PVFS_handle: a datafile handle, unique within a file system.  0 is
// PVFS_HANDLE_NULL and never names a datafile.
using Handle = uint64_t;

// LIO fileio backstores have 512-byte blocks (FD_BLOCKSIZE) and report
// fd_dev_size / 512 blocks: a LUN size is a whole number of blocks.
constexpr uint64_t kLunBlockSize = 512;
// Upper bound of a LUN size and of a set-size: 1 PiB, far above any
// datafile share a test or a deployment needs and far below the 2^63 where
// loff_t arithmetic in the kernel would overflow.
constexpr uint64_t kMaxLunSize = uint64_t{1} << 50;
// LUN numbers 0..kMaxLuns-1.  LIO 6.1 itself has no per-TPG limit (LUNs are
// in an hlist, the number is a u64; TRANSPORT_MAX_LUNS_PER_TPG is gone),
// so the limit is ours: 16384 is SAM's single-level flat addressing space,
// the largest range every initiator can address.
constexpr uint64_t kMaxLuns = 16384;
// Handles one export or unexport request may name.
constexpr uint64_t kMaxHandlesPerRequest = 4096;

}  // namespace pvfsf::lun_export

#endif
