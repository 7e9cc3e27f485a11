// Waiting for the member disks of a file: the SCSI disks whose unit serials
// name its datafiles.  The algorithm:
//
//   1. The caller arms a monitor (arm_disk_monitor) BEFORE the login or
//      rescan that makes the disks appear.
//   2. wait_for_disks() enumerates the block disks that exist already and
//      offers each to a DiskMatcher (with a kUdev monitor only those udevd
//      has processed: the others are still to come as events).
//   3. It poll()s the monitor's fd until the deadline and offers every
//      "add" or "change" of a block disk; a "remove" withdraws the disk.
//      If the kernel dropped events (ENOBUFS), step 2 is repeated.
//   4. It returns when every wanted serial has its disk, or throws
//      DiskWaitTimeout naming the serials still missing.
//
// A disk counts for a serial when its unit serial (sysfs's vpd_pg80, else
// udev's ID_SCSI_SERIAL) matches exactly and the caller's check, if any,
// accepts it.  Two disks present at once with the same wanted serial are an
// error (DuplicateSerialError), never a guess.
#ifndef PVFSF_HELPER_ATTACH_DISK_WAIT_H
#define PVFSF_HELPER_ATTACH_DISK_WAIT_H

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "attach/scsi_disk.h"
#include "attach/udev.h"

namespace pvfsf::attach {

using Clock = std::chrono::steady_clock;

struct DiskWanted {
  std::set<std::string> serials;  // normalized unit serials
  // Optional: "" if a disk with a wanted serial counts, else why not (e.g.
  // "in session 4, not in session 1 of server b").  A refused disk is named
  // in the timeout message.
  std::function<std::string(const ScsiDisk&)> check;
};

// Thrown when the deadline passed first.  what() names every missing
// serial, the disks found so far and those refused by the check.
class DiskWaitTimeout : public std::runtime_error {
 public:
  DiskWaitTimeout(const std::string& message, std::vector<std::string> missing)
      : std::runtime_error(message), missing_(std::move(missing)) {}
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  std::vector<std::string> missing_;
};

// Two disks carry the same wanted serial.
class DuplicateSerialError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bookkeeping of steps 2-4, without any I/O: the unit tests feed it
// disks read from fixture trees.
class DiskMatcher {
 public:
  explicit DiskMatcher(DiskWanted wanted);

  // A disk that exists now (enumerated, added or changed), its serial
  // already resolved.  Returns true if it counts for a wanted serial.
  // Throws DuplicateSerialError if another disk, still present, holds the
  // same wanted serial.
  bool offer(const ScsiDisk& disk);
  // The disk at @devpath is gone.
  void withdraw(const std::string& devpath);
  // The disk at @devpath could not be read (@why): named in the timeout
  // message, in case it was one of ours.
  void unreadable(const std::string& devpath, const std::string& why);

  bool complete() const;
  std::vector<std::string> missing() const;  // sorted
  // Wanted serial -> the disk that counts for it.
  const std::map<std::string, ScsiDisk>& found() const { return found_; }
  // "timed out after 5 s waiting for the disk with unit serial X (found
  // 1 of 2: Y on sda; refused: sdc with unit serial X: in session 4)".
  std::string timeout_message(std::chrono::milliseconds waited) const;

 private:
  DiskWanted wanted_;
  std::map<std::string, ScsiDisk> found_;
  std::map<std::string, std::string> refused_;  // devpath -> "sdc ...: why"
};

// The unit serial of @disk: its own (vpd_pg80) if sysfs had one, else
// @id_scsi_serial (udev's property) normalized, else nullopt.
std::optional<std::string> resolve_serial(const ScsiDisk& disk,
                                          const std::optional<std::string>& id_scsi_serial);

// A monitor of block disks ("block"/"disk" only), enabled: arm it before
// the action.
UdevMonitor arm_disk_monitor(const Udev& udev, MonitorSource source);

struct FoundDisk {
  UdevDevice device;  // devnode() is the /dev path
  ScsiDisk disk;
  // How it was found: "present" (it existed when the wait began) or the
  // event's action ("add", "change").
  std::string found_by;
};

// Steps 2-4 above.  @monitor must be armed (enabled) already.  Returns the
// wanted serial -> its disk.  Throws DiskWaitTimeout,
// DuplicateSerialError, system_error.
std::map<std::string, FoundDisk> wait_for_disks(UdevMonitor& monitor,
                                                const DiskWanted& wanted,
                                                Clock::time_point deadline);

}  // namespace pvfsf::attach

#endif
