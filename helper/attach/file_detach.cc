#include "attach/file_detach.h"

#include <sys/sysmacros.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <set>
#include <system_error>

#include "attach/attach_error.h"
#include "attach/device_removal.h"
#include "attach/file_commit.h"
#include "attach/member_release.h"
#include "attach/orangefs_file.h"
#include "cli/command.h"
#include "control/device_node.h"

namespace pvfsf::attach {

namespace {

// Step 4.  The device is gone.
void release(const AttachedFile& file, AttachContext& context) {
  if (!file.record) {
    *context.log << context.program << " detach: " << file.name()
                 << ": no record of its servers (not attached by "
                    "pvfs-stripe-attach): its "
                    "member disks and LUNs are left as they are"
                 << std::endl;
    return;
  }
  std::set<uint64_t> handles;
  for (const layout::Datafile& d : file.record->layout.datafiles)
    handles.insert(d.handle);
  release_datafiles(context.sysfs, file.record->layout, handles,
                    context.cluster_key(), context.service_timeout);
  context.state.remove_file(file.fs_id, file.handle);
}

// Step 5.  Writes through the device bypassed the mount's page cache.
void drop_mount_cache(const AttachedFile& file, const FileRef& ref,
                      AttachContext& context) {
  const std::optional<std::string> path =
      ref.orangefs_path ? ref.orangefs_path->string()
                        : file.record ? file.record->orangefs_path
                                      : std::nullopt;
  if (path && !drop_orangefs_cache(*path, file.fs_id, file.handle))
    *context.log << context.program << " detach: " << *path
                 << " is no longer " << file.name()
                 << ": drop its cached pages on the mount yourself" << std::endl;
}

}  // namespace

DetachResult detach_file(const FileRef& ref, const DetachOptions& options,
                         AttachContext& context) {
  // 1.
  ControlDevice control = context.open_control();
  LockedFile locked = lock_attached_file(control, context, ref);
  AttachedFile& file = locked.file;

  // 2.
  if (options.size)
    commit_attached_file(file, *options.size, ref.orangefs_path, context);

  // 3.
  if (file.device) {
    const DeviceInfo& info = *file.device;
    const std::string path = device_path(info.index);
    try {
      remove_device(control, info.index, options.lazy);
    } catch (const std::system_error& e) {
      if (e.code().value() == EBUSY)
        throw AttachError(kExitBusy,
                          path +
                              " is open: close it first, or detach --lazy to "
                              "detach it at its last close");
      throw;
    }
    if (options.lazy && control.find_info(info.index))
      return DetachResult::kDeferred;
    remove_stale_device_node(path, makedev(info.dev_major, info.dev_minor));
  }

  // 4.
  release(file, context);
  if (!options.keep_cache) drop_mount_cache(file, ref, context);
  return DetachResult::kDetached;
}

std::vector<std::string> release_orphans(AttachContext& context) {
  ControlDevice control = context.open_control();
  std::vector<std::string> released;
  unsigned failed = 0;
  for (const FileRecord& listed : context.state.files()) {
    const uint32_t fs_id = listed.layout.fs_id;
    const uint64_t handle = listed.layout.handle;
    // Held: an attach, detach or commit of the file is under way and
    // finishes the job itself (an attach makes the device or undoes its
    // record, a detach releases).  A killed one holds nothing.
    const auto lock = context.state.lock_file(
        fs_id, handle, std::chrono::steady_clock::now());
    if (!lock) continue;
    // Under the lock, as the command before us left it.
    const auto record = context.state.load_file(fs_id, handle);
    if (!record) continue;
    const std::optional<DeviceInfo> device =
        device_of_file(control, fs_id, handle);
    // An attach holds the lock until its device is live, or removed by its
    // rollback: an assembling device whose lock is free is one a killed
    // attach made (with udevd, before its exports), and goes too.
    if (device && device->state != PVFSF_STATE_ASSEMBLING) continue;
    AttachedFile file{fs_id, handle, std::nullopt, record};
    try {
      if (device) {
        remove_device(control, device->index, false);
        remove_stale_device_node(
            device_path(device->index),
            makedev(device->dev_major, device->dev_minor));
      }
      release(file, context);
      released.push_back(file.name());
    } catch (const std::exception& e) {
      *context.log << context.program << " cleanup: " << file.name() << ": "
                   << e.what() << std::endl;
      failed++;
    }
  }
  if (failed)
    throw AttachError(cli::kExitFailed,
                      std::to_string(failed) +
                          " file(s) could not be released; they are kept for "
                          "the next cleanup");
  return released;
}

}  // namespace pvfsf::attach
