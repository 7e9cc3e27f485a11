// The bstream model against an independent oracle (stripe_oracle.h, which
// walks strip by strip and shares no code with pvfsf_stripe.h): what
// write_file puts in each bstream, which bstreams exist, the size computed
// from bstream sizes, reads with holes, set_file_size.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <tuple>

#include "common/error.h"
#include "sim/model.h"
#include "sim_test_util.h"
#include "stripe_oracle.h"
#include "common/unique_fd.h"

namespace pvfsf::sim {
namespace {

using test::random_bytes;
using test::read_whole;
using test::size_of;
using test::TempDir;

pvfsf_stripe stripe(uint64_t strip, uint32_t members) {
  pvfsf_stripe st;
  pvfsf_stripe_init(&st, strip, members);
  return st;
}

BstreamPaths paths_in(const fs::path& dir) {
  return [dir](uint32_t i) {
    return dir / ("bucket" + std::to_string(i % 3)) /
           ("df" + std::to_string(i) + ".bstream");
  };
}

uint64_t write_bytes(const pvfsf_stripe& st, const BstreamPaths& paths,
                     const fs::path& input, const std::string& bytes) {
  test::write_whole(input, bytes);
  UniqueFd fd(::open(input.c_str(), O_RDONLY));
  return write_file(st, paths, fd.get());
}

std::string read_back(const pvfsf_stripe& st, const BstreamPaths& paths,
                      uint64_t size, const fs::path& output) {
  UniqueFd fd(::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644));
  read_file(st, paths, size, fd.get());
  return read_whole(output);
}

// The bytes the oracle says datafile @member holds of @file.
std::string oracle_member(uint64_t strip, uint32_t members, uint32_t member,
                          const std::string& file) {
  const std::vector<uint64_t> sizes =
      oracle::walk_member_sizes(strip, members, file.size());
  std::string held(sizes[member], '\0');
  for (uint64_t off = 0; off < held.size(); off++)
    held[off] = file[oracle::walk_unmap(strip, members, member, off)];
  return held;
}

class SimModelWrite
    : public ::testing::TestWithParam<std::tuple<uint64_t, uint32_t, size_t>> {};

TEST_P(SimModelWrite, BstreamsHoldTheOraclesBytes) {
  const auto [strip, members, size] = GetParam();
  TempDir dir;
  const pvfsf_stripe st = stripe(strip, members);
  const BstreamPaths paths = paths_in(dir.path() / "store");
  const std::string file = random_bytes(size, static_cast<uint32_t>(size));
  ASSERT_EQ(write_bytes(st, paths, dir.path() / "in", file), size);

  const std::vector<uint64_t> shares =
      oracle::walk_member_sizes(strip, members, size);
  std::vector<std::optional<uint64_t>> sizes;
  for (uint32_t m = 0; m < members; m++) {
    if (shares[m] == 0) {
      EXPECT_FALSE(size_of(paths(m))) << "datafile " << m
                                      << " got no byte but has a bstream";
      sizes.emplace_back();
      continue;
    }
    ASSERT_EQ(size_of(paths(m)), shares[m]) << "datafile " << m;
    EXPECT_TRUE(read_whole(paths(m)) ==
                oracle_member(strip, members, m, file))
        << "datafile " << m << " holds other bytes than the oracle's";
    sizes.push_back(shares[m]);
  }
  EXPECT_EQ(bstream_sizes(paths, members), sizes);
  EXPECT_EQ(file_size(st, sizes), size);
  EXPECT_TRUE(read_back(st, paths, size, dir.path() / "out") == file);
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, SimModelWrite,
    ::testing::Values(std::make_tuple(4096, 4, 0),
                      std::make_tuple(4096, 4, 1),
                      std::make_tuple(4096, 4, 100),        // one datafile
                      std::make_tuple(4096, 4, 4096),       // exactly a strip
                      std::make_tuple(4096, 4, 4097),
                      std::make_tuple(4096, 4, 3 * 4096 + 7),
                      std::make_tuple(4096, 4, 16384),      // a whole stripe
                      std::make_tuple(4096, 4, 100003),
                      std::make_tuple(5120, 3, 77777),      // not a power of 2
                      std::make_tuple(4096, 1, 9999),
                      std::make_tuple(65536, 4, 1000003),   // > 1 MiB chunk
                      std::make_tuple(4096, 7, 1 << 20)));

TEST(SimModel, RefusesAnExistingBstream) {
  TempDir dir;
  const pvfsf_stripe st = stripe(4096, 2);
  const BstreamPaths paths = paths_in(dir.path());
  fs::create_directories(paths(0).parent_path());
  test::write_whole(paths(0), "old");
  try {
    write_bytes(st, paths, dir.path() / "in", "new bytes");
    FAIL() << "wrote into an existing bstream";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EEXIST);
  }
  EXPECT_EQ(read_whole(paths(0)), "old");
}

// The size PVFS computes from bstream sizes: the furthest file byte held.
TEST(SimModel, FileSizeFromBstreamSizes) {
  const pvfsf_stripe st = stripe(65536, 4);
  using S = std::vector<std::optional<uint64_t>>;
  EXPECT_EQ(file_size(st, S{}), 0u);
  EXPECT_EQ(file_size(st, S{std::nullopt, std::nullopt, std::nullopt,
                            std::nullopt}),
            0u);
  EXPECT_EQ(file_size(st, S{0, 0, 0, 0}), 0u);  // empty = absent
  EXPECT_EQ(file_size(st, S{100, std::nullopt, std::nullopt, std::nullopt}),
            100u);
  // Only datafile 2 holds a byte: the file is a hole up to it.
  EXPECT_EQ(file_size(st, S{std::nullopt, std::nullopt, 1, std::nullopt}),
            2 * 65536u + 1);
  // Not a multiple of 512; the largest end wins, not the last datafile.
  EXPECT_EQ(file_size(st, S{65536 + 3, 65536, 65536, 1000}),
            4 * 65536u + 3);
  EXPECT_EQ(file_size(st, S{65536, 65536, 65536, 1000}),
            3 * 65536u + 1000);
  // Every size the oracle gives a file maps back to that file's size.
  for (uint64_t size : {1ull, 511ull, 512ull, 65535ull, 65536ull, 65537ull,
                        262143ull, 262144ull, 262145ull, 1000003ull}) {
    S sizes;
    for (uint64_t s : oracle::walk_member_sizes(65536, 4, size))
      sizes.push_back(s ? std::optional<uint64_t>(s) : std::nullopt);
    EXPECT_EQ(file_size(st, sizes), size) << size;
  }
}

TEST(SimModel, FileSizeOverflow) {
  const pvfsf_stripe st = stripe(1 << 30, 1024);
  std::vector<std::optional<uint64_t>> sizes(1024);
  sizes[1023] = UINT64_MAX / 2;
  EXPECT_THROW(file_size(st, sizes), std::overflow_error);
}

TEST(SimModel, HolesReadAsZeros) {
  TempDir dir;
  const pvfsf_stripe st = stripe(4096, 3);
  const BstreamPaths paths = paths_in(dir.path());
  // Datafile 1 holds 10 bytes; 0 and 2 are absent: the file is 4096 + 10
  // bytes, its first strip a hole.
  fs::create_directories(paths(1).parent_path());
  test::write_whole(paths(1), "0123456789");
  const auto sizes = bstream_sizes(paths, 3);
  ASSERT_EQ(file_size(st, sizes), 4106u);
  EXPECT_EQ(read_back(st, paths, 4106, dir.path() / "out"),
            std::string(4096, '\0') + "0123456789");
  // A short bstream inside the file reads zeros after its end.
  EXPECT_EQ(read_back(st, paths, 3 * 4096 + 1, dir.path() / "out2"),
            std::string(4096, '\0') + "0123456789" +
                std::string(4086 + 4096 + 1, '\0'));
}

TEST(SimModel, SetFileSizeShrinksAndExtends) {
  TempDir dir;
  const pvfsf_stripe st = stripe(4096, 4);
  const BstreamPaths paths = paths_in(dir.path());
  const std::string file = random_bytes(10000, 7);
  write_bytes(st, paths, dir.path() / "in", file);
  ASSERT_FALSE(size_of(paths(3)));

  // Shrink to 5000: datafile 0 keeps 4096, 1 keeps 904, 2 becomes empty
  // but stays, 3 stays absent.
  set_file_size(st, paths, 5000);
  EXPECT_EQ(size_of(paths(0)), 4096u);
  EXPECT_EQ(size_of(paths(1)), 904u);
  EXPECT_EQ(size_of(paths(2)), 0u);
  EXPECT_FALSE(size_of(paths(3)));
  EXPECT_EQ(file_size(st, bstream_sizes(paths, 4)), 5000u);
  EXPECT_TRUE(read_back(st, paths, 5000, dir.path() / "out") ==
              file.substr(0, 5000));

  // Extend to 20000 (not a multiple of 512 or of the strip): the prefix,
  // then zeros; datafile 3 is created with its share.
  set_file_size(st, paths, 20000);
  EXPECT_EQ(size_of(paths(3)), 4096u);
  EXPECT_EQ(file_size(st, bstream_sizes(paths, 4)), 20000u);
  EXPECT_TRUE(read_back(st, paths, 20000, dir.path() / "out") ==
              file.substr(0, 5000) + std::string(15000, '\0'));
}

}  // namespace
}  // namespace pvfsf::sim
