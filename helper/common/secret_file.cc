#include "common/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "common/error.h"
#include "common/unique_fd.h"

namespace pvfsf {

std::string read_secret_file(const std::filesystem::path& path,
                             const std::string& name, size_t max_bytes) {
  // O_NOFOLLOW: a link would let whoever owns the folder choose the secret.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    const int err = errno;
    throw UsageError(name +
                     ": cannot open: " + std::system_category().message(err));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) throw_errno(errno, "fstat " + path.string());
  if (!S_ISREG(st.st_mode)) throw UsageError(name + ": not a regular file");
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o",
                  static_cast<unsigned>(st.st_mode & 07777));
    throw UsageError(name + " has mode " + mode +
                     ": group and others must have no access (chmod 600 " +
                     path.string() + ")");
  }
  if (st.st_size > static_cast<off_t>(max_bytes))
    throw UsageError(name + ": larger than " + std::to_string(max_bytes) +
                     " bytes");
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got =
        ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw_errno(errno, "read " + path.string());
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace pvfsf
