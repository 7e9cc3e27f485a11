// /dev/pvfsf-control, opened for as long as the object lives.  Every call
// throws std::system_error whose what() says which call and which device
// failed, e.g. "create: member 2 (/dev/sdb, 8:16): Device or resource busy".
#ifndef PVFSF_HELPER_CONTROL_CONTROL_DEVICE_H
#define PVFSF_HELPER_CONTROL_CONTROL_DEVICE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "control/control_structs.h"
#include "common/unique_fd.h"

namespace pvfsf {

class ControlDevice {
 public:
  static constexpr const char* kDefaultPath = "/dev/" PVFSF_CTL_NAME;

  explicit ControlDevice(const std::string& path = kDefaultPath);

  uint64_t features();                      // PVFSF_FEAT_* bits
  uint32_t create(const CreateSpec& spec);  // returns N of /dev/pvfsfN
  void remove(uint32_t index, bool deferred);
  // Binds @member into @slot of a device whose member there was lost.
  void bind(uint32_t index, uint32_t slot, const Member& member);
  DeviceInfo info(uint32_t index);
  // info(), or nullopt if no device has @index (any more: ENODEV, ENXIO).
  std::optional<DeviceInfo> find_info(uint32_t index);
  std::vector<uint32_t> list();  // indices of every device, ascending or not
  // INFO of every device; one removed between LIST and its INFO is left
  // out.
  std::vector<DeviceInfo> infos();

 private:
  // ioctl(@request, @arg); on failure throws with "@what: strerror".
  void call(unsigned long request, void* arg, const std::string& what);

  UniqueFd fd_;
};

}  // namespace pvfsf

#endif
