// /dev/pvfsfN nodes.  devtmpfs creates a disk's node before the CREATE ioctl
// returns, udev may create or adjust it a little later, and a guest with
// neither needs us to make it.  So: watch /dev from before the ioctl (no
// event can be missed), wait a bounded time if udev runs, and fall back to
// mknod from the major:minor that INFO reports.
#ifndef PVFSF_HELPER_CONTROL_DEVICE_NODE_H
#define PVFSF_HELPER_CONTROL_DEVICE_NODE_H

#include <sys/types.h>

#include <chrono>
#include <string>

#include "common/unique_fd.h"

namespace pvfsf {

// An inotify watch on /dev.  Construct it before the call that makes the
// device.  Without inotify it degrades to short sleeps.
class DevWatch {
 public:
  DevWatch();
  // Returns when something in /dev was created, renamed in or changed
  // attributes, or when @timeout has passed, whichever comes first.
  void wait(std::chrono::milliseconds timeout);

 private:
  UniqueFd inotify_;
};

// Whether a udev daemon runs: libudev's own test is this socket.
bool udev_is_running();

enum class NodeOrigin { kFound, kCreated };

// Make sure @path is the block node of @dev: found (within @timeout if udev
// runs) or made with mknod, replacing a stale node left by an earlier device.
// Throws system_error.
NodeOrigin ensure_device_node(DevWatch& watch, const std::string& path,
                              dev_t dev, std::chrono::milliseconds timeout);

// After a device went away: with no udev and no devtmpfs nobody else deletes
// the node we may have made, so delete @path if it is still @dev's node.
void remove_stale_device_node(const std::string& path, dev_t dev);

}  // namespace pvfsf

#endif
