// A rate limit of the request service: a token bucket, for each
// connection and for all of them together.
#ifndef PVFSF_HELPER_EXPORT_TOKEN_BUCKET_H
#define PVFSF_HELPER_EXPORT_TOKEN_BUCKET_H

#include <mutex>

namespace pvfsf::lun_export {

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
