// A stand-in for LIO's configfs in a temporary directory, for unit tests
// of the configfs library.  ConfigFs's calls land on a real directory tree;
// this subclass plays the kernel's side: mkdir creates an object's default
// groups and attributes, rmdir refuses an object with user-made children
// or a backstore that a LUN links to, attributes have LIO's effects
// (control fills info, enable needs fd_dev_name and fd_dev_size, the unit
// serial is refused once the backstore is linked), and any attribute write
// can be made to fail.  Thread-safe: the exporter removes LUNs from several
// threads.
#ifndef PVFSF_TESTS_UNIT_EXPORT_FAKE_CONFIGFS_H
#define PVFSF_TESTS_UNIT_EXPORT_FAKE_CONFIGFS_H

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "export/configfs.h"

namespace pvfsf::lun_export::testing {

namespace fs = std::filesystem;

// A temporary directory, removed with everything in it.
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

// Holds the directory, so that it exists before ConfigFs is built on it.
struct TempDirHolder {
  TempDir dir_;
};

class FakeConfigFs : private TempDirHolder, public ConfigFs {
 public:
  // An empty configfs with target_core_mod "loaded" (target/core exists),
  // or without (@lio_loaded false).
  explicit FakeConfigFs(bool lio_loaded = true);

  bool make_dir(const fs::path& path) override;
  bool remove_dir(const fs::path& path) override;
  void write_attr(const fs::path& path, std::string_view value) override;
  void make_link(const fs::path& target, const fs::path& link) override;
  // The kernel serializes these against the calls above; so must the fake,
  // or a LUN's unlink on one thread lands between another thread's
  // readdir and readlink of that link in remove_dir()'s busy check.
  bool remove_link(const fs::path& link) override;
  bool exists(const fs::path& path) const override;
  std::string read_attr(const fs::path& path) const override;
  std::optional<fs::path> read_link(const fs::path& link) const override;
  std::vector<DirEntry> list(const fs::path& dir) const override;

  // The @nth (0: next) write to an attribute whose file name is @name
  // fails with @err.
  void fail_write(const std::string& name, int err, int nth = 0);
  // The next mkdir of a directory whose name starts with @prefix fails.
  void fail_mkdir(const std::string& prefix, int err);

  // Every mkdir, rmdir, write, link and unlink, as "mkdir core/fileio_1"
  // etc., paths relative to target/.
  std::vector<std::string> log;
  // Paths (relative to target/) of every entry in the tree, for
  // comparing before and after.
  std::set<std::string> tree() const;
  std::string read(const fs::path& relative) const;  // below target/

 private:
  std::string rel(const fs::path& path) const;
  void add_file(const fs::path& path, const std::string& text);
  void add_dir(const fs::path& path);

  // The exporter removes LUNs from several threads, as the kernel allows.
  mutable std::recursive_mutex mutex_;
  std::set<std::string> defaults_;  // kernel-made entries (absolute paths)
  std::map<std::string, std::pair<int, int>>
      write_failures_;                         // name -> nth, err
  std::map<std::string, int> mkdir_failures_;  // prefix -> err
};

}  // namespace pvfsf::lun_export::testing

#endif
