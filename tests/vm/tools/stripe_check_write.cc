// pvfsf-stripe-check write: see stripe_check.h.
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "direct_io.h"
#include "common/error.h"
#include "stripe_check.h"

namespace pvfsf::tools {

int StripeCheck::run_write() {
  pattern_members();

  // 1. The model starts as the device's content, which must already be the
  //    members' pattern as mapped: this checks the read path whole.
  AlignedBuffer model(device_bytes_), expected(kChunk);
  for (uint64_t pos = 0; pos < device_bytes_; pos += kChunk) {
    const uint64_t len = std::min(kChunk, device_bytes_ - pos);
    pread_full(device_.get(), model.span(pos, len), pos, config_.device);
    expected_from_pattern(pos, expected.span(0, len));
    if (!same_on_device(pos, expected.span(0, len), model.span(pos, len),
                        "reading the patterned device"))
      return 1;
  }

  // 2. Random writes through the device, mirrored in the model.
  AlignedBuffer data(max_len_);
  for (uint64_t n = 0; n < config_.ops; ++n) {
    const Op op = next_op();
    for (uint64_t i = 0; i < op.len; i += 8) {
      const uint64_t word = rng_();
      std::copy_n(reinterpret_cast<const uint8_t*>(&word),
                  std::min<uint64_t>(8, op.len - i), data.data() + i);
    }
    pwrite_full(device_.get(), data.span(0, op.len), op.pos, config_.device);
    std::copy_n(data.data(), op.len, model.data() + op.pos);
    count(op);
  }
  if (::fsync(device_.get()) < 0) throw_errno(errno, "fsync " + config_.device);

  // 3. Every byte of every member: the model where the device maps, the
  //    untouched pattern everywhere else.
  const auto extents = extents_by_member(stripe_, device_bytes_);
  for (uint32_t m = 0; m < members_.size(); ++m)
    if (!member_matches_model(m, extents[m], model.data())) return 1;

  print_summary("write");
  return 0;
}

}  // namespace pvfsf::tools
