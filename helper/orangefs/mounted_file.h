// A file on a mounted OrangeFS, as a client sees it through the kernel's
// orangefs module (fs/orangefs): the fs id from statfs(2) (f_fsid.val[0],
// super.c), the metafile handle as the inode number, and two extended
// attributes that listxattr hides but getxattr returns:
//
//   system.pvfs2.md   the distribution, as the servers encode it
//                     (src/proto/endecode-funcs.h encode_string): u32 name
//                     length, the name and its NUL padded to 8 bytes, then
//                     the parameters; simple_stripe's is one i64 strip size
//   system.pvfs2.dh   the datafile handles, u64 each, in stripe order
//   system.pvfs2.nd   only while the file is stuffed (one datafile until it
//                     grows past its first strip): u32, the number of
//                     datafiles it gets when the servers unstuff it
//
// All little-endian (BMI's wire order).
#ifndef PVFSF_HELPER_ORANGEFS_MOUNTED_FILE_H
#define PVFSF_HELPER_ORANGEFS_MOUNTED_FILE_H

#include <sys/statfs.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "orangefs/fs_conf.h"

namespace pvfsf::orangefs {

// statfs(2)'s f_type on an OrangeFS mount: ORANGEFS_SUPER_MAGIC
// (fs/orangefs/protocol.h).
inline constexpr long kOrangefsSuperMagic = 0x20030528;

// At most this many datafiles: PVFS_REQ_LIMIT_DFILE_COUNT in 2.10.
inline constexpr size_t kMaxDatafiles = 1024;

struct MountedFile {
  int32_t fs_id = 0;
  uint64_t handle = 0;               // the metafile's
  uint64_t size = 0;                 // st_size
  uint64_t strip_size = 0;           // simple_stripe's, bytes
  std::vector<uint64_t> datafiles;   // handles, in stripe order
  uint32_t unstuffed_datafiles = 0;  // stuffed: system.pvfs2.nd; else 0
};

// The strip size of a system.pvfs2.md value.  Throws FsConfError for a
// value that is malformed or names another distribution than
// simple_stripe (the only one whose layout pvfsf knows).
uint64_t parse_distribution(std::string_view md, const std::string& what);
// The handles of a system.pvfs2.dh value; throws FsConfError.
std::vector<uint64_t> parse_datafile_handles(std::string_view dh,
                                             const std::string& what);

// The fs id of a file on an OrangeFS mount from its statfs(2):
// f_fsid.val[0] (fs/orangefs/super.c).
int32_t orangefs_fs_id(const struct statfs& sfs);

// True if @path is on an OrangeFS mount (statfs(2) says orangefs); false
// too when it cannot be statfs'ed (the caller's next step says why).
bool on_orangefs_mount(const std::filesystem::path& path);

// The datafile count of a system.pvfs2.nd value; throws FsConfError.
uint32_t parse_requested_datafiles(std::string_view nd, const std::string& what);

// Reads the above of @path; throws std::system_error when the system
// refuses (ENODATA: @path is not on an OrangeFS mount) and FsConfError
// for values it cannot take.
MountedFile read_mounted_file(const std::filesystem::path& path);

}  // namespace pvfsf::orangefs

#endif
