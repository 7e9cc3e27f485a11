#include "control/control_device.h"

#include <fcntl.h>
#include <sys/ioctl.h>

#include <cerrno>

#include "control/create_diagnosis.h"
#include "common/error.h"

namespace pvfsf {

ControlDevice::ControlDevice(const std::string& path)
    : fd_(::open(path.c_str(), O_RDWR | O_CLOEXEC)) {
  if (!fd_) {
    const int err = errno;
    throw_errno(
        err, "open " + path + (err == ENOENT ? " (is pvfsf.ko loaded?)" : ""));
  }
}

void ControlDevice::call(unsigned long request, void* arg,
                         const std::string& what) {
  if (::ioctl(fd_.get(), request, arg) < 0) throw_errno(errno, what);
}

uint64_t ControlDevice::features() {
  pvfsf_features req = make_features_request();
  call(PVFSF_IOC_GET_FEATURES, &req, "features");
  return req.features;
}

uint32_t ControlDevice::create(const CreateSpec& spec) {
  std::vector<pvfsf_member> members;
  pvfsf_create req = make_create_request(spec, members);
  if (::ioctl(fd_.get(), PVFSF_IOC_CREATE, &req) < 0) {
    const int err = errno;
    const std::string blame = blame_create_failure(spec, err);
    // The kernel logs its own reason; point there when we found none.
    throw_errno(err, blame.empty() ? "create (the kernel log says why)"
                                   : "create: " + blame);
  }
  return req.index;
}

void ControlDevice::remove(uint32_t index, bool deferred) {
  pvfsf_remove req = make_remove_request(index, deferred);
  call(PVFSF_IOC_REMOVE, &req, "remove " + device_path(index));
}

void ControlDevice::bind(uint32_t index, uint32_t slot, const Member& member) {
  pvfsf_bind req = make_bind_request(index, slot, member);
  call(PVFSF_IOC_BIND, &req,
       "bind " + member.path + " to member " + std::to_string(slot) + " of " +
           device_path(index));
}

DeviceInfo ControlDevice::info(uint32_t index) {
  return info_until_complete(index, [&](pvfsf_info& req) {
    call(PVFSF_IOC_INFO, &req, "info " + device_path(index));
  });
}

std::vector<uint32_t> ControlDevice::list() {
  return list_until_complete(
      [&](pvfsf_list& req) { call(PVFSF_IOC_LIST, &req, "list"); });
}

std::optional<DeviceInfo> ControlDevice::find_info(uint32_t index) {
  try {
    return info(index);
  } catch (const std::system_error& e) {
    if (e.code().value() != ENODEV && e.code().value() != ENXIO) throw;
    return std::nullopt;
  }
}

std::vector<DeviceInfo> ControlDevice::infos() {
  std::vector<DeviceInfo> devices;
  for (uint32_t index : list())
    if (const auto found = find_info(index)) devices.push_back(*found);
  return devices;
}

}  // namespace pvfsf
