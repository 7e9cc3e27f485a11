#include "export/bstream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "common/unique_fd.h"
#include "protocol/export_error.h"
#include "protocol/names.h"

namespace pvfsf::lun_export {

namespace {

namespace fs = std::filesystem;

// LIO opens a backstore's fd_dev_name with filp_open(), which follows
// symbolic links and opens device nodes.  So the path below the storage
// directory is walked one directory at a time without following a link,
// and only a regular file is accepted as a bstream: a link or a node
// planted there by whoever writes the storage would otherwise be exported
// read-write.
[[noreturn]] void refuse(const fs::path& shown, mode_t mode,
                         const std::string& wanted) {
  const std::string what =
      S_ISLNK(mode) ? "a symbolic link" : "not a " + wanted;
  throw ExportError(ErrorCode::kFailed,
                    shown.string() + " is " + what +
                        ": refused (LIO would open whatever it names; only "
                        "a real " + wanted + " is exported)");
}

// The entry @name of directory @dir, not followed if it is a link.
std::optional<struct stat> entry_stat(int dir, const std::string& name,
                                      const fs::path& shown) {
  struct stat st;
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return st;
  if (errno == ENOENT) return std::nullopt;
  throw_errno(errno, "stat " + shown.string());
}

[[noreturn]] void no_collection(const fs::path& storage, FsId fs_id) {
  throw ExportError(ErrorCode::kNotFound,
                    "fs id " + std::to_string(fs_id) + ": no directory " +
                        bstreams_dir(storage, fs_id).string() +
                        " (wrong fs id or storage dir?)");
}

// Opens directory @name of @dir; nullopt if it does not exist.
std::optional<UniqueFd> open_directory(int dir, const std::string& name,
                                       const fs::path& shown) {
  UniqueFd fd(::openat(dir, name.c_str(),
                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd) return fd;
  if (errno == ENOENT) return std::nullopt;
  if (errno == ENOTDIR || errno == ELOOP) {
    const int saved = errno;
    if (std::optional<struct stat> st = entry_stat(dir, name, shown))
      refuse(shown, st->st_mode, "directory");
    errno = saved;
  }
  throw_errno(errno, "open " + shown.string());
}

// The collection's bstreams directory, walked from @storage.
UniqueFd open_bstreams_dir(const fs::path& storage, FsId fs_id) {
  UniqueFd top(::open(storage.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!top) {
    if (errno == ENOENT || errno == ENOTDIR) no_collection(storage, fs_id);
    throw_errno(errno, "open " + storage.string());
  }
  const fs::path collection = storage / collection_dirname(fs_id);
  std::optional<UniqueFd> dir =
      open_directory(top.get(), collection_dirname(fs_id), collection);
  if (!dir) no_collection(storage, fs_id);
  dir = open_directory(dir->get(), "bstreams", collection / "bstreams");
  if (!dir) no_collection(storage, fs_id);
  return std::move(*dir);
}

struct OpenedBstream {
  UniqueFd fd;  // O_WRONLY
  bool created = false;
};

// Opens the bstream of (@fs_id, @handle), creating it and its bucket
// directory as trove-dbpf would if missing.
OpenedBstream open_bstream(const fs::path& storage, FsId fs_id,
                           Handle handle) {
  const UniqueFd bstreams = open_bstreams_dir(storage, fs_id);
  const fs::path file = bstream_path(storage, fs_id, handle);
  const fs::path bucket = file.parent_path();
  const std::string bucket_name = bucket_dirname(handle);
  if (::mkdirat(bstreams.get(), bucket_name.c_str(), 0755) != 0 &&
      errno != EEXIST)
    throw_errno(errno, "mkdir " + bucket.string());
  std::optional<UniqueFd> dir =
      open_directory(bstreams.get(), bucket_name, bucket);
  if (!dir) throw_errno(ENOENT, "open " + bucket.string());

  const std::string name = bstream_filename(handle);
  OpenedBstream bstream;
  bstream.fd = UniqueFd(
      ::openat(dir->get(), name.c_str(),
               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (bstream.fd) {
    bstream.created = true;
    return bstream;
  }
  if (errno != EEXIST) throw_errno(errno, "create " + file.string());
  // Never open what is not a regular file: opening a device node alone can
  // act on the device (a tape rewinds).
  const std::optional<struct stat> st = entry_stat(dir->get(), name, file);
  if (!st) throw_errno(ENOENT, "open " + file.string());
  if (!S_ISREG(st->st_mode)) refuse(file, st->st_mode, "regular file");
  bstream.fd = UniqueFd(
      ::openat(dir->get(), name.c_str(),
               O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!bstream.fd) throw_errno(errno, "open " + file.string());
  struct stat opened;
  if (::fstat(bstream.fd.get(), &opened) != 0)
    throw_errno(errno, "stat " + file.string());
  if (!S_ISREG(opened.st_mode)) refuse(file, opened.st_mode, "regular file");
  return bstream;
}

}  // namespace

std::optional<uint64_t> file_length(const std::filesystem::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return static_cast<uint64_t>(st.st_size);
  if (errno == ENOENT) return std::nullopt;
  throw_errno(errno, "stat " + path.string());
}

bool ensure_bstream(const std::filesystem::path& storage, FsId fs_id,
                    Handle handle) {
  return open_bstream(storage, fs_id, handle).created;
}

void set_bstream_size(const std::filesystem::path& storage, FsId fs_id,
                      Handle handle, uint64_t size) {
  const OpenedBstream bstream = open_bstream(storage, fs_id, handle);
  if (::ftruncate(bstream.fd.get(), static_cast<off_t>(size)) != 0)
    throw_errno(errno, "truncate " + bstream_path(storage, fs_id, handle)
                                         .string() +
                           " to " + std::to_string(size) + " bytes");
}

}  // namespace pvfsf::lun_export
