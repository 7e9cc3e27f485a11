// A file's device that is going: its removal has begun (state `removing`)
// or waits for its last close (`remove-on-close`, a detach --lazy).  attach
// must not hand it out, since whoever opens it loses it at that close (or
// cannot open it at all), and cannot reuse it either: the kernel has no way
// back from a pending removal.  So attach waits for it to go, then attaches
// the file anew.
#ifndef PVFSF_HELPER_ATTACH_DYING_DEVICE_H
#define PVFSF_HELPER_ATTACH_DYING_DEVICE_H

#include <chrono>

#include "control/control_device.h"

namespace pvfsf::attach {

bool is_dying(const DeviceInfo& info);

// Waits until @dying (its index, fs id and handle) is gone, or until
// @deadline: false if it is still there then.  The kernel sends no event
// a tool can wait on without udevd, so this asks INFO every 50 ms.
bool wait_device_gone(ControlDevice& control, const DeviceInfo& dying,
                      std::chrono::steady_clock::time_point deadline);

}  // namespace pvfsf::attach

#endif
