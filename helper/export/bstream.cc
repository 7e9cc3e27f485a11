#include "export/bstream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "protocol/export_error.h"
#include "protocol/names.h"
#include "common/unique_fd.h"

namespace pvfsf::lun_export {

namespace {

void require_collection(const std::filesystem::path& storage, FsId fs_id) {
  const std::filesystem::path dir = bstreams_dir(storage, fs_id);
  struct stat st;
  const int ret = ::stat(dir.c_str(), &st);
  if (ret == 0 && S_ISDIR(st.st_mode)) return;
  if (ret == 0 || errno == ENOENT || errno == ENOTDIR)
    throw ExportError(ErrorCode::kNotFound,
                      "fs id " + std::to_string(fs_id) + ": no directory " +
                          dir.string() + " (wrong fs id or storage dir?)");
  throw_errno(errno, "stat " + dir.string());
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
  require_collection(storage, fs_id);
  const std::filesystem::path file = bstream_path(storage, fs_id, handle);
  const std::filesystem::path bucket = file.parent_path();
  if (::mkdir(bucket.c_str(), 0755) != 0 && errno != EEXIST)
    throw_errno(errno, "mkdir " + bucket.string());
  UniqueFd fd(::open(file.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                     0600));
  if (fd) return true;
  if (errno == EEXIST) return false;
  throw_errno(errno, "create " + file.string());
}

void set_bstream_size(const std::filesystem::path& storage, FsId fs_id,
                      Handle handle, uint64_t size) {
  ensure_bstream(storage, fs_id, handle);
  const std::filesystem::path file = bstream_path(storage, fs_id, handle);
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) throw_errno(errno, "open " + file.string());
  if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0)
    throw_errno(errno, "truncate " + file.string() + " to " +
                           std::to_string(size) + " bytes");
}

}  // namespace pvfsf::lun_export
