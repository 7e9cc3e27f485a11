// The request service's core, without sockets: one complete frame in, one
// reply frame out, and the line to log.  The order of checks is the
// protocol's (docs/export-protocol.md): framing, MAC, JSON and fields,
// freshness and nonce, the global rate, then the operation.  A request
// that fails any check reaches no LUN.
#ifndef PVFSF_HELPER_EXPORT_REQUEST_HANDLER_H
#define PVFSF_HELPER_EXPORT_REQUEST_HANDLER_H

#include <functional>
#include <string>
#include <string_view>

#include "protocol/cluster_key.h"
#include "export/exporter.h"
#include "protocol/protocol.h"
#include "export/replay_guard.h"

namespace pvfsf::lun_export {

struct HandlerLimits {
  int64_t time_window = 60;    // seconds a request's time may be off
  size_t max_nonces = 100000;  // nonces remembered within the window
  double global_rate = 50;     // authenticated requests a second, ...
  double global_burst = 100;   // ... and the burst above it
};

struct Outcome {
  std::string reply;   // a frame to send back
  bool close = false;  // close the connection after sending it
  std::string log;     // what happened, one line, for the log
  // The frame's MAC verified: the peer holds the cluster key (the service
  // gives such a connection the idle time it refuses a stranger).
  bool authenticated = false;
};

class RequestHandler {
 public:
  // @unix_now: seconds since the epoch; @mono_now: monotonic seconds.
  RequestHandler(const ClusterKey& key, ExportBackend& backend,
                 HandlerLimits limits, std::function<int64_t()> unix_now,
                 std::function<double()> mono_now);

  // Thread-safe; the backend serialises its own work.
  Outcome handle(std::string_view frame);
  // An error reply to a request that was not handled (busy, rate limited,
  // malformed before a frame was complete).
  Outcome refuse(ErrorCode code, const std::string& message, bool close,
                 const std::string& nonce = "");

 private:
  Outcome handle_signed(std::string_view body);
  Outcome execute(const Request& request);

  const ClusterKey& key_;
  ExportBackend& backend_;
  HandlerLimits limits_;
  std::function<int64_t()> unix_now_;
  std::function<double()> mono_now_;
  ReplayGuard replay_;
  TokenBucket global_;
};

}  // namespace pvfsf::lun_export

#endif
