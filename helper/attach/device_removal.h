// Removing /dev/pvfsfN when udevd runs.  udevd's workers open every new or
// changed disk for as long as its rules run (blkid, the by-handle link), so
// a removal soon after a create can be refused with EBUSY by udev itself,
// not by a user of the device.  While udevd has events queued or running, a
// refused removal is tried again until the queue drains, as
// `dmsetup remove --retry` does for device-mapper.
#ifndef PVFSF_HELPER_ATTACH_DEVICE_REMOVAL_H
#define PVFSF_HELPER_ATTACH_DEVICE_REMOVAL_H

#include <chrono>
#include <cstdint>

#include "control/control_device.h"

namespace pvfsf::attach {

// Removes device @index.  If it stays open once udev's queue is empty (or
// after @patience), throws the EBUSY system_error: someone really uses it.
// @deferred: an open device is removed at its last close instead.
void remove_device(
    ControlDevice& control, uint32_t index, bool deferred,
    std::chrono::milliseconds patience = std::chrono::seconds(10));

}  // namespace pvfsf::attach

#endif
