#include "protocol/names.h"

#include <cinttypes>
#include <cstdio>

namespace pvfsf::lun_export {

namespace {

constexpr std::string_view kBackstorePrefix = "pvfs-";

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

std::string collection_dirname(FsId fs_id) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08x", static_cast<uint32_t>(fs_id));
  return buf;
}

std::string bucket_dirname(Handle handle) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%.8" PRIu64, handle % 64);
  return buf;
}

std::string bstream_filename(Handle handle) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%08" PRIx64 ".bstream", handle);
  return buf;
}

std::filesystem::path bstreams_dir(const std::filesystem::path& storage,
                                   FsId fs_id) {
  return storage / collection_dirname(fs_id) / "bstreams";
}

std::filesystem::path bstream_path(const std::filesystem::path& storage,
                                   FsId fs_id, Handle handle) {
  return bstreams_dir(storage, fs_id) / bucket_dirname(handle) /
         bstream_filename(handle);
}

std::string unit_serial(FsId fs_id, Handle handle) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%08" PRIx32 "%016" PRIx64,
                static_cast<uint32_t>(fs_id), handle);
  return buf;
}

std::optional<DatafileId> parse_unit_serial(std::string_view serial) {
  if (serial.size() != kUnitSerialLength) return std::nullopt;
  uint64_t fs = 0, handle = 0;
  for (size_t i = 0; i < serial.size(); i++) {
    const char c = serial[i];
    if (!is_lower_hex(c)) return std::nullopt;
    const uint64_t digit = c <= '9' ? c - '0' : c - 'a' + 10;
    if (i < 8)
      fs = fs << 4 | digit;
    else
      handle = handle << 4 | digit;
  }
  return DatafileId{static_cast<FsId>(static_cast<uint32_t>(fs)), handle};
}

std::string lio_naa_hex(std::string_view serial, uint32_t company_id) {
  // The kernel's loop, byte for byte.
  unsigned char buf[16] = {};
  size_t off = 0;
  buf[off] = 0x6 << 4;
  buf[off++] |= (company_id >> 20) & 0xf;
  buf[off++] = (company_id >> 12) & 0xff;
  buf[off++] = (company_id >> 4) & 0xff;
  buf[off] = (company_id & 0xf) << 4;
  bool next = true;
  for (size_t i = 0, end = off + 13; i < serial.size() && off < end; i++) {
    const char c = serial[i];
    int val = -1;
    if (c >= '0' && c <= '9') val = c - '0';
    if (c >= 'a' && c <= 'f') val = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') val = c - 'A' + 10;
    if (val < 0) continue;
    if (next) {
      next = false;
      buf[off++] |= val;
    } else {
      next = true;
      buf[off] = val << 4;
    }
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : buf) {
    hex += kDigits[b >> 4];
    hex += kDigits[b & 15];
  }
  return hex;
}

std::string backstore_name(std::string_view server, DatafileId id) {
  return std::string(kBackstorePrefix) + std::string(server) + "-" +
         unit_serial(id.fs_id, id.handle);
}

std::optional<DatafileId> parse_backstore_name(std::string_view server,
                                               std::string_view name) {
  if (!name.starts_with(kBackstorePrefix)) return std::nullopt;
  name.remove_prefix(kBackstorePrefix.size());
  if (!name.starts_with(server)) return std::nullopt;
  name.remove_prefix(server.size());
  if (!name.starts_with('-')) return std::nullopt;
  name.remove_prefix(1);
  return parse_unit_serial(name);
}

uint32_t fnv1a32(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

std::string hba_name(std::string_view server) {
  return "fileio_" + std::to_string(fnv1a32(server));
}

std::string default_target_iqn(std::string_view server) {
  return "iqn.2025-11.org.pvfsf:export." + std::string(server);
}

}  // namespace pvfsf::lun_export
