#include "fake_iscsiadm.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pvfsf::attach::test {

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

FakeIscsiadm::FakeIscsiadm() {
  std::string pattern = (fs::temp_directory_path() / "pvfsf-iscsiadm-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp " + pattern);
  dir_ = pattern;
  const std::string d = dir_.string();
  write(dir_ / "iscsiadm",
        "#!/bin/sh\n"
        "n=$(cat " + d + "/count 2>/dev/null || echo 0)\n"
        "n=$((n + 1))\n"
        "echo $n >" + d + "/count\n"
        "printf '%s\\0' \"$@\" >" + d + "/argv.$n\n"
        "[ -f " + d + "/out.$n ] && cat " + d + "/out.$n\n"
        "[ -f " + d + "/err.$n ] && cat " + d + "/err.$n >&2\n"
        "exit $(cat " + d + "/status.$n 2>/dev/null || echo 0)\n");
  fs::permissions(dir_ / "iscsiadm", fs::perms::owner_all);
}

FakeIscsiadm::~FakeIscsiadm() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void FakeIscsiadm::answer(int n, int status, const std::string& out, const std::string& err) {
  const std::string suffix = "." + std::to_string(n);
  write(dir_ / ("status" + suffix), std::to_string(status) + "\n");
  write(dir_ / ("out" + suffix), out);
  write(dir_ / ("err" + suffix), err);
}

int FakeIscsiadm::calls() const {
  const std::string count = slurp(dir_ / "count");
  return count.empty() ? 0 : std::stoi(count);
}

std::vector<std::string> FakeIscsiadm::args(int n) const {
  const std::string raw = slurp(dir_ / ("argv." + std::to_string(n)));
  std::vector<std::string> args;
  size_t start = 0;
  while (start < raw.size()) {
    const size_t end = raw.find('\0', start);
    args.push_back(raw.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return args;
}

}  // namespace pvfsf::attach::test
