#include "export/service.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
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

void Service::serve_connection(uint64_t id, UniqueFd fd, std::string peer) {
  TokenBucket bucket(limits_.connection_rate, limits_.connection_burst);
  std::string frame;
  // Until a frame's MAC verifies, every wait ends at this deadline.
  const Clock::time_point auth_deadline = Clock::now() + limits_.auth_timeout;
  bool authenticated = false;
  try {
    for (;;) {
      // The first byte may take up to the idle timeout, the rest of the
      // frame the frame timeout.
      char first;
      const ReadResult idle = read_full(
          fd.get(), &first, 1,
          authenticated ? Clock::now() + limits_.idle_timeout : auth_deadline);
      if (idle == ReadResult::kTimeout && !authenticated)
        log_(peer + " sent no signed request within " +
             std::to_string(limits_.auth_timeout.count()) + " ms: closed");
      if (idle != ReadResult::kOk) break;
      const Clock::time_point started = Clock::now();
      const Clock::time_point deadline =
          authenticated ? started + limits_.frame_timeout
                        : std::min(started + limits_.frame_timeout,
                                   auth_deadline);
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
      authenticated = authenticated || outcome.authenticated;
      reply(fd.get(), outcome, peer, started);
      if (outcome.close) break;
    }
    drain_before_close(fd.get(), 2 * kMaxFrameSize,
                       std::chrono::milliseconds(500));
  } catch (const std::exception& e) {
    log_(peer + " connection error: " + e.what());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  // The accept loop made the entry, thread included, before this thread
  // could take the mutex.
  auto self = connections_.find(id);
  finished_.push_back(std::move(self->second.thread));
  connections_.erase(self);
  idle_.notify_all();
}

std::string Service::busy_reason(const std::string& host) const {
  if (connections_.size() >= limits_.max_connections)
    return "the service has " + std::to_string(limits_.max_connections) +
           " connections; retry later";
  const size_t from_host = static_cast<size_t>(std::count_if(
      connections_.begin(), connections_.end(),
      [&](const auto& entry) { return entry.second.host == host; }));
  if (from_host >= limits_.max_connections_per_host)
    return "the service has " +
           std::to_string(limits_.max_connections_per_host) +
           " connections from " + host + "; retry later";
  return "";
}

void Service::turn_away(UniqueFd fd, const std::string& peer,
                        const std::string& reason) {
  const Outcome busy = handler_.refuse(ErrorCode::kBusy, reason, true);
  log_(peer + " " + busy.log);
  try {
    write_full(fd.get(), busy.reply,
               Clock::now() + std::chrono::milliseconds(200));
    drain_before_close(fd.get(), kMaxFrameSize,
                       std::chrono::milliseconds(100));
  } catch (const std::exception&) {
  }
}

void Service::join_finished() {
  std::vector<std::thread> ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended.swap(finished_);
  }
  for (std::thread& thread : ended) thread.join();
}

void Service::stop_connections() {
  // Idle connections see end of input at once, busy ones finish their
  // request (bounded by the frame timeout of its reply) and then see it.
  std::unique_lock<std::mutex> lock(mutex_);
  for (const auto& entry : connections_) ::shutdown(entry.second.fd, SHUT_RD);
  if (!idle_.wait_for(lock, std::chrono::seconds(10),
                      [this] { return connections_.empty(); })) {
    log_("stopping: waiting for " + std::to_string(connections_.size()) +
         " request(s) in progress");
    idle_.wait(lock, [this] { return connections_.empty(); });
  }
  lock.unlock();
  join_finished();
}

void Service::run(int stop_fd) {
  for (;;) {
    pollfd fds[2] = {{listen_.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "poll");
    }
    join_finished();
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
    std::string host = address_text(addr);
    std::unique_lock<std::mutex> lock(mutex_);
    const std::string reason = busy_reason(host);
    if (!reason.empty()) {
      lock.unlock();
      turn_away(std::move(fd), peer, reason);
      continue;
    }
    const uint64_t id = next_id_++;
    Connection& connection = connections_[id];
    connection.fd = fd.get();
    connection.host = std::move(host);
    try {
      connection.thread = std::thread(&Service::serve_connection, this, id,
                                      std::move(fd), std::move(peer));
    } catch (const std::system_error& e) {
      connections_.erase(id);
      log_(std::string("no thread for a connection: ") + e.what());
    }
  }
  listen_.reset();
  stop_connections();
}

}  // namespace pvfsf::lun_export
