#include "protocol/net.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "common/error.h"

namespace pvfsf::lun_export {

bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int ret = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ret > 0) return true;
    if (ret < 0 && errno != EINTR) throw_errno(errno, "poll");
  }
}

ReadResult read_full(int fd, char* buf, size_t len,
                     Clock::time_point deadline) {
  size_t done = 0;
  while (done < len) {
    if (!wait_ready(fd, POLLIN, deadline)) return ReadResult::kTimeout;
    const ssize_t got = ::recv(fd, buf + done, len - done, MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      if (errno == ECONNRESET)
        return done ? ReadResult::kClosed : ReadResult::kEof;
      throw_errno(errno, "recv");
    }
    if (got == 0) return done ? ReadResult::kClosed : ReadResult::kEof;
    done += static_cast<size_t>(got);
  }
  return ReadResult::kOk;
}

void write_full(int fd, std::string_view data, Clock::time_point deadline) {
  size_t done = 0;
  while (done < data.size()) {
    if (!wait_ready(fd, POLLOUT, deadline)) throw_errno(ETIMEDOUT, "send");
    const ssize_t sent = ::send(fd, data.data() + done, data.size() - done,
                                MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      throw_errno(errno, "send");
    }
    done += static_cast<size_t>(sent);
  }
}

void drain_before_close(int fd, size_t max_bytes,
                        std::chrono::milliseconds timeout) {
  ::shutdown(fd, SHUT_WR);
  const Clock::time_point deadline = Clock::now() + timeout;
  char buf[4096];
  size_t dropped = 0;
  while (dropped < max_bytes && wait_ready(fd, POLLIN, deadline)) {
    const ssize_t got = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) break;
    dropped += static_cast<size_t>(got);
  }
}

UniqueFd listen_on(const Endpoint& endpoint) {
  sockaddr_storage addr;
  const socklen_t len = endpoint.sockaddr(&addr);
  UniqueFd fd(::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) throw_errno(errno, "socket");
  const int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), len) != 0)
    throw_errno(errno, "bind " + endpoint.text());
  if (::listen(fd.get(), 64) != 0)
    throw_errno(errno, "listen " + endpoint.text());
  return fd;
}

UniqueFd connect_to(const Endpoint& endpoint,
                    std::chrono::milliseconds timeout) {
  sockaddr_storage addr;
  const socklen_t len = endpoint.sockaddr(&addr);
  UniqueFd fd(
      ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) throw_errno(errno, "socket");
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), len) != 0) {
    if (errno != EINPROGRESS) throw_errno(errno, "connect " + endpoint.text());
    if (!wait_ready(fd.get(), POLLOUT, Clock::now() + timeout))
      throw_errno(ETIMEDOUT, "connect " + endpoint.text());
    int err = 0;
    socklen_t err_len = sizeof(err);
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &err_len);
    if (err) throw_errno(err, "connect " + endpoint.text());
  }
  const int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace pvfsf::lun_export
