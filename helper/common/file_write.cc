#include "common/file_write.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"

namespace pvfsf {

void write_file_atomically(const std::filesystem::path& path,
                           const std::string& text, mode_t mode) {
  const std::filesystem::path tmp = path.string() + ".new";
  UniqueFd fd(
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (!fd) throw_errno(errno, "create " + tmp.string());
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "write " + tmp.string());
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) throw_errno(errno, "fsync " + tmp.string());
  fd.reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    throw_errno(errno, "rename " + tmp.string());
}

UniqueFd lock_file(const std::filesystem::path& path, mode_t mode) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, mode));
  if (!fd) throw_errno(errno, "open " + path.string());
  while (::flock(fd.get(), LOCK_EX) != 0)
    if (errno != EINTR) throw_errno(errno, "flock " + path.string());
  return fd;
}

}  // namespace pvfsf
