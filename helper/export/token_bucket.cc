#include "export/token_bucket.h"

#include <algorithm>

namespace pvfsf::lun_export {

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
