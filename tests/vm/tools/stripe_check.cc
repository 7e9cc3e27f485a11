#include "stripe_check.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "control/block_device.h"
#include "byte_pattern.h"
#include "direct_io.h"
#include "common/error.h"
#include "stripe_layout.h"

namespace pvfsf::tools {

namespace {

// Bytes shown on each side of a mismatch.
constexpr size_t kShownBytes = 16;

uint64_t round_up(uint64_t value, uint64_t unit) {
  return (value + unit - 1) / unit * unit;
}

std::string hex_bytes(std::span<const uint8_t> bytes) {
  std::ostringstream out;
  char byte[4];
  for (size_t i = 0; i < std::min(bytes.size(), kShownBytes); ++i) {
    std::snprintf(byte, sizeof(byte), "%s%02x", i ? " " : "", bytes[i]);
    out << byte;
  }
  return out.str();
}

}  // namespace

StripeCheck::StripeCheck(const CheckConfig& config, bool write_device)
    : config_(config), rng_(config.seed) {
  if (config.members.empty()) throw UsageError("no MEMBER given");
  pvfsf_stripe_init(&stripe_, config.strip,
                    static_cast<uint32_t>(config.members.size()));
  // A different pattern per seed, unrelated to the write data's stream.
  pattern_seed_ = config.seed ^ 0x7061747465726e00ULL;

  device_ = open_direct(config.device, write_device ? O_RDWR : O_RDONLY);
  device_bytes_ = block_device_bytes(device_.get(), config.device);
  unit_ =
      std::max<uint64_t>(512, logical_block_size(device_.get(), config.device));
  if (!device_bytes_) throw UsageError(config.device + " has no capacity");

  std::vector<uint64_t> usable;
  for (const MemberDiskArg& arg : config.members) {
    MemberDisk m;
    m.path = arg.path;
    m.start = arg.start_sector * 512;
    m.fd = open_direct(arg.path, O_RDWR);
    m.bytes = block_device_bytes(m.fd.get(), arg.path);
    if (m.start > m.bytes)
      throw UsageError(arg.path + ": start sector " +
                       std::to_string(arg.start_sector) + " is past its end");
    usable.push_back(m.bytes - m.start);
    members_.push_back(std::move(m));
  }
  const uint64_t limit = capacity_limit(stripe_, usable);
  if (device_bytes_ > limit)
    throw_errno(ERANGE, config.device + " has " +
                            std::to_string(device_bytes_) +
                            " bytes but its members hold only " +
                            std::to_string(limit));

  min_len_ = std::max(unit_, round_up(config.min_len, unit_));
  max_len_ = std::min(device_bytes_, config.max_len / unit_ * unit_);
  if (min_len_ > max_len_)
    throw UsageError("--min " + std::to_string(config.min_len) + " and --max " +
                     std::to_string(config.max_len) +
                     " leave no length for a device of " +
                     std::to_string(device_bytes_) + " bytes in blocks of " +
                     std::to_string(unit_));
}

void StripeCheck::pattern_members() {
  AlignedBuffer buf(kChunk);
  for (uint32_t m = 0; m < members_.size(); ++m) {
    const MemberDisk& disk = members_[m];
    for (uint64_t off = 0; off < disk.bytes; off += kChunk) {
      const auto piece = buf.span(0, std::min(kChunk, disk.bytes - off));
      fill_pattern(pattern_seed_, m, off, piece);
      pwrite_full(disk.fd.get(), piece, off, disk.path);
    }
    if (::fsync(disk.fd.get()) < 0) throw_errno(errno, "fsync " + disk.path);
  }
}

uint64_t StripeCheck::uniform(uint64_t lo, uint64_t hi) {
  return std::uniform_int_distribution<uint64_t>(lo, hi)(rng_);
}

StripeCheck::Op StripeCheck::next_op() {
  const uint64_t len = unit_ * uniform(min_len_ / unit_, max_len_ / unit_);
  const uint64_t last_start = (device_bytes_ - len) / unit_;
  uint64_t start = uniform(0, last_start);
  // Half the ops are placed across a strip boundary: that is where a wrong
  // split of a bio shows.
  const bool can_cross = len > unit_ && device_bytes_ > config_.strip;
  if (can_cross && uniform(0, 1)) {
    const uint64_t boundary =
        config_.strip * uniform(1, (device_bytes_ - 1) / config_.strip);
    const uint64_t before = unit_ * uniform(1, len / unit_ - 1);
    if (boundary >= before)
      start = std::min((boundary - before) / unit_, last_start);
  }
  return {start * unit_, len};
}

void StripeCheck::count(const Op& op) {
  const size_t pieces = map_range(stripe_, op.pos, op.len).size();
  ++ops_done_;
  bytes_done_ += op.len;
  pieces_ += pieces;
  if (pieces > 1) ++ops_crossing_;
}

void StripeCheck::expected_from_pattern(uint64_t pos,
                                        std::span<uint8_t> out) const {
  for (const Extent& e : map_range(stripe_, pos, out.size()))
    fill_pattern(pattern_seed_, e.member, members_[e.member].start + e.offset,
                 out.subspan(e.pos - pos, e.len));
}

bool StripeCheck::same_on_device(uint64_t pos,
                                 std::span<const uint8_t> expected,
                                 std::span<const uint8_t> actual,
                                 const std::string& when) const {
  const auto diff =
      std::mismatch(expected.begin(), expected.end(), actual.begin());
  if (diff.first == expected.end()) return true;
  const size_t i = static_cast<size_t>(diff.first - expected.begin());
  pvfsf_stripe_pos where;
  pvfsf_stripe_map(&stripe_, pos + i, &where);
  const MemberDisk& disk = members_[where.member];
  std::cerr << "pvfsf-stripe-check: MISMATCH " << when << ": device offset "
            << pos + i << " = member " << where.member << " (" << disk.path
            << ") datafile offset " << where.offset << " (byte "
            << disk.start + where.offset << " of " << disk.path
            << "): expected " << hex_bytes(expected.subspan(i)) << " got "
            << hex_bytes(actual.subspan(i)) << " (seed " << config_.seed
            << ")\n";
  return false;
}

bool StripeCheck::member_matches_model(uint32_t member,
                                       const std::vector<Extent>& extents,
                                       const uint8_t* model) {
  const MemberDisk& disk = members_[member];
  AlignedBuffer actual(kChunk), expected(kChunk);
  size_t first = 0;  // first extent not wholly before the current chunk
  for (uint64_t off = 0; off < disk.bytes; off += kChunk) {
    const uint64_t len = std::min(kChunk, disk.bytes - off);
    pread_full(disk.fd.get(), actual.span(0, len), off, disk.path);
    fill_pattern(pattern_seed_, member, off, expected.span(0, len));
    // Overlay what the device wrote where it maps onto this member.
    while (first < extents.size() &&
           disk.start + extents[first].offset + extents[first].len <= off)
      ++first;
    for (size_t k = first; k < extents.size(); ++k) {
      const Extent& e = extents[k];
      const uint64_t lo = std::max(off, disk.start + e.offset);
      const uint64_t hi = std::min(off + len, disk.start + e.offset + e.len);
      if (lo >= off + len) break;
      std::copy_n(model + e.pos + (lo - disk.start - e.offset), hi - lo,
                  expected.data() + (lo - off));
    }
    const auto diff =
        std::mismatch(expected.data(), expected.data() + len, actual.data());
    if (diff.first == expected.data() + len) continue;
    const uint64_t at =
        off + static_cast<uint64_t>(diff.first - expected.data());
    const uint64_t in_chunk = at - off;
    std::cerr << "pvfsf-stripe-check: MISMATCH on member " << member
              << ": byte " << at << " of " << disk.path;
    __u64 pos;  // the header's type: uint64_t* would not convert
    if (at >= disk.start &&
        pvfsf_stripe_unmap(&stripe_, member, at - disk.start, &pos) &&
        pos < device_bytes_)
      std::cerr << " = datafile offset " << at - disk.start
                << " = device offset " << pos;
    else
      std::cerr << ", outside the mapped region (must keep its pattern)";
    std::cerr << ": expected "
              << hex_bytes({expected.data() + in_chunk, len - in_chunk})
              << " got "
              << hex_bytes({actual.data() + in_chunk, len - in_chunk})
              << " (seed " << config_.seed << ")\n";
    return false;
  }
  return true;
}

void StripeCheck::print_summary(const char* mode) const {
  std::cout << "pvfsf-stripe-check " << mode << ": ok: " << ops_done_
            << " ops, " << bytes_done_ << " bytes, " << ops_crossing_
            << " ops crossing strips, " << pieces_ << " pieces; device "
            << device_bytes_ << " bytes, " << members_.size()
            << " members, strip " << config_.strip << ", block " << unit_
            << ", seed " << config_.seed << "\n";
}

}  // namespace pvfsf::tools
