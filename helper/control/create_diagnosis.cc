#include "control/create_diagnosis.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "control/block_device.h"
#include "common/unique_fd.h"

namespace pvfsf {

namespace {

std::string member_name(const CreateSpec& spec, size_t i) {
  const Member& m = spec.members[i];
  std::string name = "member " + std::to_string(i) + " (";
  if (!m.path.empty()) name += m.path + ", ";
  return name + std::to_string(m.dev_major) + ":" +
         std::to_string(m.dev_minor) + ")";
}

// Another exclusive holder (a mount, dm, md, another pvfsf device) makes an
// O_EXCL open fail with EBUSY; read-only so that closing it wakes no udev
// "change" event.
bool held_by_someone(const Member& m) {
  if (m.path.empty()) return false;
  UniqueFd fd(::open(m.path.c_str(), O_RDONLY | O_EXCL | O_CLOEXEC));
  return !fd && errno == EBUSY;
}

bool strip_out_of_rules(uint64_t strip) {
  return strip < PVFSF_MIN_STRIP || strip > PVFSF_MAX_STRIP || strip % 512;
}

// Sectors of the member after its start, or nullopt where sysfs cannot say.
std::optional<uint64_t> usable_sectors(const Member& m) {
  const auto sectors = block_device_sectors(m.dev_major, m.dev_minor);
  if (!sectors) return std::nullopt;
  return *sectors > m.start_sector ? *sectors - m.start_sector : 0;
}

// The datafiles of one file differ by at most a strip, so the kernel takes
// a member shorter than that for a wrong one.
bool too_short(const CreateSpec& spec, const Member& m) {
  const auto usable = usable_sectors(m);
  if (!usable) return false;
  uint64_t longest = 0;
  for (const Member& other : spec.members)
    longest = std::max(longest, usable_sectors(other).value_or(0));
  return !*usable || (longest - *usable) * 512 > spec.strip_size;
}

std::string blame_members(const CreateSpec& spec, int err) {
  for (size_t i = 0; i < spec.members.size(); ++i) {
    const Member& m = spec.members[i];
    for (size_t j = 0; j < i; ++j) {
      const Member& earlier = spec.members[j];
      if (err == EINVAL && earlier.dev_major == m.dev_major &&
          earlier.dev_minor == m.dev_minor)
        return member_name(spec, i) + " repeats member " + std::to_string(j);
      if (err == EINVAL && earlier.datafile_handle == m.datafile_handle)
        return member_name(spec, i) +
               " repeats the datafile handle of member " + std::to_string(j);
    }
    if ((err == ENODEV || err == ENXIO) &&
        !block_device_exists(m.dev_major, m.dev_minor))
      return member_name(spec, i);
    if (err == EBUSY && held_by_someone(m)) return member_name(spec, i);
    if (err == EINVAL && usable_sectors(m) == uint64_t{0})
      return member_name(spec, i) + " start sector " +
             std::to_string(m.start_sector) + " is at or past its end";
    if (err == EINVAL && too_short(spec, m))
      return member_name(spec, i) +
             " is more than a strip shorter than the longest member";
  }
  return "";
}

}  // namespace

std::string blame_create_failure(const CreateSpec& spec, int err) {
  if (err == EEXIST)
    return "fs_id " + std::to_string(spec.fs_id) + " handle " +
           std::to_string(spec.handle) + " already has a device";
  if (err == EINVAL && strip_out_of_rules(spec.strip_size))
    return "strip " + std::to_string(spec.strip_size) +
           " bytes (must be a multiple of 512 from " +
           std::to_string(PVFSF_MIN_STRIP) + " to " +
           std::to_string(PVFSF_MAX_STRIP) + ")";
  if (err == EINVAL &&
      (spec.members.empty() || spec.members.size() > PVFSF_MAX_MEMBERS))
    return std::to_string(spec.members.size()) + " members (must be 1 to " +
           std::to_string(PVFSF_MAX_MEMBERS) + ")";
  return blame_members(spec, err);
}

}  // namespace pvfsf
