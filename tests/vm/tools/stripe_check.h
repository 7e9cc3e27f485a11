// pvfsf-stripe-check: compares what a pvfsf device and its members hold with
// a model built from the shared stripe math.  Both modes first put a known
// pattern on every member, all of it, so that a byte written to the wrong
// place shows up wherever it lands.
//
//   write: read the whole device (checked against the pattern) into the
//          model, do random O_DIRECT writes through the device, fsync, then
//          read every member whole and compare each byte with the model
//          (inside the mapped region) or the pattern (outside it).
//   read:  do random O_DIRECT reads through the device and compare each
//          with the pattern as mapped.
#ifndef PVFSF_TOOLS_STRIPE_CHECK_H
#define PVFSF_TOOLS_STRIPE_CHECK_H

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "pvfsf_stripe.h"
#include "stripe_layout.h"
#include "common/unique_fd.h"

namespace pvfsf::tools {

struct MemberDiskArg {
  std::string path;
  uint64_t start_sector = 0;
};

struct CheckConfig {
  std::string device;
  uint64_t strip = 0;  // bytes
  uint64_t seed = 0;
  uint64_t ops = 0;
  uint64_t min_len = 0;  // bytes, before rounding to the block size
  uint64_t max_len = 0;
  std::vector<MemberDiskArg> members;  // datafile order
};

class StripeCheck {
 public:
  // Opens everything, reads the sizes and checks that the device is no
  // larger than its members can hold.  Throws system_error, or UsageError
  // where the arguments cannot fit the devices.
  StripeCheck(const CheckConfig& config, bool write_device);

  // Each returns the exit code: 0 all matched, 1 a mismatch (printed).
  int run_write();
  int run_read();

 private:
  // I/O size of the whole-device and whole-member passes.
  static constexpr uint64_t kChunk = 4 << 20;

  struct MemberDisk {
    std::string path;
    uint64_t start = 0;  // byte offset of the datafile on the device
    uint64_t bytes = 0;  // size of the whole member device
    UniqueFd fd;
  };
  struct Op {
    uint64_t pos;
    uint64_t len;
  };

  void pattern_members();
  Op next_op();
  uint64_t uniform(uint64_t lo, uint64_t hi);
  // What the pattern puts at device bytes [pos, pos + out.size()).
  void expected_from_pattern(uint64_t pos, std::span<uint8_t> out) const;
  // Prints the first difference, as device offset, member and member
  // offset, and returns false; true if none.
  bool same_on_device(uint64_t pos, std::span<const uint8_t> expected,
                      std::span<const uint8_t> actual,
                      const std::string& when) const;
  // Reads member @member whole; @extents are its parts of the device.
  bool member_matches_model(uint32_t member, const std::vector<Extent>& extents,
                            const uint8_t* model);
  // Counts an op for the summary.
  void count(const Op& op);
  void print_summary(const char* mode) const;

  CheckConfig config_;
  pvfsf_stripe stripe_;
  UniqueFd device_;
  uint64_t device_bytes_ = 0;
  uint64_t unit_ = 512;  // the device's logical block size
  uint64_t min_len_ = 0, max_len_ = 0;
  uint64_t pattern_seed_ = 0;
  std::vector<MemberDisk> members_;
  std::mt19937_64 rng_;

  uint64_t ops_done_ = 0, bytes_done_ = 0, ops_crossing_ = 0, pieces_ = 0;
};

}  // namespace pvfsf::tools

#endif
