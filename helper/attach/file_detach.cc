#include "attach/file_detach.h"

#include <sys/sysmacros.h>

#include <cerrno>
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

bool device_exists(ControlDevice& control, uint32_t index) {
  try {
    control.info(index);
    return true;
  } catch (const std::system_error& e) {
    if (e.code().value() == ENODEV || e.code().value() == ENXIO) return false;
    throw;
  }
}

}  // namespace

DetachResult detach_file(const FileRef& ref, const DetachOptions& options,
                         AttachContext& context) {
  // 1.
  ControlDevice control = context.open_control();
  const UniqueFd lock = context.state.lock();
  AttachedFile file = find_attached_file(control, context.state, ref);

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
    if (options.lazy && device_exists(control, info.index))
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
  const UniqueFd lock = context.state.lock();
  std::set<std::pair<uint32_t, uint64_t>> live;
  for (const DeviceInfo& info : control.infos())
    live.emplace(info.fs_id, info.handle);
  std::vector<std::string> released;
  unsigned failed = 0;
  for (FileRecord& record : context.state.files()) {
    if (live.count({record.layout.fs_id, record.layout.handle})) continue;
    AttachedFile file{record.layout.fs_id, record.layout.handle, std::nullopt,
                      record};
    try {
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
