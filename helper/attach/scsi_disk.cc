#include "attach/scsi_disk.h"

#include <fcntl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <system_error>

#include "common/error.h"
#include "common/unique_fd.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;

namespace {

constexpr uint8_t kVpdSerialPage = 0x80;
constexpr size_t kVpdHeader = 4;

// A whole decimal number of type T in @text, nothing else.
template <typename T>
std::optional<T> parse_decimal(std::string_view text) {
  T value{};
  if (text.empty() || text[0] == '+' || text[0] == '-') return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string hex_byte(unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "0x%02x", value & 0xff);
  return buf;
}

// The components of a '/'-separated path, empty ones dropped.
std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// The number after @prefix in @part ("session" in "session12"), if the rest
// is a plain decimal number.
std::optional<uint32_t> numbered(std::string_view part, std::string_view prefix) {
  if (!part.starts_with(prefix)) return std::nullopt;
  return parse_decimal<uint32_t>(part.substr(prefix.size()));
}

// "H:C:T" of a SCSI target's name ("target0:0:0").
struct TargetName {
  uint32_t host, channel, id;
};
std::optional<TargetName> parse_target(std::string_view part) {
  if (!part.starts_with("target")) return std::nullopt;
  part.remove_prefix(6);
  uint32_t fields[3];
  for (int i = 0; i < 3; i++) {
    const size_t colon = part.find(':');
    if ((colon == std::string_view::npos) != (i == 2)) return std::nullopt;
    auto value = parse_decimal<uint32_t>(part.substr(0, colon));
    if (!value) return std::nullopt;
    fields[i] = *value;
    if (i < 2) part.remove_prefix(colon + 1);
  }
  return TargetName{fields[0], fields[1], fields[2]};
}

std::string required_attribute(const Sysfs& sysfs, const fs::path& path) {
  auto value = sysfs.attribute(path);
  if (!value) throw_errno(ENOENT, "read " + path.string());
  return *value;
}

template <typename T>
T numeric_attribute(const Sysfs& sysfs, const fs::path& path) {
  const std::string text = required_attribute(sysfs, path);
  auto value = parse_decimal<T>(text);
  if (!value)
    throw std::runtime_error(path.string() + ": '" + text +
                             "' is not a decimal number");
  return *value;
}

}  // namespace

Sysfs::Sysfs(fs::path root) : root_(std::move(root)) {}

fs::path Sysfs::path(std::string_view relative) const {
  while (relative.starts_with('/')) relative.remove_prefix(1);
  return root_ / relative;
}

fs::path Sysfs::from_devpath(std::string_view devpath) const {
  return path(devpath);
}

std::string Sysfs::devpath(const fs::path& path) const {
  const std::string root = root_.lexically_normal().string();
  std::string full = path.lexically_normal().string();
  std::string_view rest = full;
  if (!rest.starts_with(root))
    throw std::invalid_argument(full + " is not below the sysfs root " + root);
  rest.remove_prefix(root.size());
  if (root.ends_with('/')) return "/" + std::string(rest);
  if (!rest.empty() && rest[0] != '/')
    throw std::invalid_argument(full + " is not below the sysfs root " + root);
  return std::string(rest);
}

std::optional<std::string> Sysfs::read(const fs::path& path) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    throw_errno(errno, "open " + path.string());
  }
  std::string data;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read " + path.string());
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  return data;
}

std::optional<std::string> Sysfs::attribute(const fs::path& path) const {
  auto value = read(path);
  if (value && value->ends_with('\n')) value->pop_back();
  return value;
}

void Sysfs::write(const fs::path& path, const std::string& text, const std::string& what) const {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throw_errno(errno, what);
  const ssize_t n = ::write(fd.get(), text.data(), text.size());
  if (n < 0) throw_errno(errno, what);
  if (static_cast<size_t>(n) != text.size()) throw_errno(EIO, what + ": short write");
}

std::string parse_vpd_pg80(std::span<const uint8_t> page) {
  if (page.size() < kVpdHeader)
    throw VpdError("VPD page 0x80: " + std::to_string(page.size()) +
                   " bytes, shorter than the 4-byte header");
  if (page[1] != kVpdSerialPage)
    throw VpdError("VPD page 0x80: the page code is " + hex_byte(page[1]));
  const size_t length = (size_t{page[2]} << 8) | page[3];
  if (kVpdHeader + length > page.size())
    throw VpdError("VPD page 0x80: the page length " + std::to_string(length) +
                   " runs past the " + std::to_string(page.size() - kVpdHeader) +
                   " bytes after the header");
  std::span<const uint8_t> serial = page.subspan(kVpdHeader, length);
  // Trailing NULs (LIO's terminator) and spaces, then leading spaces.
  while (!serial.empty() && (serial.back() == 0 || serial.back() == ' '))
    serial = serial.first(serial.size() - 1);
  while (!serial.empty() && serial.front() == ' ') serial = serial.subspan(1);
  if (serial.empty()) throw VpdError("VPD page 0x80: the unit serial is blank");
  for (size_t i = 0; i < serial.size(); i++)
    if (serial[i] < 0x20 || serial[i] > 0x7e)
      throw VpdError("VPD page 0x80: byte " + hex_byte(serial[i]) +
                     " of the unit serial (at offset " +
                     std::to_string(serial.data() + i - page.data()) +
                     ") is not printable ASCII");
  return std::string(serial.begin(), serial.end());
}

std::string parse_vpd_pg80(std::string_view page) {
  return parse_vpd_pg80(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(page.data()), page.size()));
}

std::string normalize_serial(std::string_view serial) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  while (!serial.empty() && blank(serial.front())) serial.remove_prefix(1);
  while (!serial.empty() && blank(serial.back())) serial.remove_suffix(1);
  return std::string(serial);
}

bool serial_matches(std::string_view wanted, std::string_view found) {
  const std::string a = normalize_serial(wanted);
  return !a.empty() && a == normalize_serial(found);
}

std::string ScsiHctl::str() const {
  return std::to_string(host) + ":" + std::to_string(channel) + ":" +
         std::to_string(target) + ":" + std::to_string(lun);
}

std::optional<ScsiHctl> parse_hctl(std::string_view text) {
  std::string_view fields[4];
  for (int i = 0; i < 4; i++) {
    const size_t colon = text.find(':');
    if ((colon == std::string_view::npos) != (i == 3)) return std::nullopt;
    fields[i] = text.substr(0, colon);
    if (i < 3) text.remove_prefix(colon + 1);
  }
  auto host = parse_decimal<uint32_t>(fields[0]);
  auto channel = parse_decimal<uint32_t>(fields[1]);
  auto target = parse_decimal<uint32_t>(fields[2]);
  auto lun = parse_decimal<uint64_t>(fields[3]);
  if (!host || !channel || !target || !lun) return std::nullopt;
  return ScsiHctl{*host, *channel, *target, *lun};
}

std::optional<uint32_t> iscsi_session_of_path(std::string_view path) {
  const std::vector<std::string_view> parts = components(path);
  for (size_t i = 0; i + 2 < parts.size(); i++) {
    auto host = numbered(parts[i], "host");
    if (!host) continue;
    auto session = numbered(parts[i + 1], "session");
    auto target = parse_target(parts[i + 2]);
    if (session && target && target->host == *host) return session;
  }
  return std::nullopt;
}

ScsiDisk read_scsi_disk(const Sysfs& sysfs, std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos || name == "." ||
      name == "..")
    throw std::invalid_argument("'" + std::string(name) +
                                "' is no block device name");
  const fs::path link = sysfs.path("block") / name;
  std::error_code ec;
  const fs::path dir = fs::canonical(link, ec);
  if (ec) throw std::system_error(ec, "block device " + link.string());

  ScsiDisk disk;
  disk.name = std::string(name);
  disk.devpath = sysfs.devpath(dir);

  const std::string dev = required_attribute(sysfs, dir / "dev");
  const size_t colon = dev.find(':');
  auto major = parse_decimal<uint32_t>(std::string_view(dev).substr(0, colon));
  auto minor = colon == std::string::npos
                   ? std::nullopt
                   : parse_decimal<uint32_t>(std::string_view(dev).substr(colon + 1));
  if (!major || !minor)
    throw std::runtime_error((dir / "dev").string() + ": '" + dev +
                             "' is not MAJOR:MINOR");
  disk.devnum = makedev(*major, *minor);
  disk.size_bytes = numeric_attribute<uint64_t>(sysfs, dir / "size") * 512;
  disk.logical_block_size =
      numeric_attribute<uint32_t>(sysfs, dir / "queue/logical_block_size");

  // The SCSI device: device -> ../../../H:C:T:L, in subsystem "scsi".
  const fs::path device = dir / "device";
  fs::path subsystem = fs::read_symlink(device / "subsystem", ec);
  if (!ec && subsystem.filename() == "scsi") {
    const fs::path scsi_dir = fs::canonical(device, ec);
    auto hctl = ec ? std::nullopt : parse_hctl(scsi_dir.filename().string());
    if (hctl) {
      disk.is_scsi = true;
      disk.hctl = *hctl;
    }
  }
  if (disk.is_scsi) {
    auto page = sysfs.read(device / "vpd_pg80");
    if (!page) {
      disk.serial_error = "no device/vpd_pg80";
    } else {
      try {
        disk.serial = parse_vpd_pg80(*page);
      } catch (const VpdError& e) {
        disk.serial_error = e.what();
      }
    }
  } else {
    disk.serial_error = "not a SCSI disk";
  }
  disk.session = iscsi_session_of_path(disk.devpath);
  return disk;
}

std::vector<std::string> iscsi_session_disks(const Sysfs& sysfs, uint32_t sid) {
  const std::string session = "session" + std::to_string(sid);
  std::error_code ec;
  const fs::path dir =
      fs::canonical(sysfs.path("class/iscsi_session") / session / "device", ec);
  std::vector<std::pair<ScsiHctl, std::string>> found;
  if (ec) return {};
  for (const auto& target : fs::directory_iterator(dir, ec)) {
    if (!parse_target(target.path().filename().string())) continue;
    std::error_code ec2;
    for (const auto& lun : fs::directory_iterator(target.path(), ec2)) {
      auto hctl = parse_hctl(lun.path().filename().string());
      if (!hctl) continue;
      std::error_code ec3;
      for (const auto& block : fs::directory_iterator(lun.path() / "block", ec3))
        found.emplace_back(*hctl, block.path().filename().string());
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    const ScsiHctl &x = a.first, &y = b.first;
    if (x.host != y.host) return x.host < y.host;
    if (x.channel != y.channel) return x.channel < y.channel;
    if (x.target != y.target) return x.target < y.target;
    if (x.lun != y.lun) return x.lun < y.lun;
    return a.second < b.second;
  });
  std::vector<std::string> names;
  for (auto& [hctl, name] : found) names.push_back(std::move(name));
  return names;
}

std::optional<std::string> iscsi_session_state(const Sysfs& sysfs, uint32_t sid) {
  return sysfs.attribute(sysfs.path("class/iscsi_session") /
                         ("session" + std::to_string(sid)) / "state");
}

}  // namespace pvfsf::attach
