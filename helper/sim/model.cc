#include "sim/model.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <string>

#include "common/error.h"
#include "common/unique_fd.h"

namespace pvfsf::sim {

namespace {

constexpr size_t kChunk = 1 << 20;

void write_all(int fd, const char* data, size_t len, const std::string& what) {
  while (len) {
    const ssize_t n = ::write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "write " + what);
    }
    data += n;
    len -= static_cast<size_t>(n);
  }
}

void pwrite_all(int fd, const char* data, size_t len, uint64_t offset,
                const fs::path& path) {
  while (len) {
    const ssize_t n = ::pwrite(fd, data, len, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "write " + path.string());
    }
    data += n;
    len -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
}

// Reads up to @len bytes at @offset; fewer only at the end of the file.
size_t pread_full(int fd, char* data, size_t len, uint64_t offset,
                  const fs::path& path) {
  size_t done = 0;
  while (done < len) {
    const ssize_t n =
        ::pread(fd, data + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read " + path.string());
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

UniqueFd create_bstream(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw_errno(ec.value(), "create " + path.parent_path().string());
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                     0600));
  if (!fd) throw_errno(errno, "create " + path.string());
  return fd;
}

}  // namespace

uint64_t write_file(const pvfsf_stripe& st, const BstreamPaths& paths,
                    int in_fd) {
  std::vector<UniqueFd> fds(st.nr_members);
  std::vector<char> buf(kChunk);
  uint64_t pos = 0;
  for (;;) {
    const ssize_t got = ::read(in_fd, buf.data(), buf.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read the input");
    }
    if (got == 0) break;
    size_t done = 0;
    while (done < static_cast<size_t>(got)) {
      pvfsf_stripe_pos where;
      pvfsf_stripe_map(&st, pos, &where);
      const size_t piece = static_cast<size_t>(
          std::min<uint64_t>(where.strip_left, static_cast<size_t>(got) - done));
      UniqueFd& fd = fds[where.member];
      const fs::path path = paths(where.member);
      if (!fd) fd = create_bstream(path);
      pwrite_all(fd.get(), buf.data() + done, piece, where.offset, path);
      done += piece;
      pos += piece;
    }
  }
  return pos;
}

uint64_t file_size(const pvfsf_stripe& st,
                   const std::vector<std::optional<uint64_t>>& sizes) {
  uint64_t size = 0;
  for (uint32_t i = 0; i < sizes.size() && i < st.nr_members; i++) {
    __u64 end;
    if (!pvfsf_stripe_file_size(&st, i, sizes[i].value_or(0), &end))
      throw std::overflow_error(
          "datafile " + std::to_string(i) + " of " +
          std::to_string(*sizes[i]) +
          " bytes puts the file's end beyond 2^64 bytes");
    size = std::max<uint64_t>(size, end);
  }
  return size;
}

std::vector<std::optional<uint64_t>> bstream_sizes(const BstreamPaths& paths,
                                                   uint32_t count) {
  std::vector<std::optional<uint64_t>> sizes;
  for (uint32_t i = 0; i < count; i++) {
    const fs::path path = paths(i);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      if (errno != ENOENT) throw_errno(errno, "stat " + path.string());
      sizes.emplace_back();
      continue;
    }
    if (!S_ISREG(st.st_mode))
      throw_errno(EINVAL, path.string() + " is not a regular file");
    sizes.emplace_back(static_cast<uint64_t>(st.st_size));
  }
  return sizes;
}

void read_file(const pvfsf_stripe& st, const BstreamPaths& paths,
               uint64_t size, int out_fd) {
  std::vector<UniqueFd> fds(st.nr_members);
  std::vector<bool> opened(st.nr_members, false);
  std::vector<char> buf(kChunk);
  uint64_t pos = 0;
  while (pos < size) {
    const size_t len =
        static_cast<size_t>(std::min<uint64_t>(buf.size(), size - pos));
    size_t done = 0;
    while (done < len) {
      pvfsf_stripe_pos where;
      pvfsf_stripe_map(&st, pos + done, &where);
      const size_t piece =
          static_cast<size_t>(std::min<uint64_t>(where.strip_left, len - done));
      const fs::path path = paths(where.member);
      if (!opened[where.member]) {
        opened[where.member] = true;
        fds[where.member] = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fds[where.member] && errno != ENOENT)
          throw_errno(errno, "open " + path.string());
      }
      size_t got = 0;
      if (fds[where.member])
        got = pread_full(fds[where.member].get(), buf.data() + done, piece,
                         where.offset, path);
      std::fill(buf.data() + done + got, buf.data() + done + piece, '\0');
      done += piece;
    }
    write_all(out_fd, buf.data(), len, "the output");
    pos += len;
  }
}

void set_file_size(const pvfsf_stripe& st, const BstreamPaths& paths,
                   uint64_t size) {
  for (uint32_t i = 0; i < st.nr_members; i++) {
    const uint64_t share = pvfsf_stripe_member_size(&st, size, i);
    const fs::path path = paths(i);
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (ec) throw_errno(ec.value(), "stat " + path.string());
    if (!exists) {
      if (!share) continue;
      create_bstream(path);
    }
    if (::truncate(path.c_str(), static_cast<off_t>(share)) != 0)
      throw_errno(errno, "truncate " + path.string());
  }
}

}  // namespace pvfsf::sim
