#include "common/file_write.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "common/error.h"

namespace pvfsf {

namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof(text), "%04o", static_cast<unsigned>(mode));
  return text;
}

UniqueFd create_new(const std::filesystem::path& path, mode_t mode) {
  return UniqueFd(::open(path.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                         mode));
}

}  // namespace

void make_private_dir(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw_errno(errno, "mkdir " + dir.string());
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0) throw_errno(errno, "stat " + dir.string());
  const std::string refusing = ": refusing to keep state there";
  if (!S_ISDIR(st.st_mode))
    throw std::runtime_error(
        dir.string() +
        (S_ISLNK(st.st_mode) ? " is a symbolic link" : " is not a directory") +
        refusing);
  if (st.st_uid != ::geteuid())
    throw std::runtime_error(dir.string() + " is owned by uid " +
                             std::to_string(st.st_uid) + ", not by uid " +
                             std::to_string(::geteuid()) + " (this user)" +
                             refusing);
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    throw std::runtime_error(dir.string() + " has mode " +
                             octal_mode(st.st_mode & 07777) +
                             ", writable by others than its owner" + refusing);
}

void write_file_atomically(const std::filesystem::path& path,
                           const std::string& text, mode_t mode) {
  const std::filesystem::path tmp = path.string() + ".new";
  UniqueFd fd = create_new(tmp, mode);
  if (!fd && errno == EEXIST) {
    if (::unlink(tmp.c_str()) != 0 && errno != ENOENT)
      throw_errno(errno, "remove " + tmp.string());
    fd = create_new(tmp, mode);
  }
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
  UniqueFd fd(
      ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd) throw_errno(errno, "open " + path.string());
  while (::flock(fd.get(), LOCK_EX) != 0)
    if (errno != EINTR) throw_errno(errno, "flock " + path.string());
  return fd;
}

bool relock_file(const UniqueFd& fd, LockMode how) {
  const int operation =
      (how == LockMode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  while (::flock(fd.get(), operation) != 0) {
    if (errno == EWOULDBLOCK) return false;
    if (errno != EINTR) throw_errno(errno, "flock");
  }
  return true;
}

std::optional<UniqueFd> lock_file_until(
    const std::filesystem::path& path, mode_t mode, LockMode how,
    std::chrono::steady_clock::time_point deadline) {
  UniqueFd fd(
      ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd) throw_errno(errno, "open " + path.string());
  for (;;) {
    try {
      if (relock_file(fd, how)) return fd;
    } catch (const std::system_error& e) {
      throw std::system_error(e.code(), "flock " + path.string());
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace pvfsf
