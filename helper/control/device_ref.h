// The DEVICE|N argument of "pvfsf-ctl remove/info": which /dev/pvfsfN.
#ifndef PVFSF_HELPER_CONTROL_DEVICE_REF_H
#define PVFSF_HELPER_CONTROL_DEVICE_REF_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pvfsf {

class ControlDevice;

struct DeviceRef {
  std::optional<uint32_t> index;  // known from the text alone
  std::string path;               // otherwise: a node to look up by number
};

// "N", "pvfsfN" and "/dev/pvfsfN" give N directly: the kernel names its
// disks so, and the node may not exist where no udev runs.  Any other text
// is a path (a symlink, a node elsewhere).  Throws UsageError for an empty
// argument or a malformed N.
DeviceRef parse_device_ref(std::string_view text);

// The index of the device @ref names; for a path, the pvfsf device whose
// major:minor the node carries.  Throws system_error (ENODEV if the node is
// no pvfsf device).
uint32_t resolve_device_ref(ControlDevice& control, const DeviceRef& ref);

}  // namespace pvfsf

#endif
