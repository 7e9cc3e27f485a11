// What the pvfs-sim tests share: temporary directories, random bytes,
// files, and running pvfs-sim.
#ifndef PVFSF_TESTS_UNIT_SIM_SIM_TEST_UTIL_H
#define PVFSF_TESTS_UNIT_SIM_SIM_TEST_UTIL_H

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pvfsf::sim::test {

namespace fs = std::filesystem;

// A fresh directory, removed with its contents when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// @size bytes from a generator seeded with @seed, none of them all-zero
// runs (so that a hole and data differ).
std::string random_bytes(size_t size, uint32_t seed);

std::string read_whole(const fs::path& path);
void write_whole(const fs::path& path, const std::string& bytes);
// The file's size, nullopt if it does not exist.
std::optional<uint64_t> size_of(const fs::path& path);

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};
// Runs pvfs-sim with @args (PVFS_SIM_DIR unset).
Run run_sim(const std::vector<std::string>& args);

}  // namespace pvfsf::sim::test

#endif
