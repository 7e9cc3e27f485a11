// The request service's core, without sockets or TLS: one complete frame
// in (from a peer whose TLS handshake proved it holds the cluster key),
// one reply frame out, and the line to log.  The order of checks is the
// protocol's (docs/export-protocol.md): framing, JSON and fields, the
// server named, the global rate, then the operation.  A request that
// fails any check reaches no LUN.
#ifndef PVFSF_HELPER_EXPORT_REQUEST_HANDLER_H
#define PVFSF_HELPER_EXPORT_REQUEST_HANDLER_H

#include <functional>
#include <string>
#include <string_view>

#include "export/exporter.h"
#include "export/token_bucket.h"
#include "protocol/protocol.h"

namespace pvfsf::lun_export {

struct HandlerLimits {
  double global_rate = 50;     // authenticated requests a second, ...
  double global_burst = 100;   // ... and the burst above it
};

struct Outcome {
  std::string reply;   // a frame to send back
  bool close = false;  // close the connection after sending it
  std::string log;     // what happened, one line, for the log
};

class RequestHandler {
 public:
  // @mono_now: monotonic seconds.
  RequestHandler(ExportBackend& backend, HandlerLimits limits,
                 std::function<double()> mono_now);

  // Thread-safe; the backend serialises its own work.
  Outcome handle(std::string_view frame);
  // An error reply to a request that was not handled (rate limited,
  // malformed before a frame was complete).
  Outcome refuse(ErrorCode code, const std::string& message, bool close);

 private:
  Outcome handle_body(std::string_view body);
  Outcome execute(const Request& request);

  ExportBackend& backend_;
  HandlerLimits limits_;
  std::function<double()> mono_now_;
  TokenBucket global_;
};

}  // namespace pvfsf::lun_export

#endif
