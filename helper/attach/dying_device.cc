#include "attach/dying_device.h"

#include <thread>

namespace pvfsf::attach {

namespace {

bool device_gone(ControlDevice& control, const DeviceInfo& dying) {
  const auto now = control.find_info(dying.index);
  // Gone, or its index given to another file's device meanwhile.
  return !now || now->fs_id != dying.fs_id || now->handle != dying.handle;
}

}  // namespace

bool is_dying(const DeviceInfo& info) {
  return info.state == PVFSF_STATE_REMOVING || info.remove_on_close();
}

bool wait_device_gone(ControlDevice& control, const DeviceInfo& dying,
                      std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    if (device_gone(control, dying)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace pvfsf::attach
