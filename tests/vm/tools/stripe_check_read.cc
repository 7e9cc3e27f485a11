// pvfsf-stripe-check read: see stripe_check.h.
#include "direct_io.h"
#include "stripe_check.h"

namespace pvfsf::tools {

int StripeCheck::run_read() {
  pattern_members();
  AlignedBuffer actual(max_len_), expected(max_len_);
  for (uint64_t n = 0; n < config_.ops; ++n) {
    const Op op = next_op();
    pread_full(device_.get(), actual.span(0, op.len), op.pos, config_.device);
    expected_from_pattern(op.pos, expected.span(0, op.len));
    if (!same_on_device(op.pos, expected.span(0, op.len),
                        actual.span(0, op.len), "read op " + std::to_string(n)))
      return 1;
    count(op);
  }
  print_summary("read");
  return 0;
}

}  // namespace pvfsf::tools
