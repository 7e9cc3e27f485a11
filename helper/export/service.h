// The request service's sockets: accepts connections on the listen
// address, one thread each (at most max_connections), reads frames with
// deadlines, rate-limits each connection and hands frames to a
// RequestHandler.  Logs one line per request.
#ifndef PVFSF_HELPER_EXPORT_SERVICE_H
#define PVFSF_HELPER_EXPORT_SERVICE_H

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "common/server_address.h"
#include "protocol/net.h"
#include "export/request_handler.h"
#include "common/unique_fd.h"

namespace pvfsf::lun_export {

struct ServiceLimits {
  size_t max_connections = 32;
  double connection_rate = 10;   // requests a second on one connection, ...
  double connection_burst = 20;  // ... and the burst above it
  // A frame must be complete this long after its first byte.
  std::chrono::milliseconds frame_timeout{10000};
  // A connection with no request for this long is closed.
  std::chrono::milliseconds idle_timeout{60000};
};

class Service {
 public:
  // @listen: a socket from listen_on().  @log: takes one line.
  Service(RequestHandler& handler, UniqueFd listen, ServiceLimits limits,
          std::function<void(const std::string&)> log);

  // Serves until @stop_fd is readable, then stops accepting, ends idle
  // connections, waits up to 10 s for requests in progress and returns.
  void run(int stop_fd);

 private:
  void serve_connection(UniqueFd fd, std::string peer);
  void reply(int fd, const Outcome& outcome, const std::string& peer,
             Clock::time_point started);

  RequestHandler& handler_;
  UniqueFd listen_;
  ServiceLimits limits_;
  std::function<void(const std::string&)> log_;

  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<int> connections_;  // fds being served
};

}  // namespace pvfsf::lun_export

#endif
