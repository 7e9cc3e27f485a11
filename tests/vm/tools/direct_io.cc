#include "direct_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <new>

#include "common/error.h"

namespace pvfsf::tools {

namespace {

constexpr size_t kAlignment = 4096;

uint8_t* allocate_aligned(size_t size) {
  // aligned_alloc wants a multiple of the alignment.
  const size_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
  void* p = std::aligned_alloc(kAlignment, rounded ? rounded : kAlignment);
  if (!p) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}

std::string at(const std::string& what, uint64_t offset, size_t len) {
  return what + " at " + std::to_string(offset) + " (+" + std::to_string(len) +
         ")";
}

}  // namespace

AlignedBuffer::AlignedBuffer(size_t size) : bytes_(allocate_aligned(size)) {}

UniqueFd open_direct(const std::string& path, int flags) {
  UniqueFd fd(::open(path.c_str(), flags | O_DIRECT | O_CLOEXEC));
  if (!fd) throw_errno(errno, "open " + path);
  return fd;
}

void pread_full(int fd, std::span<uint8_t> buf, uint64_t offset,
                const std::string& what) {
  size_t done = 0;
  while (done < buf.size()) {
    const ssize_t n = ::pread(fd, buf.data() + done, buf.size() - done,
                              static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno(errno, "read " + at(what, offset, buf.size()));
    if (n == 0)
      throw_errno(EIO,
                  "read " + at(what, offset, buf.size()) + ": ended early");
    done += static_cast<size_t>(n);
  }
}

void pwrite_full(int fd, std::span<const uint8_t> buf, uint64_t offset,
                 const std::string& what) {
  size_t done = 0;
  while (done < buf.size()) {
    const ssize_t n = ::pwrite(fd, buf.data() + done, buf.size() - done,
                               static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno(errno, "write " + at(what, offset, buf.size()));
    if (n == 0)
      throw_errno(EIO,
                  "write " + at(what, offset, buf.size()) + ": ended early");
    done += static_cast<size_t>(n);
  }
}

}  // namespace pvfsf::tools
