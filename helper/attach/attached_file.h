// Which attached file a command means.  detach, commit and status take
// DEVICE|HANDLE|PATH: a device ("/dev/pvfsf0", "pvfsf0", a node or a link
// such as /dev/pvfsf/by-handle/7-1234), the file itself as PVFS names it:
// "HANDLE" or "FSID-HANDLE" (the form of the by-handle links), decimal,
// or its absolute path on an OrangeFS mount.
// Unlike pvfsf-ctl, a bare number is a file handle, never an index: the
// handle is what the pvfs2 client knows.
#ifndef PVFSF_HELPER_ATTACH_ATTACHED_FILE_H
#define PVFSF_HELPER_ATTACH_ATTACHED_FILE_H

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attach/attach_context.h"
#include "attach/run_state.h"
#include "control/control_device.h"
#include "control/device_ref.h"

namespace pvfsf::attach {

struct FileRef {
  std::optional<DeviceRef> device;  // a device was named
  std::optional<uint32_t> fs_id;    // given with the handle
  uint64_t handle = 0;              // when no device was named
  // The file was named by its path on an OrangeFS mount (fs id and
  // handle read from the mount).
  std::optional<std::filesystem::path> orangefs_path;
};

// Throws UsageError for text that is none of them, FsConfError or
// std::system_error for a path on a mount that is no regular file.
FileRef parse_file_ref(std::string_view text);

// "fs 7, handle 1234": how messages name a PVFS file.
std::string file_name(uint32_t fs_id, uint64_t handle);

struct AttachedFile {
  uint32_t fs_id = 0;
  uint64_t handle = 0;
  std::optional<DeviceInfo> device;  // nullopt: no device (any more)
  std::optional<FileRecord> record;  // nullopt: not attached by this tool
  // "/dev/pvfsf0 (fs 7, handle 1234)" or "fs 7, handle 1234".
  std::string name() const;
};

// The device of file (@fs_id, @handle), if it has one.
std::optional<DeviceInfo> device_of_file(ControlDevice& control,
                                         uint32_t fs_id, uint64_t handle);

// The device and the record of the file @ref names.  Throws AttachError
// kExitNotAttached if it has neither, UsageError if a bare handle is
// attached in more than one file system.
AttachedFile find_attached_file(ControlDevice& control, const RunState& state,
                                const FileRef& ref);

struct LockedFile {
  UniqueFd lock;
  AttachedFile file;
};

// find_attached_file(), then the file's lock, waited for kLockPatience at
// most (AttachContext::lock_file), then the file found again under it, so
// that what another command did meanwhile is seen.
LockedFile lock_attached_file(ControlDevice& control,
                              const AttachContext& context, const FileRef& ref);

}  // namespace pvfsf::attach

#endif
