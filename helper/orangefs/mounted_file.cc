#include "orangefs/mounted_file.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "common/error.h"

namespace pvfsf::orangefs {

namespace {

constexpr std::string_view kSimpleStripe = "simple_stripe";
// fs/orangefs/protocol.h: ORANGEFS_MAX_XATTR_VALUELEN.
constexpr size_t kMaxXattr = 8192;

uint64_t read_le(std::string_view bytes, size_t offset, size_t width) {
  uint64_t value = 0;
  for (size_t i = width; i-- > 0;)
    value = value << 8 | static_cast<unsigned char>(bytes[offset + i]);
  return value;
}

// nullopt if @path has no attribute @name (ENODATA).
std::optional<std::string> find_xattr(const std::filesystem::path& path,
                                      const char* name) {
  std::string value(kMaxXattr, '\0');
  const ssize_t len = ::getxattr(path.c_str(), name, value.data(), value.size());
  if (len < 0 && errno == ENODATA) return std::nullopt;
  if (len < 0) throw_errno(errno, std::string("getxattr ") + name + " of " + path.string());
  value.resize(static_cast<size_t>(len));
  return value;
}

std::string get_xattr(const std::filesystem::path& path, const char* name) {
  std::optional<std::string> value = find_xattr(path, name);
  if (!value)
    throw_errno(ENODATA, std::string("getxattr ") + name + " of " + path.string());
  return std::move(*value);
}

}  // namespace

uint64_t parse_distribution(std::string_view md, const std::string& what) {
  auto refuse = [&](const std::string& why) -> uint64_t {
    throw FsConfError(what + ": " + why);
  };
  if (md.size() < 4) return refuse("shorter than its name's length");
  const uint64_t name_len = read_le(md, 0, 4);
  const uint64_t params = (4 + name_len + 1 + 7) / 8 * 8;
  if (name_len == 0 || params > md.size())
    return refuse("name length " + std::to_string(name_len) + " does not fit");
  const std::string_view name = md.substr(4, name_len);
  if (md[4 + name_len] != '\0') return refuse("name is not NUL-terminated");
  if (name != kSimpleStripe)
    return refuse("distribution " + std::string(name) +
                  ": pvfsf maps simple_stripe files only");
  if (md.size() - params < 8) return refuse("no strip size");
  const uint64_t strip = read_le(md, params, 8);
  if (strip == 0 || strip % 512 || strip > INT64_MAX)
    return refuse("strip size " + std::to_string(strip) +
                  " is not a positive multiple of 512");
  return strip;
}

std::vector<uint64_t> parse_datafile_handles(std::string_view dh,
                                             const std::string& what) {
  if (dh.empty() || dh.size() % 8)
    throw FsConfError(what + ": " + std::to_string(dh.size()) +
                      " bytes, not a list of 8-byte handles");
  if (dh.size() / 8 > kMaxDatafiles)
    throw FsConfError(what + ": more than " + std::to_string(kMaxDatafiles) +
                      " datafiles");
  std::vector<uint64_t> handles;
  for (size_t offset = 0; offset < dh.size(); offset += 8)
    handles.push_back(read_le(dh, offset, 8));
  return handles;
}

int32_t orangefs_fs_id(const struct statfs& sfs) {
  int32_t fsid[2];
  static_assert(sizeof(fsid) == sizeof(sfs.f_fsid));
  std::memcpy(fsid, &sfs.f_fsid, sizeof(fsid));
  return fsid[0];
}

bool on_orangefs_mount(const std::filesystem::path& path) {
  struct statfs sfs;
  return ::statfs(path.c_str(), &sfs) == 0 && sfs.f_type == kOrangefsSuperMagic;
}

uint32_t parse_requested_datafiles(std::string_view nd,
                                   const std::string& what) {
  if (nd.size() != 4)
    throw FsConfError(what + ": " + std::to_string(nd.size()) +
                      " bytes, not a 4-byte datafile count");
  const uint64_t count = read_le(nd, 0, 4);
  if (count == 0 || count > kMaxDatafiles)
    throw FsConfError(what + ": " + std::to_string(count) +
                      " datafiles, not 1 to " + std::to_string(kMaxDatafiles));
  return static_cast<uint32_t>(count);
}

MountedFile read_mounted_file(const std::filesystem::path& path) {
  struct statfs sfs;
  if (::statfs(path.c_str(), &sfs) != 0)
    throw_errno(errno, "statfs " + path.string());
  if (sfs.f_type != kOrangefsSuperMagic)
    throw FsConfError(path.string() + ": not on an OrangeFS mount");
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw_errno(errno, "stat " + path.string());
  if (!S_ISREG(st.st_mode))
    throw FsConfError(path.string() + ": not a regular file");
  MountedFile file;
  file.fs_id = orangefs_fs_id(sfs);
  file.handle = st.st_ino;
  file.size = static_cast<uint64_t>(st.st_size);
  file.strip_size = parse_distribution(get_xattr(path, "system.pvfs2.md"),
                                       path.string() + ": system.pvfs2.md");
  file.datafiles = parse_datafile_handles(get_xattr(path, "system.pvfs2.dh"),
                                          path.string() + ": system.pvfs2.dh");
  if (const auto nd = find_xattr(path, "system.pvfs2.nd"))
    file.unstuffed_datafiles =
        parse_requested_datafiles(*nd, path.string() + ": system.pvfs2.nd");
  return file;
}

}  // namespace pvfsf::orangefs
