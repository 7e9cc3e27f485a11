#include "attach/udev.h"

#include <sys/sysmacros.h>

#include <cerrno>
#include <system_error>

#include "control/device_node.h"
#include "common/error.h"

namespace pvfsf::attach {

namespace {

constexpr int kMonitorBufferBytes = 4 << 20;

// libudev reports failure as NULL with errno set (mostly).
[[noreturn]] void throw_udev(const std::string& context) {
  throw_errno(errno ? errno : ENOMEM, context);
}

std::string or_empty(const char* text) { return text ? text : ""; }

UdevPtr ref_context(udev* u) { return UdevPtr(udev_ref(u)); }

}  // namespace

Udev::Udev() {
  errno = 0;
  udev_.reset(udev_new());
  if (!udev_) throw_udev("udev_new");
}

UdevDevice::UdevDevice(udev_device* device) : device_(device) {
  if (!device_) throw_errno(EINVAL, "UdevDevice: no device");
  udev_ = ref_context(udev_device_get_udev(device_.get()));
}

UdevDevice UdevDevice::from_syspath(const Udev& udev, const std::string& syspath) {
  errno = 0;
  udev_device* device = udev_device_new_from_syspath(udev.get(), syspath.c_str());
  if (!device) throw_udev("udev device " + syspath);
  return UdevDevice(device);
}

UdevDevice UdevDevice::from_devnum(const Udev& udev, char type, dev_t devnum) {
  errno = 0;
  udev_device* device = udev_device_new_from_devnum(udev.get(), type, devnum);
  if (!device)
    throw_udev(std::string("udev device ") + type + " " +
               std::to_string(major(devnum)) + ":" + std::to_string(minor(devnum)));
  return UdevDevice(device);
}

UdevDevice UdevDevice::ref() const {
  return UdevDevice(udev_device_ref(device_.get()));
}

std::string UdevDevice::syspath() const {
  return or_empty(udev_device_get_syspath(device_.get()));
}
std::string UdevDevice::devpath() const {
  return or_empty(udev_device_get_devpath(device_.get()));
}
std::string UdevDevice::sysname() const {
  return or_empty(udev_device_get_sysname(device_.get()));
}
std::string UdevDevice::subsystem() const {
  return or_empty(udev_device_get_subsystem(device_.get()));
}
std::string UdevDevice::devtype() const {
  return or_empty(udev_device_get_devtype(device_.get()));
}
std::string UdevDevice::devnode() const {
  return or_empty(udev_device_get_devnode(device_.get()));
}
dev_t UdevDevice::devnum() const { return udev_device_get_devnum(device_.get()); }
std::string UdevDevice::action() const {
  return or_empty(udev_device_get_action(device_.get()));
}
bool UdevDevice::is_initialized() const {
  return udev_device_get_is_initialized(device_.get()) > 0;
}

std::optional<std::string> UdevDevice::property(const char* key) const {
  const char* value = udev_device_get_property_value(device_.get(), key);
  if (!value) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> UdevDevice::sysattr(const char* name) const {
  const char* value = udev_device_get_sysattr_value(device_.get(), name);
  if (!value) return std::nullopt;
  return std::string(value);
}

std::optional<UdevDevice> UdevDevice::parent(const char* subsystem,
                                             const char* devtype) const {
  // The parent belongs to the child: take a reference of our own.
  udev_device* parent =
      udev_device_get_parent_with_subsystem_devtype(device_.get(), subsystem, devtype);
  if (!parent) return std::nullopt;
  return UdevDevice(udev_device_ref(parent));
}

UdevEnumerate::UdevEnumerate(const Udev& udev) : udev_(ref_context(udev.get())) {
  errno = 0;
  enumerate_.reset(udev_enumerate_new(udev.get()));
  if (!enumerate_) throw_udev("udev_enumerate_new");
}

UdevEnumerate& UdevEnumerate::match_subsystem(const char* subsystem) {
  if (int r = udev_enumerate_add_match_subsystem(enumerate_.get(), subsystem); r < 0)
    throw_errno(-r, std::string("udev enumerate: match subsystem ") + subsystem);
  return *this;
}

UdevEnumerate& UdevEnumerate::match_property(const char* key, const char* value) {
  if (int r = udev_enumerate_add_match_property(enumerate_.get(), key, value); r < 0)
    throw_errno(-r, std::string("udev enumerate: match property ") + key);
  return *this;
}

UdevEnumerate& UdevEnumerate::match_sysattr(const char* name, const char* value) {
  if (int r = udev_enumerate_add_match_sysattr(enumerate_.get(), name, value); r < 0)
    throw_errno(-r, std::string("udev enumerate: match sysattr ") + name);
  return *this;
}

UdevEnumerate& UdevEnumerate::match_sysname(const char* sysname) {
  if (int r = udev_enumerate_add_match_sysname(enumerate_.get(), sysname); r < 0)
    throw_errno(-r, std::string("udev enumerate: match sysname ") + sysname);
  return *this;
}

std::vector<std::string> UdevEnumerate::scan_syspaths() {
  if (int r = udev_enumerate_scan_devices(enumerate_.get()); r < 0)
    throw_errno(-r, "udev enumerate: scan devices");
  std::vector<std::string> syspaths;
  udev_list_entry* entry;
  udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumerate_.get()))
    syspaths.emplace_back(udev_list_entry_get_name(entry));
  return syspaths;
}

std::vector<UdevDevice> UdevEnumerate::scan() {
  std::vector<UdevDevice> devices;
  for (const std::string& syspath : scan_syspaths()) {
    udev_device* device = udev_device_new_from_syspath(udev_.get(), syspath.c_str());
    if (device) devices.emplace_back(device);  // else: gone since the scan
  }
  return devices;
}

const char* monitor_source_name(MonitorSource source) {
  return source == MonitorSource::kUdev ? "udev" : "kernel";
}

MonitorSource default_monitor_source() {
  return udev_is_running() ? MonitorSource::kUdev : MonitorSource::kKernel;
}

bool udev_queue_is_empty(const Udev& udev) {
  std::unique_ptr<udev_queue, decltype(&udev_queue_unref)> queue(udev_queue_new(udev.get()),
                                                                 udev_queue_unref);
  if (!queue) throw_errno(errno ? errno : ENOMEM, "udev_queue_new");
  return udev_queue_get_queue_is_empty(queue.get());
}

UdevMonitor::UdevMonitor(const Udev& udev, MonitorSource source)
    : udev_(ref_context(udev.get())), source_(source) {
  errno = 0;
  monitor_.reset(udev_monitor_new_from_netlink(udev.get(), monitor_source_name(source)));
  if (!monitor_)
    throw_udev(std::string("udev monitor (") + monitor_source_name(source) + ")");
  // Best effort: without CAP_NET_ADMIN the kernel caps it at rmem_max.
  udev_monitor_set_receive_buffer_size(monitor_.get(), kMonitorBufferBytes);
}

UdevMonitor& UdevMonitor::match_subsystem(const char* subsystem, const char* devtype) {
  if (int r = udev_monitor_filter_add_match_subsystem_devtype(monitor_.get(),
                                                             subsystem, devtype);
      r < 0)
    throw_errno(-r, std::string("udev monitor: match subsystem ") + subsystem);
  return *this;
}

void UdevMonitor::enable() {
  if (int r = udev_monitor_enable_receiving(monitor_.get()); r < 0)
    throw_errno(-r, std::string("udev monitor (") + monitor_source_name(source_) +
                        "): enable receiving");
}

int UdevMonitor::fd() const { return udev_monitor_get_fd(monitor_.get()); }

std::optional<UdevDevice> UdevMonitor::receive() {
  errno = 0;
  udev_device* device = udev_monitor_receive_device(monitor_.get());
  if (device) return UdevDevice(device);
  // Nothing waiting (EAGAIN), or an event that did not pass the filter.
  if (errno == ENOBUFS) throw_errno(ENOBUFS, "udev monitor: events were lost");
  return std::nullopt;
}

}  // namespace pvfsf::attach
