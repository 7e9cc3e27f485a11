#include "fake_sysfs.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pvfsf::attach::test {

namespace fs = std::filesystem;

FakeSysfs::FakeSysfs() {
  std::string pattern = (fs::temp_directory_path() / "pvfsf-sysfs-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp " + pattern);
  root_ = pattern;
}

FakeSysfs::~FakeSysfs() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void FakeSysfs::dir(const std::string& path) { fs::create_directories(root_ / path); }

void FakeSysfs::file(const std::string& path, std::string_view contents) {
  const fs::path full = root_ / path;
  fs::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) throw std::runtime_error("cannot write " + full.string());
}

void FakeSysfs::link(const std::string& path, const std::string& target) {
  const fs::path full = root_ / path;
  fs::create_directories(full.parent_path());
  std::error_code ec;
  fs::remove(full, ec);
  fs::create_symlink(target, full);
}

void FakeSysfs::remove(const std::string& path) { fs::remove_all(root_ / path); }

std::string unhex(std::string_view hex) {
  std::string bytes;
  int high = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == '\t') {
      continue;
    } else {
      throw std::runtime_error("unhex: '" + std::string(1, c) + "' is no hex digit");
    }
    if (high < 0) {
      high = v;
    } else {
      bytes += static_cast<char>(high << 4 | v);
      high = -1;
    }
  }
  if (high >= 0) throw std::runtime_error("unhex: odd number of digits");
  return bytes;
}

void FakeSysfs::apply(std::string_view manifest) {
  std::istringstream in{std::string(manifest)};
  std::string line;
  unsigned n = 0;
  while (std::getline(in, line)) {
    n++;
    if (line.empty() || line[0] == '#') continue;
    const auto bad = [&] {
      return std::runtime_error("manifest line " + std::to_string(n) + ": '" + line + "'");
    };
    if (line.size() < 3 || line[1] != ' ') throw bad();
    const std::string rest = line.substr(2);
    const size_t space = rest.find(' ');
    const std::string path = rest.substr(0, space);
    const std::string value = space == std::string::npos ? "" : rest.substr(space + 1);
    if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos) throw bad();
    switch (line[0]) {
      case 'd': dir(path); break;
      case 'f': file(path, value + "\n"); break;
      case 'x': file(path, unhex(value)); break;
      case 'l':
        if (value.empty()) throw bad();
        link(path, value);
        break;
      default: throw bad();
    }
  }
}

void FakeSysfs::apply_file(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  apply(text.str());
}

fs::path fixture(const std::string& name) { return fs::path(PVFSF_ATTACH_FIXTURES) / name; }

}  // namespace pvfsf::attach::test
