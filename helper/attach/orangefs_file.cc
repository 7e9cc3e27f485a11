#include "attach/orangefs_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include "attach/attach_error.h"
#include "attach/attached_file.h"
#include "cli/command.h"
#include "common/error.h"
#include "common/unique_fd.h"
#include "layout/load.h"
#include "layout/orangefs_layout.h"
#include "orangefs/fs_conf.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;

namespace {

// How long the orangefs module caches an extended attribute it read.
constexpr std::chrono::milliseconds kXattrCacheTime{1000};

void truncate_path(const fs::path& path, uint64_t size) {
  if (::truncate(path.c_str(), static_cast<off_t>(size)) < 0)
    throw_errno(errno, "truncate " + path.string() + " to " +
                           std::to_string(size) + " bytes");
}

// Whether @fd is the file fs @fs_id, handle @handle: the fs id is
// statfs(2)'s f_fsid.val[0] and the handle the inode number on an
// OrangeFS mount (orangefs/mounted_file.h).
bool is_file(int fd, uint32_t fs_id, uint64_t handle, struct stat& st) {
  struct statfs sfs;
  if (::fstatfs(fd, &sfs) < 0 || ::fstat(fd, &st) < 0) return false;
  return sfs.f_type == orangefs::kOrangefsSuperMagic &&
         static_cast<uint32_t>(orangefs::orangefs_fs_id(sfs)) == fs_id &&
         st.st_ino == handle;
}

void drop_cache(int fd, const fs::path& path) {
  const int err = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  if (err) throw_errno(err, "drop the cached pages of " + path.string());
}

// The file at @path once its datafile handles show it unstuffed into
// @datafiles.  The orangefs module keeps an extended attribute it read for
// a second (fs/orangefs/xattr.c: jiffies + HZ) and a truncate does not
// drop it, so the handles read before the truncate come back until then.
orangefs::MountedFile read_unstuffed(const fs::path& path, uint32_t datafiles) {
  const auto deadline = std::chrono::steady_clock::now() + kXattrCacheTime * 3;
  for (;;) {
    orangefs::MountedFile file = orangefs::read_mounted_file(path);
    if (file.datafiles.size() == datafiles && !file.unstuffed_datafiles)
      return file;
    if (std::chrono::steady_clock::now() > deadline)
      throw AttachError(cli::kExitFailed,
                        path.string() + ": still " +
                            std::to_string(file.datafiles.size()) +
                            " datafile(s) after a truncate past its first "
                            "strip, which should unstuff it into " +
                            std::to_string(datafiles));
    std::this_thread::sleep_for(kXattrCacheTime / 10);
  }
}

}  // namespace

bool needs_unstuffing(const orangefs::MountedFile& file, uint64_t extent) {
  const uint64_t reach = extent ? extent : file.size;
  return file.unstuffed_datafiles > 1 && reach > file.strip_size;
}

layout::Layout orangefs_file_layout(const fs::path& path,
                                    const OrangefsSources& sources,
                                    uint64_t extent) {
  const orangefs::FsConf conf = orangefs::load_fs_conf(sources.fs_conf);
  const auto servers = layout::load_servers(sources.servers);
  orangefs::MountedFile file = orangefs::read_mounted_file(path);
  if (needs_unstuffing(file, extent)) {
    truncate_path(path, file.strip_size + 1);
    truncate_path(path, file.size);
    file = read_unstuffed(path, file.unstuffed_datafiles);
  }
  return layout::layout_from_orangefs(file, conf, servers, path.string());
}

uint64_t commit_orangefs_size(const fs::path& path, uint32_t fs_id,
                              uint64_t handle, uint64_t size) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) throw_errno(errno, "open " + path.string() + " to commit its size");
  struct stat st;
  if (!is_file(fd.get(), fs_id, handle, st))
    throw AttachError(cli::kExitFailed,
                      path.string() + " is no longer " +
                          file_name(fs_id, handle) +
                          " (renamed or removed since the attach?): name the "
                          "file by its path on the mount");
  uint64_t committed = static_cast<uint64_t>(st.st_size);
  if (committed <= size) {
    if (::ftruncate(fd.get(), static_cast<off_t>(size)) < 0)
      throw_errno(errno, "truncate " + path.string() + " to " +
                             std::to_string(size) + " bytes");
    committed = size;
  }
  drop_cache(fd.get(), path);
  return committed;
}

bool drop_orangefs_cache(const fs::path& path, uint32_t fs_id,
                         uint64_t handle) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat st;
  if (!fd || !is_file(fd.get(), fs_id, handle, st)) return false;
  drop_cache(fd.get(), path);
  return true;
}

}  // namespace pvfsf::attach
