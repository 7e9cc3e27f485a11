#include "export/configfs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "protocol/export_error.h"

namespace pvfsf::lun_export {

bool ConfigFs::exists(const fs::path& path) const {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

bool ConfigFs::make_dir(const fs::path& path) {
  if (::mkdir(path.c_str(), 0755) == 0) return true;
  if (errno == EEXIST) return false;
  throw_errno(errno, "mkdir " + path.string());
}

bool ConfigFs::remove_dir(const fs::path& path) {
  if (::rmdir(path.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  throw_errno(errno, "rmdir " + path.string());
}

void ConfigFs::write_attr(const fs::path& path, std::string_view value) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throw_errno(errno, "open " + path.string());
  const ssize_t done = ::write(fd.get(), value.data(), value.size());
  if (done < 0)
    throw_errno(errno,
                "write '" + std::string(value) + "' to " + path.string());
  if (static_cast<size_t>(done) != value.size())
    throw_errno(
        EIO, "short write of '" + std::string(value) + "' to " + path.string());
}

std::string ConfigFs::read_attr(const fs::path& path) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno(errno, "open " + path.string());
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buf, sizeof(buf));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read " + path.string());
    }
    if (got == 0) break;
    text.append(buf, static_cast<size_t>(got));
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

void ConfigFs::make_link(const fs::path& target, const fs::path& link) {
  if (::symlink(target.c_str(), link.c_str()) != 0)
    throw_errno(errno, "symlink " + link.string() + " -> " + target.string());
}

bool ConfigFs::remove_link(const fs::path& link) {
  if (::unlink(link.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  throw_errno(errno, "unlink " + link.string());
}

std::optional<fs::path> ConfigFs::read_link(const fs::path& link) const {
  char buf[4096];
  const ssize_t len = ::readlink(link.c_str(), buf, sizeof(buf));
  if (len < 0) {
    if (errno == ENOENT || errno == EINVAL) return std::nullopt;
    throw_errno(errno, "readlink " + link.string());
  }
  return fs::path(std::string(buf, static_cast<size_t>(len)));
}

std::vector<DirEntry> ConfigFs::list(const fs::path& dir) const {
  std::vector<DirEntry> entries;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT) return entries;
    throw_errno(errno, "opendir " + dir.string());
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{std::string(name)};
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (::lstat((dir / entry.name).c_str(), &st) == 0)
        type = S_ISDIR(st.st_mode)   ? DT_DIR
               : S_ISLNK(st.st_mode) ? DT_LNK
                                     : DT_REG;
    }
    entry.is_dir = type == DT_DIR;
    entry.is_link = type == DT_LNK;
    entries.push_back(std::move(entry));
  }
  ::closedir(d);
  return entries;
}

UniqueFd ConfigFs::lock() const {
  const fs::path dir = target();
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT)
      throw ExportError(ErrorCode::kUnavailable,
                        "LIO is not loaded: no " + dir.string() +
                            " (mount configfs, modprobe target_core_mod)");
    throw_errno(errno, "open " + dir.string());
  }
  while (::flock(fd.get(), LOCK_EX) != 0)
    if (errno != EINTR) throw_errno(errno, "flock " + dir.string());
  return fd;
}

}  // namespace pvfsf::lun_export
