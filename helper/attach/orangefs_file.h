// A file attached by its path on a mounted OrangeFS (`attach PATH`), and
// its size set the way OrangeFS's own clients set it.
//
// The layout comes from the mount, fs.conf and the servers file
// (layout/orangefs_layout.h).  A stuffed file (one datafile until it grows
// past its first strip; the mount shows system.pvfs2.nd only then) is
// unstuffed first when the device may write past that strip: OrangeFS
// re-places every strip past the first when it unstuffs, so bytes written
// there through a stuffed layout would be lost (docs/orangefs.md).  An
// OrangeFS truncate past the first strip unstuffs.
//
// A datafile's size is b_size in its server's database, which only the
// metadata path sets, so the size commit is a truncate(2) through the
// mount: OrangeFS sets every datafile's b_size to its simple_stripe share
// and cuts each bstream to it.  It only grows the file (or cuts the
// bstreams' tails at the same size): a file another client made longer is
// left as it is.  The mount's page cache of the file is dropped after it,
// as it is at detach: writes through the device bypassed it.
#ifndef PVFSF_HELPER_ATTACH_ORANGEFS_FILE_H
#define PVFSF_HELPER_ATTACH_ORANGEFS_FILE_H

#include <cstdint>
#include <filesystem>
#include <string>

#include "layout/layout.h"
#include "orangefs/mounted_file.h"

namespace pvfsf::attach {

// Where the servers of a file on a mount are described.
struct OrangefsSources {
  std::string fs_conf;  // the cluster's fs.conf
  std::string servers;  // the servers file (docs/layout.md)
};

// True if @file is stuffed, gets more than one datafile when unstuffed,
// and a device with room for @extent bytes (0: the file's size) could
// write past its first strip.  (Unstuffed into one datafile, every strip
// stays where it was.)
bool needs_unstuffing(const orangefs::MountedFile& file, uint64_t extent);

// The layout of @path, unstuffed first if needs_unstuffing() (a truncate
// just past the first strip, then back to the file's size).  Throws
// LayoutError, FsConfError, std::system_error naming @path.
layout::Layout orangefs_file_layout(const std::filesystem::path& path,
                                    const OrangefsSources& sources,
                                    uint64_t extent);

// Sets the size of the file fs @fs_id, handle @handle at @path to @size
// through the mount unless it is longer already, then drops the mount's
// cached pages of it; returns the file's size after.  Throws AttachError
// kExitFailed when @path is no longer that file (renamed or removed since
// the attach: name it by its new path), std::system_error.
uint64_t commit_orangefs_size(const std::filesystem::path& path,
                              uint32_t fs_id, uint64_t handle, uint64_t size);

// Drops the mount's cached pages of the file, if @path still names it;
// returns false if it does not.
bool drop_orangefs_cache(const std::filesystem::path& path, uint32_t fs_id,
                         uint64_t handle);

}  // namespace pvfsf::attach

#endif
