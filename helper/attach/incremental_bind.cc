#include "attach/incremental_bind.h"

#include <sys/sysmacros.h>

#include <optional>
#include <sstream>
#include <system_error>

#include "attach/attach_error.h"
#include "cli/command.h"
#include "control/block_device.h"
#include "protocol/names.h"

namespace pvfsf::attach {

namespace {

namespace lx = lun_export;

std::string dev_name(uint32_t major, uint32_t minor) {
  return std::to_string(major) + ":" + std::to_string(minor);
}

// Step 1: the disk's name in sysfs and its unit serial.
ScsiDisk read_member_disk(const Sysfs& sysfs, const std::string& devnode,
                          dev_t dev) {
  const auto link = sysfs.path("dev/block/" + dev_name(major(dev), minor(dev)));
  std::error_code error;
  const auto target = std::filesystem::canonical(link, error);
  if (error)
    throw AttachError(kExitBadMember, devnode + ": no " + link.string() +
                                          ": " + error.message());
  return read_scsi_disk(sysfs, target.filename().string());
}

// The slots of a device, lost or not, from pvfsf/member_state
// ("index live|lost|unbound errors" per line).
bool slot_lost(const Sysfs& sysfs, uint32_t index, size_t slot) {
  const auto text = sysfs.read(
      sysfs.path("block/pvfsf" + std::to_string(index) + "/pvfsf/member_state"));
  std::istringstream lines(text.value_or(""));
  size_t at;
  std::string state, errors;
  while (lines >> at >> state >> errors)
    if (at == slot) return state == "lost";
  return false;
}

}  // namespace

IncrementalResult bind_incremental(const Sysfs& sysfs, ControlDevice& control,
                                   const std::string& devnode) {
  dev_t dev;
  try {
    dev = block_device_number(devnode, "incremental");
  } catch (const std::system_error& e) {
    throw AttachError(kExitBadMember, e.what());
  }
  // 1. The datafile the disk carries.
  const ScsiDisk disk = read_member_disk(sysfs, devnode, dev);
  if (!disk.serial)
    throw AttachError(kExitBadMember,
                      devnode + ": no unit serial: " + disk.serial_error);
  const auto id = lx::parse_unit_serial(normalize_serial(*disk.serial));
  if (!id)
    throw AttachError(kExitBadMember, devnode + ": unit serial '" +
                                          *disk.serial +
                                          "' names no pvfs datafile");
  // an fs id is 32 bits, kept signed as PVFS keeps it
  const auto fs_id = static_cast<uint32_t>(id->fs_id);
  const std::string what = devnode + " (fs " + std::to_string(fs_id) +
                           " datafile " + std::to_string(id->handle) + ")";

  // 2. The device that holds it.
  for (const DeviceInfo& info : control.infos()) {
    if (info.fs_id != fs_id) continue;
    for (size_t slot = 0; slot < info.members.size(); ++slot) {
      const Member& m = info.members[slot];
      if (m.datafile_handle != id->handle) continue;
      const std::string place = device_path(info.index) + " slot " +
                                std::to_string(slot);
      // 3. Its slot.
      if (m.dev_major == major(dev) && m.dev_minor == minor(dev))
        return {IncrementalResult::Action::kAlreadyBound,
                what + ": bound already as " + place};
      if (!m.unbound() && !slot_lost(sysfs, info.index, slot))
        return {IncrementalResult::Action::kLeftAlone,
                what + ": " + place + " is live on " +
                    dev_name(m.dev_major, m.dev_minor) + "; left alone"};
      try {
        control.bind(info.index, static_cast<uint32_t>(slot),
                     {id->handle, 0, major(dev), minor(dev), devnode});
      } catch (const std::system_error& e) {
        throw AttachError(cli::kExitFailed, what + ": " + e.what());
      }
      return {IncrementalResult::Action::kBound,
              what + ": bound as " + place};
    }
  }
  return {IncrementalResult::Action::kLeftAlone,
          what + ": no device waits for it; left alone"};
}

}  // namespace pvfsf::attach
