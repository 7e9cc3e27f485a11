#include "control/device_ref.h"

#include <sys/sysmacros.h>

#include <cerrno>
#include <system_error>

#include "control/block_device.h"
#include "control/control_device.h"
#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

DeviceRef parse_device_ref(std::string_view text) {
  if (text.empty()) throw UsageError("device: empty, expected DEVICE or N");
  std::string_view number = text;
  for (std::string_view prefix : {"/dev/pvfsf", "pvfsf"}) {
    if (number.starts_with(prefix)) {
      number.remove_prefix(prefix.size());
      break;
    }
  }
  // "/dev/pvfsf-control" and friends are paths, not indices.
  if (number.empty() || !is_digit(number.front()))
    return {std::nullopt, std::string(text)};
  try {
    return {parse_u32(number, "index"), ""};
  } catch (const UsageError& e) {
    throw UsageError("device '" + std::string(text) + "': " + e.what() +
                     "; expected N, pvfsfN, /dev/pvfsfN or a device node");
  }
}

uint32_t resolve_device_ref(ControlDevice& control, const DeviceRef& ref) {
  if (ref.index) return *ref.index;
  const dev_t dev = block_device_number(ref.path, "device");
  for (const DeviceInfo& info : control.infos())
    if (info.dev_major == major(dev) && info.dev_minor == minor(dev))
      return info.index;
  throw_errno(ENODEV, "device " + ref.path + " (" + std::to_string(major(dev)) +
                          ":" + std::to_string(minor(dev)) +
                          ") is no pvfsf device");
}

}  // namespace pvfsf
