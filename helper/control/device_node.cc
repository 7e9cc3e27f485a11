#include "control/device_node.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <thread>

#include "common/error.h"

namespace pvfsf {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Used only when inotify is unavailable.
constexpr milliseconds kPollInterval{20};

enum class NodeState { kAbsent, kOurs, kOther };

NodeState node_state(const std::string& path, dev_t dev) {
  struct stat st;
  if (::lstat(path.c_str(), &st) < 0) {
    if (errno == ENOENT) return NodeState::kAbsent;
    throw_errno(errno, "stat " + path);
  }
  return S_ISBLK(st.st_mode) && st.st_rdev == dev ? NodeState::kOurs
                                                  : NodeState::kOther;
}

void make_node(const std::string& path, dev_t dev) {
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) {
    // A node of an earlier device at the same index may be left over where
    // nobody cleans /dev; anything else is not ours to delete.
    if (!S_ISBLK(st.st_mode))
      throw_errno(EEXIST, path + " exists and is no block device node");
    if (::unlink(path.c_str()) < 0) throw_errno(errno, "unlink stale " + path);
  }
  // Mode as devtmpfs gives disks: root only.
  if (::mknod(path.c_str(), S_IFBLK | 0600, dev) < 0 && errno != EEXIST)
    throw_errno(errno, "mknod " + path);
  if (node_state(path, dev) != NodeState::kOurs)
    throw_errno(EEXIST, path + " was replaced by another node while made");
}

}  // namespace

DevWatch::DevWatch() : inotify_(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
  if (inotify_ && ::inotify_add_watch(inotify_.get(), "/dev",
                                      IN_CREATE | IN_ATTRIB | IN_MOVED_TO) < 0)
    inotify_.reset();
}

void DevWatch::wait(milliseconds timeout) {
  if (!inotify_) {
    std::this_thread::sleep_for(std::min(timeout, kPollInterval));
    return;
  }
  pollfd pfd{inotify_.get(), POLLIN, 0};
  if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return;
  // Drain: the caller looks at /dev itself, the events only wake it.
  std::array<char, 4096> events;
  while (::read(inotify_.get(), events.data(), events.size()) > 0) {
  }
}

bool udev_is_running() { return ::access("/run/udev/control", F_OK) == 0; }

NodeOrigin ensure_device_node(DevWatch& watch, const std::string& path,
                              dev_t dev, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (node_state(path, dev) != NodeState::kOurs) {
    const auto left =
        std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    // devtmpfs has made the node before the ioctl returned, if it is
    // mounted; only udev could still be on its way.
    if (!udev_is_running() || left <= milliseconds::zero()) {
      make_node(path, dev);
      return NodeOrigin::kCreated;
    }
    watch.wait(left);
  }
  return NodeOrigin::kFound;
}

void remove_stale_device_node(const std::string& path, dev_t dev) {
  if (udev_is_running() || node_state(path, dev) != NodeState::kOurs) return;
  if (::unlink(path.c_str()) < 0 && errno != ENOENT)
    throw_errno(errno, "unlink " + path);
}

}  // namespace pvfsf
