#include "sim_test_util.h"

#include <stdlib.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "common/process.h"

namespace pvfsf::sim::test {

TempDir::TempDir() {
  std::string pattern =
      (fs::temp_directory_path() / "pvfs-sim-test.XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string random_bytes(size_t size, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> byte(1, 255);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(byte(gen));
  return bytes;
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_whole(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::optional<uint64_t> size_of(const fs::path& path) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return std::nullopt;
  return size;
}

Run run_sim(const std::vector<std::string>& args) {
  ::unsetenv("PVFS_SIM_DIR");
  std::vector<std::string> argv{PVFS_SIM_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult r =
      run_process(argv, std::chrono::seconds(60));
  return {r.exit_status, r.out, r.err};
}

}  // namespace pvfsf::sim::test
