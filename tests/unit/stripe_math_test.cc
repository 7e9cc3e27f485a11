// pvfsf_stripe.h against the independent oracles of stripe_oracle.h, over
// many geometries: strips of 4 KiB to 1 GiB in bytes and in sectors, powers
// of two and not, 1 to 1024 members, positions up to 2^64 - 1.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "pvfsf_stripe.h"
#include "stripe_oracle.h"

namespace {

using pvfsf::oracle::Place;

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

struct Geometry {
  uint64_t strip;
  uint32_t members;
};

std::string describe(const Geometry& g) {
  return "strip " + std::to_string(g.strip) + " members " +
         std::to_string(g.members);
}

std::vector<Geometry> geometries() {
  // Byte strips from PVFSF_MIN_STRIP to PVFSF_MAX_STRIP, then the same
  // range in 512-byte sectors (what the kernel passes).
  const uint64_t strips[] = {4096,   8192,    12288,   61440,   65536,
                             196608, 1 << 20, 5 << 20, 1 << 30, 8,
                             24,     120,     128,     2048,    1 << 21};
  const uint32_t counts[] = {1,  2,  3,  4,   5,    7,    8,
                             16, 31, 64, 100, 1000, 1023, 1024};
  std::vector<Geometry> all;
  for (uint64_t strip : strips)
    for (uint32_t members : counts) all.push_back({strip, members});
  return all;
}

pvfsf_stripe make(const Geometry& g) {
  pvfsf_stripe st;
  pvfsf_stripe_init(&st, g.strip, g.members);
  return st;
}

Place map(const pvfsf_stripe& st, uint64_t pos) {
  pvfsf_stripe_pos out;
  pvfsf_stripe_map(&st, pos, &out);
  return {out.member, out.offset, out.strip_left};
}

void expect_same(const Place& got, const Place& want, uint64_t pos) {
  EXPECT_EQ(got.member, want.member) << "pos " << pos;
  EXPECT_EQ(got.offset, want.offset) << "pos " << pos;
  EXPECT_EQ(got.strip_left, want.strip_left) << "pos " << pos;
}

// Positions near the interesting edges of a geometry, all within @rounds
// full rounds so the walking oracle stays quick, plus random ones.
std::vector<uint64_t> small_positions(const Geometry& g, std::mt19937_64& rng,
                                      uint64_t rounds = 3) {
  const uint64_t round = g.strip * g.members;
  std::vector<uint64_t> pos = {0,       1,           g.strip - 1,
                               g.strip, g.strip + 1, round - 1,
                               round,   round + 1,   2 * round + g.strip / 2};
  std::uniform_int_distribution<uint64_t> any(0, rounds * round - 1);
  for (int i = 0; i < 24; ++i) pos.push_back(any(rng));
  return pos;
}

// Positions anywhere in 64 bits, most near the top.
std::vector<uint64_t> wide_positions(const Geometry& g, std::mt19937_64& rng) {
  std::vector<uint64_t> pos = {kMax,     kMax - 1,   kMax - g.strip,
                               kMax / 2, 1ULL << 63, (1ULL << 63) - 1};
  std::uniform_int_distribution<uint64_t> near_top(kMax - (1ULL << 40), kMax);
  for (int i = 0; i < 16; ++i) {
    pos.push_back(rng());
    pos.push_back(near_top(rng));
  }
  return pos;
}

TEST(StripeInit, ShiftOnlyForPowersOfTwo) {
  for (const Geometry& g : geometries()) {
    const pvfsf_stripe st = make(g);
    SCOPED_TRACE(describe(g));
    if ((g.strip & (g.strip - 1)) == 0)
      EXPECT_EQ(uint64_t{1} << st.strip_shift, g.strip);
    else
      EXPECT_EQ(st.strip_shift, PVFSF_STRIPE_NO_SHIFT);
    EXPECT_EQ(st.strip, g.strip);
    EXPECT_EQ(st.nr_members, g.members);
  }
}

TEST(StripeMap, MatchesWalkingOracle) {
  std::mt19937_64 rng(1);
  for (const Geometry& g : geometries()) {
    const pvfsf_stripe st = make(g);
    SCOPED_TRACE(describe(g));
    for (uint64_t pos : small_positions(g, rng))
      expect_same(map(st, pos),
                  pvfsf::oracle::walk_map(g.strip, g.members, pos), pos);
  }
}

// The shift path for power-of-two strips must agree with the division path.
TEST(StripeMap, ShiftPathEqualsDivisionPath) {
  std::mt19937_64 rng(2);
  for (const Geometry& g : geometries()) {
    const pvfsf_stripe st = make(g);
    if (st.strip_shift == PVFSF_STRIPE_NO_SHIFT) continue;
    pvfsf_stripe divided = st;
    divided.strip_shift = PVFSF_STRIPE_NO_SHIFT;
    SCOPED_TRACE(describe(g));
    for (uint64_t pos : wide_positions(g, rng))
      expect_same(map(st, pos), map(divided, pos), pos);
  }
}

// PVFS simple_stripe is dm "striped" with the same chunk, in sectors as the
// kernel maps bios, and in bytes as the tools use it.
TEST(StripeMap, EqualsDmStriped) {
  std::mt19937_64 rng(3);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    for (uint64_t pos : wide_positions(g, rng)) {
      uint32_t stripe;
      uint64_t result;
      pvfsf::oracle::dm_stripe_map(g.strip, g.members, pos, &stripe, &result);
      const Place got = map(st, pos);
      EXPECT_EQ(got.member, stripe) << "pos " << pos;
      EXPECT_EQ(got.offset, result) << "pos " << pos;
    }
    if (g.strip % 512) continue;
    // Bytes: dm maps the sector, the byte keeps its place in it.
    const uint64_t chunk_sectors = g.strip / 512;
    for (uint64_t pos : wide_positions(g, rng)) {
      uint32_t stripe;
      uint64_t result;
      pvfsf::oracle::dm_stripe_map(chunk_sectors, g.members, pos / 512, &stripe,
                                   &result);
      const Place got = map(st, pos);
      EXPECT_EQ(got.member, stripe) << "byte " << pos;
      EXPECT_EQ(got.offset, result * 512 + pos % 512) << "byte " << pos;
    }
  }
}

TEST(StripeUnmap, InvertsMapEverywhere) {
  std::mt19937_64 rng(4);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::vector<uint64_t> positions = wide_positions(g, rng);
    for (uint64_t pos : small_positions(g, rng)) positions.push_back(pos);
    for (uint64_t pos : positions) {
      const Place where = map(st, pos);
      __u64 back = 0;
      ASSERT_TRUE(pvfsf_stripe_unmap(&st, where.member, where.offset, &back))
          << "pos " << pos;
      EXPECT_EQ(back, pos);
    }
  }
}

TEST(StripeUnmap, MatchesWalkingOracle) {
  std::mt19937_64 rng(5);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::uniform_int_distribution<uint32_t> member(0, g.members - 1);
    std::uniform_int_distribution<uint64_t> offset(0, 3 * g.strip);
    for (int i = 0; i < 16; ++i) {
      const uint32_t m = member(rng);
      const uint64_t off = offset(rng);
      __u64 pos = 0;
      ASSERT_TRUE(pvfsf_stripe_unmap(&st, m, off, &pos));
      EXPECT_EQ(pos, pvfsf::oracle::walk_unmap(g.strip, g.members, m, off))
          << "member " << m << " offset " << off;
    }
  }
}

// Unmap says false exactly when the position needs more than 64 bits.
TEST(StripeUnmap, ReportsOverflowExactly) {
  std::mt19937_64 rng(6);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::uniform_int_distribution<uint32_t> member(0, g.members - 1);
    // Offsets around the largest one member can hold: kMax / members.
    const uint64_t edge = kMax / g.members;
    std::vector<uint64_t> offsets = {kMax, edge, edge - g.strip, edge + g.strip,
                                     kMax - g.strip};
    for (int i = 0; i < 8; ++i) offsets.push_back(edge - rng() % (4 * g.strip));
    for (uint64_t off : offsets) {
      const uint32_t m = member(rng);
      const unsigned __int128 wide =
          pvfsf::oracle::wide_unmap(g.strip, g.members, m, off);
      __u64 pos = 0;
      const bool fits = pvfsf_stripe_unmap(&st, m, off, &pos);
      EXPECT_EQ(fits, wide <= kMax) << "member " << m << " offset " << off;
      if (fits) {
        EXPECT_EQ(pos, static_cast<uint64_t>(wide));
      }
    }
  }
}

TEST(StripeMemberSize, MatchesWalkingOracle) {
  std::mt19937_64 rng(7);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    for (uint64_t size : small_positions(g, rng)) {
      const auto want =
          pvfsf::oracle::walk_member_sizes(g.strip, g.members, size);
      for (uint32_t m = 0; m < g.members; ++m)
        EXPECT_EQ(pvfsf_stripe_member_size(&st, size, m), want[m])
            << "file size " << size << " member " << m;
    }
  }
}

// The datafiles together hold exactly the file, for any file size.
TEST(StripeMemberSize, SumsToFileSize) {
  std::mt19937_64 rng(8);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    for (uint64_t size : wide_positions(g, rng)) {
      unsigned __int128 sum = 0;
      for (uint32_t m = 0; m < g.members; ++m)
        sum += pvfsf_stripe_member_size(&st, size, m);
      EXPECT_TRUE(sum == size) << "file size " << size;
    }
  }
}

// PVFS takes the file size as the largest that any datafile implies; from
// the datafile sizes of a file of size S that must give back S.
TEST(StripeFileSize, RecoversFileSizeFromMembers) {
  std::mt19937_64 rng(9);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::vector<uint64_t> sizes = small_positions(g, rng);
    for (uint64_t size : wide_positions(g, rng)) sizes.push_back(size);
    for (uint64_t size : sizes) {
      uint64_t largest = 0;
      for (uint32_t m = 0; m < g.members; ++m) {
        __u64 implied = 0;
        ASSERT_TRUE(pvfsf_stripe_file_size(
            &st, m, pvfsf_stripe_member_size(&st, size, m), &implied));
        largest = std::max<uint64_t>(largest, implied);
      }
      EXPECT_EQ(largest, size);
    }
  }
}

TEST(StripeFileSize, MatchesWalkingOracle) {
  std::mt19937_64 rng(10);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::uniform_int_distribution<uint32_t> member(0, g.members - 1);
    std::uniform_int_distribution<uint64_t> held(1, 3 * g.strip);
    for (int i = 0; i < 16; ++i) {
      const uint32_t m = member(rng);
      const uint64_t size = held(rng);
      __u64 file_size = 0;
      ASSERT_TRUE(pvfsf_stripe_file_size(&st, m, size, &file_size));
      EXPECT_EQ(file_size,
                pvfsf::oracle::walk_unmap(g.strip, g.members, m, size - 1) + 1)
          << "member " << m << " holding " << size;
    }
    __u64 empty = 1;
    EXPECT_TRUE(pvfsf_stripe_file_size(&st, 0, 0, &empty));
    EXPECT_EQ(empty, 0u);
  }
}

TEST(StripeFileSize, ReportsOverflowExactly) {
  std::mt19937_64 rng(11);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    const uint32_t last = g.members - 1;
    const uint64_t edge = kMax / g.members;
    for (uint64_t size : {kMax, edge, edge + 1, edge - g.strip, edge + g.strip,
                          edge - rng() % g.strip}) {
      if (!size) continue;  // edge + 1 wraps for one member; 0 is tested above
      for (uint32_t m : {0u, last}) {
        const unsigned __int128 wide =
            pvfsf::oracle::wide_unmap(g.strip, g.members, m, size - 1) + 1;
        __u64 file_size = 0;
        EXPECT_EQ(pvfsf_stripe_file_size(&st, m, size, &file_size),
                  wide <= kMax)
            << "member " << m << " holding " << size;
        if (wide <= kMax) {
          EXPECT_EQ(file_size, static_cast<uint64_t>(wide));
        }
      }
    }
  }
}

TEST(StripeMemberLimit, MatchesWalkingOracle) {
  std::mt19937_64 rng(12);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::uniform_int_distribution<uint32_t> member(0, g.members - 1);
    std::uniform_int_distribution<uint64_t> held(0, 3 * g.strip);
    for (int i = 0; i < 16; ++i) {
      const uint32_t m = member(rng);
      const uint64_t size = held(rng);
      EXPECT_EQ(pvfsf_stripe_member_limit(&st, m, size),
                pvfsf::oracle::walk_member_limit(g.strip, g.members, m, size))
          << "member " << m << " holding " << size;
    }
  }
}

// Tiny strips (the header does not care about units) let every position be
// checked against the definition: below the limit every byte mapped to the
// member fits, and the limit itself is the first that does not.
TEST(StripeMemberLimit, ExhaustiveDefinition) {
  for (uint64_t strip : {1, 2, 3, 4, 5, 8}) {
    for (uint32_t members = 1; members <= 6; ++members) {
      pvfsf_stripe st;
      pvfsf_stripe_init(&st, strip, members);
      for (uint32_t m = 0; m < members; ++m) {
        for (uint64_t size = 0; size <= 4 * strip + 1; ++size) {
          SCOPED_TRACE("strip " + std::to_string(strip) + " members " +
                       std::to_string(members) + " member " +
                       std::to_string(m) + " size " + std::to_string(size));
          const uint64_t limit = pvfsf_stripe_member_limit(&st, m, size);
          for (uint64_t pos = 0; pos < limit; ++pos) {
            const Place p = map(st, pos);
            if (p.member == m) {
              ASSERT_LT(p.offset, size) << "pos " << pos;
            }
          }
          const Place at = map(st, limit);
          EXPECT_EQ(at.member, m);
          EXPECT_EQ(at.offset, size);
        }
      }
    }
  }
}

// The capacity over members of given sizes is the least limit: every
// position below it fits on its member, the capacity itself does not.
TEST(StripeMemberLimit, CapacityIsLeastLimit) {
  std::mt19937_64 rng(13);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    std::uniform_int_distribution<uint64_t> held(g.strip / 2, 5 * g.strip);
    for (int trial = 0; trial < 4; ++trial) {
      std::vector<uint64_t> sizes(g.members);
      uint64_t capacity = kMax;
      for (uint32_t m = 0; m < g.members; ++m) {
        sizes[m] = held(rng);
        capacity = std::min<uint64_t>(
            capacity, pvfsf_stripe_member_limit(&st, m, sizes[m]));
      }
      const Place beyond = map(st, capacity);
      EXPECT_GE(beyond.offset, sizes[beyond.member]) << "capacity " << capacity;
      std::uniform_int_distribution<uint64_t> below(0, capacity - 1);
      std::vector<uint64_t> probes = {0, capacity - 1};
      for (int i = 0; i < 32; ++i) probes.push_back(below(rng));
      for (uint64_t pos : probes) {
        const Place p = map(st, pos);
        EXPECT_LT(p.offset, sizes[p.member]) << "pos " << pos;
      }
    }
  }
}

TEST(StripeMemberLimit, SaturatesAtTheTop) {
  std::mt19937_64 rng(14);
  for (const Geometry& g : geometries()) {
    SCOPED_TRACE(describe(g));
    const pvfsf_stripe st = make(g);
    const uint64_t edge = kMax / g.members;
    for (uint64_t size :
         {kMax, edge, edge + g.strip, edge - g.strip, edge - rng() % g.strip}) {
      for (uint32_t m : {0u, g.members - 1}) {
        const unsigned __int128 wide =
            pvfsf::oracle::wide_unmap(g.strip, g.members, m, size);
        const uint64_t want = wide > kMax ? kMax : static_cast<uint64_t>(wide);
        EXPECT_EQ(pvfsf_stripe_member_limit(&st, m, size), want)
            << "member " << m << " holding " << size;
      }
    }
  }
}

}  // namespace
