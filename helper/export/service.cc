#include "export/service.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

#include "common/error.h"
#include "protocol/export_error.h"
#include "protocol/net.h"
#include "protocol/protocol.h"

namespace pvfsf::lun_export {

namespace {

double mono_seconds() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

}  // namespace

Service::Service(RequestHandler& handler, const TlsContext& tls,
                 UniqueFd listen, ServiceLimits limits,
                 std::function<void(const std::string&)> log)
    : handler_(handler),
      tls_(tls),
      listen_(std::move(listen)),
      limits_(limits),
      log_(std::move(log)) {}

void Service::reply(TlsConnection& tls, const Outcome& outcome,
                    const std::string& peer, Clock::time_point started) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Clock::now() - started)
                      .count();
  log_(peer + " " + outcome.log + " (" + std::to_string(ms) + " ms)");
  tls.write_full(outcome.reply, Clock::now() + limits_.frame_timeout);
}

bool Service::authenticate(TlsConnection& tls, const std::string& peer) {
  try {
    tls.handshake(Clock::now() + limits_.auth_timeout);
    return true;
  } catch (const ExportError& e) {
    std::string why;
    if (tls.peer_identity().empty())
      why = "it offered no PSK: no client of this service";
    else if (tls.peer_identity() != tls_.identity())
      why = "it offered PSK identity " + tls.peer_identity() + ", ours is " +
            tls_.identity() + ": another cluster key";
    else
      why =
          "our PSK identity, but not our key, or an altered or replayed "
          "handshake";
    log_(peer + " refused auth: TLS handshake failed (" + e.what() +
         "): " + why);
  } catch (const std::system_error& e) {
    if (e.code().value() == ETIMEDOUT)
      log_(peer + " completed no TLS handshake within " +
           std::to_string(limits_.auth_timeout.count()) + " ms: closed");
    else
      log_(peer + " closed the connection during the TLS handshake");
  }
  return false;
}

void Service::serve_requests(TlsConnection& tls, const std::string& peer) {
  TokenBucket bucket(limits_.connection_rate, limits_.connection_burst);
  std::string frame;
  for (;;) {
    // The first byte may take up to the idle timeout, the rest of the
    // frame the frame timeout.
    char first;
    if (tls.read_full(&first, 1, Clock::now() + limits_.idle_timeout) !=
        ReadResult::kOk)
      return;
    const Clock::time_point started = Clock::now();
    const Clock::time_point deadline = started + limits_.frame_timeout;
    frame.assign(kFrameHeaderSize, '\0');
    frame[0] = first;
    ReadResult got =
        tls.read_full(frame.data() + 1, kFrameHeaderSize - 1, deadline);
    if (got == ReadResult::kOk) {
      size_t body = 0;
      try {
        body = check_frame_header(frame);
      } catch (const ExportError& e) {
        // The length cannot be trusted: nothing after it can be read.
        reply(tls, handler_.refuse(e.code(), e.what(), true), peer, started);
        return;
      }
      frame.resize(kFrameHeaderSize + body);
      got = tls.read_full(frame.data() + kFrameHeaderSize, body, deadline);
    }
    if (got == ReadResult::kTimeout) {
      reply(tls,
            handler_.refuse(ErrorCode::kBadFrame,
                            "frame not complete within " +
                                std::to_string(limits_.frame_timeout.count()) +
                                " ms",
                            true),
            peer, started);
      return;
    }
    if (got != ReadResult::kOk) {
      log_(peer + " closed the connection in the middle of a frame");
      return;
    }
    if (!bucket.take(mono_seconds())) {
      reply(tls,
            handler_.refuse(
                ErrorCode::kRateLimited,
                "at most " +
                    std::to_string(static_cast<int>(limits_.connection_rate)) +
                    " requests a second on one connection; retry later",
                false),
            peer, started);
      continue;
    }
    const Outcome outcome = handler_.handle(frame);
    reply(tls, outcome, peer, started);
    if (outcome.close) return;
  }
}

void Service::serve_connection(uint64_t id, UniqueFd fd, std::string peer) {
  try {
    TlsConnection tls(tls_, std::move(fd));
    if (authenticate(tls, peer)) serve_requests(tls, peer);
    tls.close_notify();
    // Closing with unread input would reset the connection, and the peer
    // could lose the reply that says why it ends.
    drain_before_close(tls.fd(), 2 * kMaxFrameSize,
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
      // Closed at once, before any TLS: a reply would need a handshake,
      // and the accept loop must not wait on a stranger's socket.
      lock.unlock();
      log_(peer + " refused busy: " + reason);
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
