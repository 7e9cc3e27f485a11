#include "fake_configfs.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "common/error.h"

namespace pvfsf::lun_export::testing {

TempDir::TempDir() {
  std::string pattern =
      (fs::temp_directory_path() / "pvfsf-export-test.XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw_errno(errno, "mkdtemp");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

namespace {

std::vector<std::string> parts(const std::string& relative) {
  std::vector<std::string> out;
  for (const auto& part : fs::path(relative)) out.push_back(part.string());
  return out;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

FakeConfigFs::FakeConfigFs(bool lio_loaded) : ConfigFs(dir_.path()) {
  fs::create_directories(target());
  if (lio_loaded) {
    add_dir(target() / "core");
    add_file(target() / "version",
             "Target Engine Core ConfigFS Infrastructure");
  } else {
    fs::remove(target());
  }
}

std::string FakeConfigFs::rel(const fs::path& path) const {
  return path.lexically_relative(target()).string();
}

void FakeConfigFs::add_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  defaults_.insert(path.string());
}

void FakeConfigFs::add_dir(const fs::path& path) {
  fs::create_directory(path);
  defaults_.insert(path.string());
}

bool FakeConfigFs::make_dir(const fs::path& path) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const std::string relative = rel(path);
  for (auto it = mkdir_failures_.begin(); it != mkdir_failures_.end(); ++it) {
    if (path.filename().string().starts_with(it->first)) {
      const int err = it->second;
      mkdir_failures_.erase(it);
      throw_errno(err, "mkdir " + path.string());
    }
  }
  const std::vector<std::string> p = parts(relative);
  // What the kernel checks before it creates the group.
  if (p.size() == 2 && p[0] == "core") {
    const std::string& name = p[1];
    if (!name.starts_with("fileio_") ||
        name.find_first_not_of("0123456789", 7) != std::string::npos)
      throw_errno(EINVAL, "mkdir " + path.string());
  }
  if (p.size() == 5 && p[3] == "lun" && !p[4].starts_with("lun_"))
    throw_errno(EINVAL, "mkdir " + path.string());
  if (p.size() == 6 && p[3] == "acls" && !p[5].starts_with("lun_"))
    throw_errno(EINVAL, "mkdir " + path.string());

  const bool created = ConfigFs::make_dir(path);
  if (!created) return false;
  log.push_back("mkdir " + relative);

  // The default groups and attributes the kernel adds.
  if (p.size() == 2 && p[0] == "core") {
    add_file(path / "hba_info", "HBA Index: 1 plugin: fileio version: v5.0\n");
    add_file(path / "hba_mode", "0\n");
  } else if (p.size() == 3 && p[0] == "core") {
    for (const char* f : {"control", "udev_path", "alias"})
      add_file(path / f, "");
    add_file(path / "info", "Status: DEACTIVATED  Max Queue Depth: 0\n");
    add_file(path / "enable", "0\n");
    for (const char* d :
         {"wwn", "attrib", "pr", "alua", "action", "statistics"})
      add_dir(path / d);
    add_file(path / "wwn" / "vpd_unit_serial",
             "T10 VPD Unit Serial Number: \n");
    add_file(path / "attrib" / "block_size", "512\n");
  } else if (p.size() == 2 && p[0] == "iscsi") {
    add_dir(path / "fabric_statistics");
    add_dir(path / "param");
  } else if (p.size() == 3 && p[0] == "iscsi") {
    for (const char* d : {"attrib", "lun", "np", "acls", "param", "auth"})
      add_dir(path / d);
    add_file(path / "enable", "0\n");
    // The kernel's defaults: not demo mode.
    add_file(path / "attrib" / "generate_node_acls", "0\n");
    add_file(path / "attrib" / "demo_mode_write_protect", "1\n");
    add_file(path / "attrib" / "authentication", "1\n");
    add_file(path / "attrib" / "cache_dynamic_acls", "0\n");
    // CHAP of demo-mode sessions, an administrator's to set.
    for (const char* f : {"userid", "password"})
      add_file(path / "auth" / f, "\n");
  } else if (p.size() == 5 && p[3] == "np") {
    add_file(path / "iser", "0\n");
  } else if (p.size() == 5 && p[3] == "acls") {
    for (const char* d : {"attrib", "auth", "param", "fabric_statistics"})
      add_dir(path / d);
    add_file(path / "info", "No active iSCSI Session for Initiator Endpoint\n");
    add_file(path / "cmdsn_depth", "64\n");
    add_file(path / "tag", "\n");
    // NA_AUTHENTICATION_INHERITED: the TPG's attribute decides.
    add_file(path / "attrib" / "authentication", "-1\n");
    for (const char* f :
         {"userid", "password", "userid_mutual", "password_mutual"})
      add_file(path / "auth" / f, "\n");
    add_file(path / "auth" / "authenticate_target", "0\n");
  } else if (p.size() == 6 && p[3] == "acls") {
    add_file(path / "write_protect", "0\n");
    add_dir(path / "statistics");
  } else if (p.size() == 5 && p[3] == "lun") {
    add_file(path / "alua_tg_pt_gp", "TG Port Alias: default_tg_pt_gp\n");
    add_dir(path / "statistics");
  }
  return true;
}

bool FakeConfigFs::remove_dir(const fs::path& path) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  if (!fs::exists(path)) return ConfigFs::remove_dir(path);
  // A backstore some LUN links to is busy.
  if (fs::exists(target() / "iscsi"))
    for (const auto& entry :
         fs::recursive_directory_iterator(target() / "iscsi"))
      if (entry.is_symlink() && fs::read_symlink(entry.path()) == path)
        throw_errno(EBUSY, "rmdir " + path.string());
  // Anything the user made inside refuses the rmdir.
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (!defaults_.count(entry.path().string()))
      throw_errno(ENOTEMPTY, "rmdir " + path.string());
  }
  for (const auto& entry : fs::recursive_directory_iterator(path))
    defaults_.erase(entry.path().string());
  defaults_.erase(path.string());
  fs::remove_all(path);
  log.push_back("rmdir " + rel(path));
  return true;
}

void FakeConfigFs::write_attr(const fs::path& path, std::string_view value) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const std::string name = path.filename().string();
  auto failure = write_failures_.find(name);
  if (failure != write_failures_.end()) {
    if (failure->second.first == 0) {
      const int err = failure->second.second;
      write_failures_.erase(failure);
      throw_errno(err, "write " + path.string());
    }
    failure->second.first--;
  }
  if (!fs::exists(path)) throw_errno(ENOENT, "open " + path.string());
  const std::string text(value);
  const fs::path dir = path.parent_path();
  const std::vector<std::string> p = parts(rel(path));
  const bool backstore = p.size() == 4 && p[0] == "core";
  if (backstore && name == "control") {
    std::string file, size;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
      if (item.starts_with("fd_dev_name=")) file = item.substr(12);
      if (item.starts_with("fd_dev_size=")) size = item.substr(12);
    }
    std::string control = file_text(path);
    if (!file.empty()) control += "name " + file + "\n";
    if (!size.empty()) control += "size " + size + "\n";
    std::ofstream(path) << control;
    // info shows the latest name and size.
    std::string shown_file, shown_size;
    std::stringstream lines(control);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.starts_with("name ")) shown_file = line.substr(5);
      if (line.starts_with("size ")) shown_size = line.substr(5);
    }
    std::ofstream(dir / "info")
        << "Status: DEACTIVATED  Max Queue Depth: 0  SectorSize: 512\n"
        << "        TCM FILEIO ID: 0        File: " << shown_file
        << "  Size: " << (shown_size.empty() ? "0" : shown_size)
        << "  Mode: O_DSYNC Async: 0\n";
  } else if (backstore && name == "enable") {
    const std::string control = file_text(dir / "control");
    if (text.find('1') == std::string::npos ||
        control.find("name ") == std::string::npos ||
        control.find("size ") == std::string::npos)
      throw_errno(EINVAL, "write " + path.string());
    if (file_text(path) == "1\n") throw_errno(EEXIST, "write " + path.string());
    std::ofstream(path) << "1\n";
  } else if (p.size() == 5 && p[0] == "core" && name == "vpd_unit_serial") {
    const fs::path store = dir.parent_path();
    if (fs::exists(target() / "iscsi"))
      for (const auto& entry :
           fs::recursive_directory_iterator(target() / "iscsi"))
        if (entry.is_symlink() && fs::read_symlink(entry.path()) == store)
          throw_errno(EINVAL, "write " + path.string());
    std::ofstream(path) << "T10 VPD Unit Serial Number: " << text << "\n";
  } else {
    std::ofstream(path) << text << "\n";
  }
  log.push_back("write " + rel(path) + " " + text);
}

void FakeConfigFs::make_link(const fs::path& target_dir, const fs::path& link) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const std::vector<std::string> to = parts(rel(target_dir));
  if (to.size() == 5 && to[3] == "lun") {
    // A mapped LUN: LIO wants a LUN with a device, of the ACL's own TPG.
    const std::vector<std::string> from = parts(rel(link));
    bool has_device = false;
    for (const auto& entry : fs::directory_iterator(target_dir))
      has_device = has_device || entry.is_symlink();
    if (!has_device) throw_errno(EINVAL, "symlink " + link.string());
    if (from.size() != 7 || from[3] != "acls" || from[1] != to[1] ||
        from[2] != to[2])
      throw_errno(EINVAL, "symlink " + link.string());
  } else if (file_text(target_dir / "enable") != "1\n") {
    // LIO links only a configured (enabled) backstore.
    throw_errno(ENODEV, "symlink " + link.string());
  }
  ConfigFs::make_link(target_dir, link);
  log.push_back("link " + rel(link) + " -> " + rel(target_dir));
}

bool FakeConfigFs::remove_link(const fs::path& link) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  if (!ConfigFs::remove_link(link)) return false;
  log.push_back("unlink " + rel(link));
  return true;
}

bool FakeConfigFs::exists(const fs::path& path) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return ConfigFs::exists(path);
}

std::string FakeConfigFs::read_attr(const fs::path& path) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return ConfigFs::read_attr(path);
}

std::optional<fs::path> FakeConfigFs::read_link(const fs::path& link) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return ConfigFs::read_link(link);
}

std::vector<DirEntry> FakeConfigFs::list(const fs::path& dir) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return ConfigFs::list(dir);
}

void FakeConfigFs::fail_write(const std::string& name, int err, int nth) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  write_failures_[name] = {nth, err};
}

void FakeConfigFs::fail_mkdir(const std::string& prefix, int err) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  mkdir_failures_[prefix] = err;
}

std::set<std::string> FakeConfigFs::tree() const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  std::set<std::string> entries;
  for (const auto& entry : fs::recursive_directory_iterator(target()))
    entries.insert(rel(entry.path()));
  return entries;
}

std::string FakeConfigFs::read(const fs::path& relative) const {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return file_text(target() / relative);
}

}  // namespace pvfsf::lun_export::testing
