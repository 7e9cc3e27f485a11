// The request service's sockets: accepts connections on the listen
// address, one thread each (at most max_connections, and at most
// max_connections_per_host from one address; more are closed at once),
// runs the TLS handshake under a deadline, reads frames with deadlines,
// rate-limits each connection and hands frames to a RequestHandler.  Logs
// one line per request.
#ifndef PVFSF_HELPER_EXPORT_SERVICE_H
#define PVFSF_HELPER_EXPORT_SERVICE_H

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/server_address.h"
#include "common/unique_fd.h"
#include "export/request_handler.h"
#include "protocol/net.h"
#include "protocol/tls.h"

namespace pvfsf::lun_export {

struct ServiceLimits {
  size_t max_connections = 32;
  // So that idle sockets from one host cannot make the service turn every
  // other client away as busy.
  size_t max_connections_per_host = 8;
  // A connection whose TLS handshake (the proof that the peer holds the
  // cluster key) has not completed this long after it was accepted is
  // closed: a stranger holds a slot for this long at most.
  std::chrono::milliseconds auth_timeout{3000};
  double connection_rate = 10;   // requests a second on one connection, ...
  double connection_burst = 20;  // ... and the burst above it
  // A frame must be complete this long after its first byte.
  std::chrono::milliseconds frame_timeout{10000};
  // An authenticated connection with no request for this long is closed.
  std::chrono::milliseconds idle_timeout{60000};
};

class Service {
 public:
  // @listen: a socket from listen_on().  @tls: a server context, which
  // must outlive the service.  @log: takes one line.
  Service(RequestHandler& handler, const TlsContext& tls, UniqueFd listen,
          ServiceLimits limits, std::function<void(const std::string&)> log);

  // Serves until @stop_fd is readable, then stops accepting, ends idle
  // connections, lets requests in progress finish and returns once every
  // connection's thread has ended (joined, none left running).
  void run(int stop_fd);

 private:
  struct Connection {
    int fd = -1;
    std::string host;  // the peer's address
    std::thread thread;
  };

  void serve_connection(uint64_t id, UniqueFd fd, std::string peer);
  // Whether the handshake completed; logs why not.
  bool authenticate(TlsConnection& tls, const std::string& peer);
  void serve_requests(TlsConnection& tls, const std::string& peer);
  // The reason to turn a new connection from @host away, "" if none.
  // Called with mutex_ held.
  std::string busy_reason(const std::string& host) const;
  void join_finished();
  void stop_connections();
  void reply(TlsConnection& tls, const Outcome& outcome,
             const std::string& peer, Clock::time_point started);

  RequestHandler& handler_;
  const TlsContext& tls_;
  UniqueFd listen_;
  ServiceLimits limits_;
  std::function<void(const std::string&)> log_;

  std::mutex mutex_;
  std::condition_variable idle_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Connection> connections_;  // being served
  std::vector<std::thread> finished_;           // ended, to be joined
};

}  // namespace pvfsf::lun_export

#endif
