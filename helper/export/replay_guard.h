// Replay protection of the request service: a request is accepted once,
// and only while its timestamp is fresh.  A request's time must lie within
// @window seconds of the service's clock and not before the service
// started (so a request captured before a restart cannot be replayed
// after it, when the nonces seen are forgotten); its nonce must not have
// been seen within the window.
#ifndef PVFSF_HELPER_EXPORT_REPLAY_GUARD_H
#define PVFSF_HELPER_EXPORT_REPLAY_GUARD_H

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_set>

namespace pvfsf::lun_export {

class ReplayGuard {
 public:
  // @started: the service's start, seconds since the epoch.  At most
  // @max_nonces are remembered; more fresh requests than that within a
  // window are refused as kRateLimited.
  ReplayGuard(int64_t started, int64_t window, size_t max_nonces);

  // Accepts (and remembers) @nonce or throws ExportError kStale, kReplay
  // or kRateLimited.  Thread-safe.
  void check(int64_t time, const std::string& nonce, int64_t now);

  size_t remembered() const;

 private:
  void forget_before(int64_t oldest);

  int64_t started_;
  int64_t window_;
  size_t max_nonces_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> nonces_;
  std::multimap<int64_t, std::string> by_time_;  // to forget old nonces
};

// A token bucket: @rate tokens a second, at most @burst stored.
class TokenBucket {
 public:
  TokenBucket(double rate, double burst);
  // Takes a token if there is one at time @now (seconds, monotonic).
  // Thread-safe.
  bool take(double now);

 private:
  std::mutex mutex_;
  double rate_;
  double burst_;
  double tokens_;
  double last_ = -1;
};

}  // namespace pvfsf::lun_export

#endif
