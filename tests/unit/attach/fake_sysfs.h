// Fake sysfs trees for the attach unit tests: a temporary directory built
// from a manifest, one entry a line (PATH relative to the sysfs root):
//
//   d PATH           a directory
//   f PATH VALUE     an attribute: VALUE (the rest of the line) and "\n"
//   x PATH HEX       a binary attribute: these bytes, no newline
//   l PATH TARGET    a symbolic link
//   # ...            a comment
//
// tests/vm/tests/300-attach-disks.sh writes such a manifest from the real
// sysfs of a 6.1 guest ($PVFSF_OUT/sysfs.tree); fixtures/ keeps one.
#ifndef PVFSF_TESTS_UNIT_ATTACH_FAKE_SYSFS_H
#define PVFSF_TESTS_UNIT_ATTACH_FAKE_SYSFS_H

#include <filesystem>
#include <string>
#include <string_view>

namespace pvfsf::attach::test {

class FakeSysfs {
 public:
  FakeSysfs();  // an empty tree in a fresh temporary directory
  ~FakeSysfs();  // removes it
  FakeSysfs(const FakeSysfs&) = delete;
  FakeSysfs& operator=(const FakeSysfs&) = delete;

  const std::filesystem::path& root() const { return root_; }

  // Applies a manifest (throws std::runtime_error naming a bad line).
  void apply(std::string_view manifest);
  void apply_file(const std::filesystem::path& file);
  // Single entries, for the edge cases a test makes up.
  void dir(const std::string& path);
  void file(const std::string& path, std::string_view contents);  // as is
  void link(const std::string& path, const std::string& target);
  void remove(const std::string& path);

 private:
  std::filesystem::path root_;
};

// The bytes @hex ("0080 0019 3030...", blanks ignored) stand for.
std::string unhex(std::string_view hex);

// tests/unit/attach/fixtures/@name.
std::filesystem::path fixture(const std::string& name);

}  // namespace pvfsf::attach::test

#endif
