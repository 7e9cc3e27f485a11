#include "attach/device_removal.h"

#include <cerrno>
#include <system_error>
#include <thread>

#include "attach/udev.h"

namespace pvfsf::attach {

void remove_device(ControlDevice& control, uint32_t index, bool deferred,
                   std::chrono::milliseconds patience) {
  if (deferred) {
    control.remove(index, true);
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + patience;
  const Udev udev;
  for (;;) {
    // Read before the attempt: an empty queue then means a refusal that
    // follows is not udev's doing.
    const bool udev_idle = udev_queue_is_empty(udev);
    try {
      control.remove(index, false);
      return;
    } catch (const std::system_error& e) {
      if (e.code().value() != EBUSY || udev_idle ||
          std::chrono::steady_clock::now() >= deadline)
        throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace pvfsf::attach
