#include "export/lio.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <system_error>
#include <tuple>

#include "common/parallel.h"
#include "protocol/export_error.h"

namespace pvfsf::lun_export {

namespace {

// The name of the link in a node ACL's lun_<L> directory; LIO takes any.
constexpr const char* kMappedLunLink = "tpg_lun";

// A number as the kernel's kstrtoull(s, 0) reads it: 0x hex, 0 octal.
std::optional<uint64_t> kernel_number(std::string_view text) {
  int base = 10;
  if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
  }
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// "lun_<N>" -> N, as the kernel reads it (kstrtoull(s, 0)).
std::optional<uint64_t> lun_dir_number(const std::string& name) {
  if (!name.starts_with("lun_")) return std::nullopt;
  return kernel_number(std::string_view(name).substr(4));
}

bool is_errno(const std::system_error& e, std::initializer_list<int> codes) {
  return std::find(codes.begin(), codes.end(), e.code().value()) != codes.end();
}

}  // namespace

std::optional<FileioInfo> parse_fileio_info(const std::string& text) {
  const size_t file = text.find("File: ");
  if (file == std::string::npos) return std::nullopt;
  const size_t start = file + 6;
  const size_t size = text.find("  Size: ", start);
  if (size == std::string::npos) return std::nullopt;
  FileioInfo info;
  info.file = text.substr(start, size - start);
  const char* first = text.data() + size + 8;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, info.size);
  if (ec != std::errc() || ptr == first) return std::nullopt;
  return info;
}

std::string parse_unit_serial_attr(const std::string& text) {
  constexpr std::string_view kPrefix = "T10 VPD Unit Serial Number: ";
  std::string_view serial = text;
  if (serial.starts_with(kPrefix)) serial.remove_prefix(kPrefix.size());
  while (!serial.empty() && (serial.back() == '\n' || serial.back() == ' '))
    serial.remove_suffix(1);
  return std::string(serial);
}

Lio::Lio(ConfigFs& configfs, std::string server, std::string target,
         Endpoint portal)
    : configfs_(configfs),
      server_(std::move(server)),
      target_(std::move(target)),
      portal_(std::move(portal)) {}

fs::path Lio::hba_dir() const {
  return configfs_.target() / "core" / hba_name(server_);
}

fs::path Lio::backstore_dir(const std::string& name) const {
  return hba_dir() / name;
}

fs::path Lio::tpg_dir() const {
  return configfs_.target() / "iscsi" / target_ / "tpgt_1";
}

fs::path Lio::lun_dir(uint64_t lun) const {
  return tpg_dir() / "lun" / ("lun_" + std::to_string(lun));
}

fs::path Lio::acl_dir(const std::string& initiator) const {
  return tpg_dir() / "acls" / initiator;
}

void Lio::check_available() const {
  if (!configfs_.exists(configfs_.target() / "core"))
    throw ExportError(ErrorCode::kUnavailable,
                      "LIO is not loaded: no " +
                          (configfs_.target() / "core").string() +
                          " (mount configfs, modprobe target_core_mod)");
}

bool Lio::target_exists() const { return configfs_.exists(tpg_dir()); }

void Lio::ensure_target() {
  check_available();
  const fs::path iscsi = configfs_.target() / "iscsi";
  // The first mkdir of iscsi/ loads iscsi_target_mod.
  configfs_.make_dir(iscsi);
  configfs_.make_dir(iscsi / target_);
  const fs::path tpg = tpg_dir();
  configfs_.make_dir(tpg);
  // Only initiators with a node ACL of their own log in, and see only the
  // LUNs it maps (no demo mode).
  const fs::path generate = tpg / "attrib" / "generate_node_acls";
  if (configfs_.read_attr(generate) != "0") configfs_.write_attr(generate, "0");
  configfs_.make_dir(tpg / "np" / portal_.text());
  if (configfs_.read_attr(tpg / "enable") != "1") {
    // Not enabled: ours, being set up.  LIO's default (1) would demand CHAP
    // of ACLs that inherit it; each ACL of ours says for itself.
    const fs::path authentication = tpg / "attrib" / "authentication";
    if (configfs_.read_attr(authentication) != "0")
      configfs_.write_attr(authentication, "0");
    configfs_.write_attr(tpg / "enable", "1");
  }
}

std::vector<LunMapping> Lio::mappings() const {
  std::vector<LunMapping> mappings;
  for (const DirEntry& acl : configfs_.list(tpg_dir() / "acls")) {
    if (!acl.is_dir) continue;
    const fs::path dir = tpg_dir() / "acls" / acl.name;
    for (const DirEntry& entry : configfs_.list(dir)) {
      const std::optional<uint64_t> mapped = lun_dir_number(entry.name);
      if (!entry.is_dir || !mapped) continue;
      LunMapping mapping{acl.name, *mapped, std::nullopt};
      for (const DirEntry& inner : configfs_.list(dir / entry.name)) {
        if (!inner.is_link) continue;
        if (std::optional<fs::path> to =
                configfs_.read_link(dir / entry.name / inner.name))
          mapping.lun = lun_dir_number(to->filename().string());
        break;
      }
      mappings.push_back(std::move(mapping));
    }
  }
  std::sort(mappings.begin(), mappings.end(),
            [](const LunMapping& a, const LunMapping& b) {
              return std::tie(a.initiator, a.mapped_lun) <
                     std::tie(b.initiator, b.mapped_lun);
            });
  return mappings;
}

void Lio::ensure_acl(const std::string& initiator,
                     const std::optional<ChapSecret>& chap) {
  const fs::path dir = acl_dir(initiator);
  if (!configfs_.make_dir(dir)) return;
  if (!chap) return;
  // The ACL has no LUN yet: a login that wins the race to it sees nothing.
  try {
    configfs_.write_attr(dir / "auth" / "userid", chap->initiator.username);
    configfs_.write_attr(dir / "auth" / "password", chap->initiator.password);
    if (chap->mutual) {
      configfs_.write_attr(dir / "auth" / "userid_mutual",
                           chap->mutual->username);
      configfs_.write_attr(dir / "auth" / "password_mutual",
                           chap->mutual->password);
    }
    configfs_.write_attr(dir / "attrib" / "authentication", "1");
  } catch (...) {
    try {
      configfs_.remove_dir(dir);
    } catch (const std::exception&) {
      // The first error is the one to report.
    }
    throw;
  }
}

void Lio::map_lun(const std::string& initiator, uint64_t lun) {
  const fs::path dir = acl_dir(initiator) / ("lun_" + std::to_string(lun));
  if (!configfs_.make_dir(dir))
    throw ExportError(ErrorCode::kFailed, dir.string() + " exists already");
  try {
    configfs_.make_link(lun_dir(lun), dir / kMappedLunLink);
  } catch (...) {
    try {
      configfs_.remove_dir(dir);
    } catch (const std::exception&) {
    }
    throw;
  }
}

void Lio::unmap_lun(const std::string& initiator, uint64_t mapped_lun) {
  const fs::path dir =
      acl_dir(initiator) / ("lun_" + std::to_string(mapped_lun));
  for (const DirEntry& entry : configfs_.list(dir))
    if (entry.is_link) configfs_.remove_link(dir / entry.name);
  configfs_.remove_dir(dir);
}

std::vector<LunLink> Lio::luns() const {
  std::vector<LunLink> luns;
  for (const DirEntry& entry : configfs_.list(tpg_dir() / "lun")) {
    const std::optional<uint64_t> number = lun_dir_number(entry.name);
    if (!entry.is_dir || !number) continue;
    LunLink link;
    link.lun = *number;
    const fs::path dir = tpg_dir() / "lun" / entry.name;
    for (const DirEntry& inner : configfs_.list(dir)) {
      if (!inner.is_link) continue;
      const std::optional<fs::path> to = configfs_.read_link(dir / inner.name);
      if (!to) continue;
      link.backstore = to->filename().string();
      link.hba = to->parent_path().filename().string();
      link.id = parse_backstore_name(server_, link.backstore);
      break;
    }
    luns.push_back(std::move(link));
  }
  std::sort(luns.begin(), luns.end(),
            [](const LunLink& a, const LunLink& b) { return a.lun < b.lun; });
  return luns;
}

std::vector<std::string> Lio::backstore_names() const {
  std::vector<std::string> names;
  for (const DirEntry& entry : configfs_.list(hba_dir()))
    if (entry.is_dir && parse_backstore_name(server_, entry.name))
      names.push_back(entry.name);
  std::sort(names.begin(), names.end());
  return names;
}

Backstore Lio::backstore(const std::string& name) const {
  Backstore store;
  store.name = name;
  if (std::optional<DatafileId> id = parse_backstore_name(server_, name))
    store.id = *id;
  const fs::path dir = backstore_dir(name);
  if (std::optional<FileioInfo> info =
          parse_fileio_info(configfs_.read_attr(dir / "info"))) {
    store.file = info->file;
    store.size = info->size;
  }
  store.enabled = configfs_.read_attr(dir / "enable") == "1";
  store.serial = parse_unit_serial_attr(
      configfs_.read_attr(dir / "wwn" / "vpd_unit_serial"));
  return store;
}

void Lio::create_backstore(DatafileId id, const fs::path& file, uint64_t size) {
  check_available();
  configfs_.make_dir(hba_dir());
  const std::string name = backstore_name(server_, id);
  const fs::path dir = backstore_dir(name);
  if (!configfs_.make_dir(dir))
    throw ExportError(ErrorCode::kFailed,
                      "backstore " + dir.string() + " exists already");
  try {
    configfs_.write_attr(dir / "control",
                         "fd_dev_name=" + file.string() +
                             ",fd_dev_size=" + std::to_string(size));
    // Before enable: LIO refuses a new serial once the device is exported,
    // and the NAA identifier is derived from it.
    configfs_.write_attr(dir / "wwn" / "vpd_unit_serial",
                         unit_serial(id.fs_id, id.handle));
    configfs_.write_attr(dir / "enable", "1");
  } catch (...) {
    try {
      configfs_.remove_dir(dir);
    } catch (const std::exception&) {
      // The first error is the one to report.
    }
    throw;
  }
}

void Lio::resize_backstore(const std::string& name, uint64_t size) {
  configfs_.write_attr(backstore_dir(name) / "control",
                       "fd_dev_size=" + std::to_string(size));
}

void Lio::remove_backstore(const std::string& name) {
  configfs_.remove_dir(backstore_dir(name));
}

void Lio::create_lun(uint64_t lun, const std::string& name) {
  const fs::path dir = lun_dir(lun);
  if (!configfs_.make_dir(dir))
    throw ExportError(ErrorCode::kFailed, dir.string() + " exists already");
  try {
    configfs_.make_link(backstore_dir(name), dir / name);
  } catch (...) {
    try {
      configfs_.remove_dir(dir);
    } catch (const std::exception&) {
    }
    throw;
  }
}

void Lio::remove_lun(uint64_t lun) {
  const fs::path dir = lun_dir(lun);
  for (const DirEntry& entry : configfs_.list(dir))
    if (entry.is_link) configfs_.remove_link(dir / entry.name);
  configfs_.remove_dir(dir);
}

void Lio::teardown() {
  check_available();
  const fs::path tpg = tpg_dir();
  if (configfs_.exists(tpg)) {
    // No new logins while the LUNs go.
    if (configfs_.read_attr(tpg / "enable") == "1")
      configfs_.write_attr(tpg / "enable", "0");
    // A LUN that an ACL maps cannot go (configfs: EBUSY), nor a TPG that
    // holds an ACL.
    for_each_parallel(mappings(), kRemovalThreads,
                      [this](const LunMapping& mapping) {
                        unmap_lun(mapping.initiator, mapping.mapped_lun);
                      });
    for (const DirEntry& acl : configfs_.list(tpg / "acls"))
      if (acl.is_dir) configfs_.remove_dir(tpg / "acls" / acl.name);
    for_each_parallel(luns(), kRemovalThreads,
                      [this](const LunLink& link) { remove_lun(link.lun); });
    for (const DirEntry& np : configfs_.list(tpg / "np"))
      if (np.is_dir) configfs_.remove_dir(tpg / "np" / np.name);
    configfs_.remove_dir(tpg);
  }
  configfs_.remove_dir(configfs_.target() / "iscsi" / target_);
  for_each_parallel(
      backstore_names(), kRemovalThreads,
      [this](const std::string& name) { remove_backstore(name); });
  try {
    configfs_.remove_dir(hba_dir());
  } catch (const std::system_error& e) {
    // Another server whose name hashes alike still has backstores in it.
    if (!is_errno(e, {ENOTEMPTY, EBUSY})) throw;
  }
}

}  // namespace pvfsf::lun_export
