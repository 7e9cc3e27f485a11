// The file operations LIO's configuration takes, below a configfs mount
// point.  Each is one system call as configfs wants it (an attribute is
// written with one write(2), a LUN is a symlink) and throws
// std::system_error naming the path.  The methods are virtual so that unit
// tests can stand a temporary directory in for configfs and play the
// kernel's side (default groups, attribute effects, refusals).
#ifndef PVFSF_HELPER_EXPORT_CONFIGFS_H
#define PVFSF_HELPER_EXPORT_CONFIGFS_H

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/unique_fd.h"

namespace pvfsf::lun_export {

namespace fs = std::filesystem;

struct DirEntry {
  std::string name;
  bool is_dir = false;
  bool is_link = false;
};

class ConfigFs {
 public:
  // @root: where configfs is mounted, /sys/kernel/config on a live system.
  explicit ConfigFs(fs::path root) : root_(std::move(root)) {}
  virtual ~ConfigFs() = default;

  const fs::path& root() const { return root_; }
  // <root>/target: present once target_core_mod is loaded.
  fs::path target() const { return root_ / "target"; }

  virtual bool exists(const fs::path& path) const;
  // mkdir; returns false if it exists already.
  virtual bool make_dir(const fs::path& path);
  // rmdir; returns false if it does not exist.
  virtual bool remove_dir(const fs::path& path);
  // One write(2) of @value: configfs hands each write to the attribute's
  // store() whole.
  virtual void write_attr(const fs::path& path, std::string_view value);
  // The attribute's text, without a trailing newline.
  virtual std::string read_attr(const fs::path& path) const;
  virtual void make_link(const fs::path& target, const fs::path& link);
  virtual bool remove_link(const fs::path& link);
  virtual std::optional<fs::path> read_link(const fs::path& link) const;
  // The entries of @dir, "." and ".." left out; empty if @dir is missing.
  virtual std::vector<DirEntry> list(const fs::path& dir) const;

  // An exclusive flock(2) on <root>/target, held until the returned fd is
  // closed: serialises every pvfs-lun-export process on this host (the CLI
  // and the services of all servers), so that LUN numbers are allocated
  // and backstores created and removed by one at a time.
  UniqueFd lock() const;

 private:
  fs::path root_;
};

}  // namespace pvfsf::lun_export

#endif
