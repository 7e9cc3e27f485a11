#include "attach/blkid_probe.h"

#include <fcntl.h>

#include <cerrno>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pvfsf::attach {

namespace {

std::string lookup(blkid_probe probe, const char* name) {
  const char* value = nullptr;
  if (blkid_probe_lookup_value(probe, name, &value, nullptr) != 0 || !value) return "";
  return value;
}

uint64_t lookup_offset(blkid_probe probe, const char* name) {
  const std::string text = lookup(probe, name);
  if (text.empty()) return 0;
  return std::stoull(text);
}

}  // namespace

std::string Signature::str() const {
  return type + " (" + usage + ") at offset " + std::to_string(offset);
}

std::string ProbeResult::describe_signatures() const {
  std::string text;
  for (const Signature& signature : signatures) {
    if (!text.empty()) text += ", ";
    text += signature.str();
  }
  return text;
}

ProbeResult probe_fd(int fd, const std::string& name) {
  errno = 0;
  BlkidProbePtr probe(blkid_new_probe());
  if (!probe) throw_errno(errno ? errno : ENOMEM, "blkid probe " + name);
  if (blkid_probe_set_device(probe.get(), fd, 0, 0) != 0)
    throw_errno(errno ? errno : EINVAL, "blkid probe " + name);

  ProbeResult result;
  const blkid_loff_t size = blkid_probe_get_size(probe.get());
  if (size < 0) throw_errno(errno ? errno : EIO, "blkid size of " + name);
  result.size_bytes = static_cast<uint64_t>(size);
  result.logical_sector_size = blkid_probe_get_sectorsize(probe.get());

  blkid_probe_enable_superblocks(probe.get(), 1);
  blkid_probe_set_superblocks_flags(probe.get(), BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE |
                                                     BLKID_SUBLKS_MAGIC |
                                                     BLKID_SUBLKS_BADCSUM);
  blkid_probe_enable_partitions(probe.get(), 1);
  blkid_probe_set_partitions_flags(probe.get(), BLKID_PARTS_MAGIC | BLKID_PARTS_FORCE_GPT);

  // One result per call, every chain in turn, until 1 (nothing more).
  for (;;) {
    errno = 0;
    const int rc = blkid_do_probe(probe.get());
    if (rc == 1) break;
    if (rc < 0) throw_errno(errno ? errno : EIO, "blkid probe " + name);
    Signature signature;
    if (blkid_probe_has_value(probe.get(), "TYPE")) {
      signature.type = lookup(probe.get(), "TYPE");
      signature.usage = lookup(probe.get(), "USAGE");
      signature.offset = lookup_offset(probe.get(), "SBMAGIC_OFFSET");
    } else if (blkid_probe_has_value(probe.get(), "PTTYPE")) {
      signature.type = lookup(probe.get(), "PTTYPE");
      signature.usage = "partition table";
      signature.offset = lookup_offset(probe.get(), "PTMAGIC_OFFSET");
    } else {
      continue;  // a chain result with neither (not expected)
    }
    if (signature.usage.empty()) signature.usage = "other";
    result.signatures.push_back(std::move(signature));
  }
  return result;
}

ProbeResult probe_device(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) throw_errno(errno, "open " + path);
  return probe_fd(fd.get(), path);
}

void to_json(nlohmann::json& out, const Signature& signature) {
  out = {{"type", signature.type},
         {"usage", signature.usage},
         {"offset", signature.offset}};
}

}  // namespace pvfsf::attach
