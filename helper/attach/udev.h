// libudev behind unique_ptr handles with unref deleters, as Ceph's krbd.cc
// holds it.  Each wrapper owns one reference; copies are explicit (ref()).
// Failures throw std::system_error naming the call.
//
// The monitor is the one to get right: create and enable() it BEFORE the
// action that makes a device (login, rescan), then look at what already
// exists (UdevEnumerate), then poll() fd() and receive(): nothing can fall
// between the two.  Source kUdev delivers devices after udevd's rules ran
// (properties such as ID_SCSI_SERIAL, /dev/disk links); kKernel the raw
// uevents, for machines without udevd.
#ifndef PVFSF_HELPER_ATTACH_UDEV_H
#define PVFSF_HELPER_ATTACH_UDEV_H

#include <libudev.h>
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pvfsf::attach {

struct UdevUnref {
  void operator()(udev* u) const { udev_unref(u); }
};
struct UdevDeviceUnref {
  void operator()(udev_device* d) const { udev_device_unref(d); }
};
struct UdevEnumerateUnref {
  void operator()(udev_enumerate* e) const { udev_enumerate_unref(e); }
};
struct UdevMonitorUnref {
  void operator()(udev_monitor* m) const { udev_monitor_unref(m); }
};
using UdevPtr = std::unique_ptr<udev, UdevUnref>;
using UdevDevicePtr = std::unique_ptr<udev_device, UdevDeviceUnref>;
using UdevEnumeratePtr = std::unique_ptr<udev_enumerate, UdevEnumerateUnref>;
using UdevMonitorPtr = std::unique_ptr<udev_monitor, UdevMonitorUnref>;

// A libudev context.
class Udev {
 public:
  Udev();  // udev_new()
  udev* get() const { return udev_.get(); }

 private:
  UdevPtr udev_;
};

// One device.  It keeps its own reference to the context, so it may outlive
// the Udev it came from.
class UdevDevice {
 public:
  // Takes over @device's reference (nullptr is refused).
  explicit UdevDevice(udev_device* device);
  // udev_device_new_from_syspath(); throws system_error (ENOENT...).
  static UdevDevice from_syspath(const Udev& udev, const std::string& syspath);
  // udev_device_new_from_devnum() for a block ('b') or char ('c') device.
  static UdevDevice from_devnum(const Udev& udev, char type, dev_t devnum);

  UdevDevice ref() const;  // another handle on the same device
  udev_device* get() const { return device_.get(); }

  std::string syspath() const;  // "/sys/devices/..."
  std::string devpath() const;  // "/devices/..."
  std::string sysname() const;  // "sdb"
  std::string subsystem() const;  // "" when it has none
  std::string devtype() const;
  std::string devnode() const;  // "/dev/sdb", "" when it has none
  dev_t devnum() const;
  // "add", "remove", "change"...: set on devices from a monitor, "" on
  // enumerated ones.
  std::string action() const;
  bool is_initialized() const;  // udevd has processed it
  std::optional<std::string> property(const char* key) const;
  std::optional<std::string> sysattr(const char* name) const;
  // The nearest ancestor in @subsystem (and @devtype, unless nullptr).
  std::optional<UdevDevice> parent(const char* subsystem,
                                   const char* devtype = nullptr) const;

 private:
  UdevDevicePtr device_;
  UdevPtr udev_;
};

// A device scan, with udev's match rules (matches of one kind are ORed,
// kinds are ANDed).
class UdevEnumerate {
 public:
  explicit UdevEnumerate(const Udev& udev);
  UdevEnumerate& match_subsystem(const char* subsystem);
  UdevEnumerate& match_property(const char* key, const char* value);
  UdevEnumerate& match_sysattr(const char* name, const char* value);
  UdevEnumerate& match_sysname(const char* sysname);
  // Scans and returns the matching devices' syspaths, sorted as libudev
  // sorts them.
  std::vector<std::string> scan_syspaths();
  // The devices themselves; one that vanished since the scan is left out.
  std::vector<UdevDevice> scan();

 private:
  UdevPtr udev_;
  UdevEnumeratePtr enumerate_;
};

enum class MonitorSource {
  kUdev,    // events after udevd's rules ran ("udev" netlink group)
  kKernel,  // raw uevents ("kernel" netlink group)
};
// "udev" or "kernel".
const char* monitor_source_name(MonitorSource source);
// kUdev when udevd runs (its control socket exists), else kKernel.  A kUdev
// wait counts only disks udevd has processed (coldplug done, as at boot or
// after `udevadm trigger`): without udevd, ask for kKernel.
MonitorSource default_monitor_source();

// Whether udevd has no event queued or running (true when no udevd runs).
bool udev_queue_is_empty(const Udev& udev);

class UdevMonitor {
 public:
  // Listens on @source's netlink group; not yet receiving.  A receive
  // buffer of 4 MiB is asked for, so a burst of events (a session with
  // hundreds of LUNs) does not overflow it.
  UdevMonitor(const Udev& udev, MonitorSource source);
  // Only events of @subsystem (and @devtype unless nullptr) pass.  Call
  // before enable().
  UdevMonitor& match_subsystem(const char* subsystem,
                               const char* devtype = nullptr);
  // Starts receiving: from here on no event is lost.
  void enable();

  MonitorSource source() const { return source_; }
  // Readable (POLLIN) when an event waits.
  int fd() const;
  // The next event without blocking, nullopt when none waits.  Throws
  // system_error ENOBUFS when the kernel dropped events since the last
  // call (the socket's buffer overflowed): rescan what exists.
  std::optional<UdevDevice> receive();

 private:
  UdevPtr udev_;
  UdevMonitorPtr monitor_;
  MonitorSource source_;
};

}  // namespace pvfsf::attach

#endif
