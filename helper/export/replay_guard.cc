#include "export/replay_guard.h"

#include <algorithm>

#include "protocol/export_error.h"

namespace pvfsf::lun_export {

ReplayGuard::ReplayGuard(int64_t started, int64_t window, size_t max_nonces)
    : started_(started), window_(window), max_nonces_(max_nonces) {}

void ReplayGuard::forget_before(int64_t oldest) {
  auto end = by_time_.lower_bound(oldest);
  for (auto it = by_time_.begin(); it != end; ++it) nonces_.erase(it->second);
  by_time_.erase(by_time_.begin(), end);
}

void ReplayGuard::check(int64_t time, const std::string& nonce, int64_t now) {
  if (time < now - window_ || time > now + window_)
    throw ExportError(ErrorCode::kStale,
                      "request time " + std::to_string(time) + " is " +
                          std::to_string(time < now ? now - time : time - now) +
                          " s " + (time < now ? "behind" : "ahead of") +
                          " the service's clock; at most " +
                          std::to_string(window_) + " s are accepted");
  if (time < started_)
    throw ExportError(ErrorCode::kStale,
                      "request time " + std::to_string(time) +
                          " is before the service started (" +
                          std::to_string(started_) + "): send a fresh request");
  std::lock_guard<std::mutex> lock(mutex_);
  // A nonce is kept until its time leaves the window: older requests are
  // refused as stale, so it could not be accepted again anyway.
  forget_before(now - window_);
  if (nonces_.count(nonce))
    throw ExportError(ErrorCode::kReplay,
                      "nonce " + nonce + " was used before: replayed request");
  if (nonces_.size() >= max_nonces_)
    throw ExportError(ErrorCode::kRateLimited, "too many requests within " +
                                                   std::to_string(window_) +
                                                   " s; retry later");
  nonces_.insert(nonce);
  by_time_.emplace(time, nonce);
}

size_t ReplayGuard::remembered() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return nonces_.size();
}

TokenBucket::TokenBucket(double rate, double burst)
    : rate_(rate), burst_(burst), tokens_(burst) {}

bool TokenBucket::take(double now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (last_ >= 0 && now > last_)
    tokens_ = std::min(burst_, tokens_ + (now - last_) * rate_);
  if (last_ < 0 || now > last_) last_ = now;
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

}  // namespace pvfsf::lun_export
