#include "export/service.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "common/error.h"
#include "protocol/net.h"
#include "protocol/protocol.h"

namespace pvfsf::lun_export {

namespace {

double mono_seconds() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

}  // namespace

Service::Service(RequestHandler& handler, UniqueFd listen, ServiceLimits limits,
                 std::function<void(const std::string&)> log)
    : handler_(handler),
      listen_(std::move(listen)),
      limits_(limits),
      log_(std::move(log)) {}

void Service::reply(int fd, const Outcome& outcome, const std::string& peer,
                    Clock::time_point started) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Clock::now() - started)
                      .count();
  log_(peer + " " + outcome.log + " (" + std::to_string(ms) + " ms)");
  write_full(fd, outcome.reply, Clock::now() + limits_.frame_timeout);
}

void Service::serve_connection(UniqueFd fd, std::string peer) {
  TokenBucket bucket(limits_.connection_rate, limits_.connection_burst);
  std::string frame;
  try {
    for (;;) {
      // The first byte may take up to the idle timeout, the rest of the
      // frame the frame timeout.
      char first;
      const ReadResult idle =
          read_full(fd.get(), &first, 1, Clock::now() + limits_.idle_timeout);
      if (idle != ReadResult::kOk) break;
      const Clock::time_point started = Clock::now();
      const Clock::time_point deadline = started + limits_.frame_timeout;
      frame.assign(kFrameHeaderSize, '\0');
      frame[0] = first;
      ReadResult got =
          read_full(fd.get(), frame.data() + 1, kFrameHeaderSize - 1, deadline);
      size_t body = 0;
      if (got == ReadResult::kOk) {
        try {
          body = check_frame_header(frame);
        } catch (const ExportError& e) {
          // The length cannot be trusted: nothing after it can be read.
          reply(fd.get(), handler_.refuse(e.code(), e.what(), true), peer,
                started);
          break;
        }
        frame.resize(kFrameHeaderSize + body + kMacSize);
        got = read_full(fd.get(), frame.data() + kFrameHeaderSize,
                        body + kMacSize, deadline);
      }
      if (got == ReadResult::kTimeout) {
        reply(fd.get(),
              handler_.refuse(
                  ErrorCode::kBadFrame,
                  "frame not complete within " +
                      std::to_string(limits_.frame_timeout.count()) + " ms",
                  true),
              peer, started);
        break;
      }
      if (got != ReadResult::kOk) {
        log_(peer + " closed the connection in the middle of a frame");
        break;
      }
      if (!bucket.take(mono_seconds())) {
        reply(
            fd.get(),
            handler_.refuse(
                ErrorCode::kRateLimited,
                "at most " +
                    std::to_string(static_cast<int>(limits_.connection_rate)) +
                    " requests a second on one connection; "
                    "retry later",
                false),
            peer, started);
        continue;
      }
      const Outcome outcome = handler_.handle(frame);
      reply(fd.get(), outcome, peer, started);
      if (outcome.close) break;
    }
    drain_before_close(fd.get(), 2 * kMaxFrameSize,
                       std::chrono::milliseconds(500));
  } catch (const std::exception& e) {
    log_(peer + " connection error: " + e.what());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  connections_.erase(fd.get());
  idle_.notify_all();
}

void Service::run(int stop_fd) {
  for (;;) {
    pollfd fds[2] = {{listen_.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "poll");
    }
    if (fds[1].revents) break;
    if (!(fds[0].revents & POLLIN)) continue;
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    UniqueFd fd(::accept4(listen_.get(), reinterpret_cast<sockaddr*>(&addr),
                          &len, SOCK_CLOEXEC));
    if (!fd) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN) continue;
      // EMFILE and the like: say so and let the backlog wait a moment.
      log_(std::string("accept: ") + std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    std::string peer = endpoint_text(addr);
    std::unique_lock<std::mutex> lock(mutex_);
    if (connections_.size() >= limits_.max_connections) {
      lock.unlock();
      const Outcome busy = handler_.refuse(
          ErrorCode::kBusy,
          "the service has " + std::to_string(limits_.max_connections) +
              " connections; retry later",
          true);
      log_(peer + " " + busy.log);
      try {
        write_full(fd.get(), busy.reply,
                   Clock::now() + std::chrono::milliseconds(200));
        drain_before_close(fd.get(), kMaxFrameSize,
                           std::chrono::milliseconds(100));
      } catch (const std::exception&) {
      }
      continue;
    }
    connections_.insert(fd.get());
    lock.unlock();
    std::thread(&Service::serve_connection, this, std::move(fd),
                std::move(peer))
        .detach();
  }

  // Stop: no new connections; idle ones see end of input at once, busy
  // ones finish their request and then see it.
  listen_.reset();
  std::unique_lock<std::mutex> lock(mutex_);
  for (int fd : connections_) ::shutdown(fd, SHUT_RD);
  idle_.wait_for(lock, std::chrono::seconds(10),
                 [this] { return connections_.empty(); });
}

}  // namespace pvfsf::lun_export
