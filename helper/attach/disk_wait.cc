#include "attach/disk_wait.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <system_error>

#include "common/error.h"

namespace pvfsf::attach {

namespace {

using std::chrono::milliseconds;

std::string describe(const ScsiDisk& disk) {
  std::string text = disk.name;
  if (disk.is_scsi) text += " (" + disk.hctl.str();
  if (disk.is_scsi && disk.session) text += ", session " + std::to_string(*disk.session);
  if (disk.is_scsi) text += ")";
  return text;
}

std::string seconds(milliseconds waited) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f s", static_cast<double>(waited.count()) / 1000);
  return buf;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += separator;
    text += item;
  }
  return text;
}

}  // namespace

DiskMatcher::DiskMatcher(DiskWanted wanted) : wanted_(std::move(wanted)) {
  std::set<std::string> serials;
  for (const std::string& serial : wanted_.serials) {
    std::string normal = normalize_serial(serial);
    if (normal.empty()) throw std::invalid_argument("a wanted unit serial is blank");
    serials.insert(std::move(normal));
  }
  wanted_.serials = std::move(serials);
}

bool DiskMatcher::offer(const ScsiDisk& disk) {
  // Seen again (a change event, a rescan): what it was no longer holds.
  withdraw(disk.devpath);
  if (!disk.serial) return false;
  const std::string serial = normalize_serial(*disk.serial);
  if (!wanted_.serials.contains(serial)) return false;
  if (wanted_.check) {
    const std::string why = wanted_.check(disk);
    if (!why.empty()) {
      refused_[disk.devpath] = disk.name + " with unit serial " + serial + ": " + why;
      return false;
    }
  }
  if (auto it = found_.find(serial); it != found_.end())
    throw DuplicateSerialError("unit serial " + serial + " is on two disks: " +
                               describe(it->second) + " and " + describe(disk));
  found_.emplace(serial, disk);
  return true;
}

void DiskMatcher::withdraw(const std::string& devpath) {
  refused_.erase(devpath);
  std::erase_if(found_, [&](const auto& entry) { return entry.second.devpath == devpath; });
}

void DiskMatcher::unreadable(const std::string& devpath, const std::string& why) {
  withdraw(devpath);
  refused_[devpath] = why;
}

bool DiskMatcher::complete() const { return found_.size() == wanted_.serials.size(); }

std::vector<std::string> DiskMatcher::missing() const {
  std::vector<std::string> missing;
  for (const std::string& serial : wanted_.serials)
    if (!found_.contains(serial)) missing.push_back(serial);
  return missing;
}

std::string DiskMatcher::timeout_message(milliseconds waited) const {
  const std::vector<std::string> absent = missing();
  std::string text = "timed out after " + seconds(waited) + " waiting for the disk";
  text += absent.size() == 1 ? " with unit serial " : "s with unit serials ";
  text += join(absent, ", ");
  std::vector<std::string> parts;
  if (!found_.empty()) {
    std::vector<std::string> found;
    for (const auto& [serial, disk] : found_) found.push_back(serial + " on " + disk.name);
    parts.push_back("found " + std::to_string(found_.size()) + " of " +
                    std::to_string(wanted_.serials.size()) + ": " + join(found, ", "));
  }
  if (!refused_.empty()) {
    std::vector<std::string> refused;
    for (const auto& [devpath, why] : refused_) refused.push_back(why);
    parts.push_back("refused: " + join(refused, "; "));
  }
  if (!parts.empty()) text += " (" + join(parts, "; ") + ")";
  return text;
}

std::optional<std::string> resolve_serial(const ScsiDisk& disk,
                                          const std::optional<std::string>& id_scsi_serial) {
  if (disk.serial) return disk.serial;
  if (id_scsi_serial) {
    std::string serial = normalize_serial(*id_scsi_serial);
    if (!serial.empty()) return serial;
  }
  return std::nullopt;
}

UdevMonitor arm_disk_monitor(const Udev& udev, MonitorSource source) {
  UdevMonitor monitor(udev, source);
  monitor.match_subsystem("block", "disk");
  monitor.enable();
  return monitor;
}

std::map<std::string, FoundDisk> wait_for_disks(UdevMonitor& monitor,
                                                const DiskWanted& wanted,
                                                Clock::time_point deadline) {
  const Clock::time_point start = Clock::now();
  const Sysfs sysfs;
  const Udev udev;
  DiskMatcher matcher(wanted);
  // devpath -> the device and how it was found
  std::map<std::string, std::pair<UdevDevice, std::string>> counted;

  const auto withdraw = [&](const std::string& devpath) {
    matcher.withdraw(devpath);
    counted.erase(devpath);
  };

  const auto consider = [&](const UdevDevice& device, const std::string& found_by) {
    if (device.subsystem() != "block" || device.devtype() != "disk") return;
    const std::string devpath = device.devpath();
    ScsiDisk disk;
    std::string unreadable;
    try {
      disk = read_scsi_disk(sysfs, device.sysname());
    } catch (const std::system_error& e) {
      if (e.code() == std::errc::no_such_file_or_directory) {
        withdraw(devpath);  // gone already: its remove event follows
        return;
      }
      unreadable = e.what();
    } catch (const std::exception& e) {
      unreadable = e.what();
    }
    if (!unreadable.empty()) {
      counted.erase(devpath);
      matcher.unreadable(devpath, device.sysname() + " unreadable: " + unreadable);
      return;
    }
    // The name was reused by a newer disk: that one's event follows.
    if (disk.devpath != devpath) return;
    disk.serial = resolve_serial(disk, device.property("ID_SCSI_SERIAL"));
    if (matcher.offer(disk)) {
      counted.insert_or_assign(devpath, std::pair(device.ref(), found_by));
    } else {
      counted.erase(devpath);
    }
  };

  // Step 2: what exists already.  With a kUdev monitor a disk udevd has
  // not finished yet is left to its event, which the armed monitor will get.
  const auto scan_existing = [&] {
    UdevEnumerate enumerate(udev);
    enumerate.match_subsystem("block").match_property("DEVTYPE", "disk");
    std::set<std::string> present;
    for (const UdevDevice& device : enumerate.scan()) {
      present.insert(device.devpath());
      if (monitor.source() == MonitorSource::kUdev && !device.is_initialized()) continue;
      consider(device, "present");
    }
    for (const auto& [serial, disk] : std::map(matcher.found()))
      if (!present.contains(disk.devpath)) withdraw(disk.devpath);
  };

  scan_existing();
  // Step 3: events until every serial has its disk.
  while (!matcher.complete()) {
    const Clock::time_point now = Clock::now();
    if (now >= deadline)
      throw DiskWaitTimeout(
          matcher.timeout_message(std::chrono::duration_cast<milliseconds>(now - start)),
          matcher.missing());
    const auto left = std::chrono::ceil<milliseconds>(deadline - now).count();
    pollfd pfd{monitor.fd(), POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "poll the udev monitor");
    }
    if (ready == 0) continue;
    if (pfd.revents & POLLNVAL) throw_errno(EBADF, "poll the udev monitor");
    bool lost = false;
    for (;;) {
      std::optional<UdevDevice> device;
      try {
        device = monitor.receive();
      } catch (const std::system_error& e) {
        if (e.code().value() != ENOBUFS) throw;
        lost = true;
        continue;
      }
      if (!device) break;
      const std::string action = device->action();
      if (action == "remove") {
        withdraw(device->devpath());
        continue;
      }
      if (action == "move")
        if (auto old = device->property("DEVPATH_OLD")) withdraw(*old);
      consider(*device, action);
    }
    // Step 3's fallback: events were dropped, so look at sysfs again.
    if (lost) scan_existing();
  }

  std::map<std::string, FoundDisk> result;
  for (const auto& [serial, disk] : matcher.found()) {
    const auto& [device, found_by] = counted.at(disk.devpath);
    result.emplace(serial, FoundDisk{device.ref(), disk, found_by});
  }
  return result;
}

}  // namespace pvfsf::attach
