#include "attach/file_commit.h"

#include <fcntl.h>
#include <unistd.h>

#include "attach/attach_error.h"
#include "attach/orangefs_file.h"
#include "attach/size_commit.h"
#include "common/error.h"

namespace pvfsf::attach {

namespace {

// Writes cached in the members (and LIO's backing files) reach the
// bstreams: fsync of a block device sends a flush, which pvfsf passes to
// every member.
void flush_device(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno(errno, "open " + path + " to flush it");
  if (::fsync(fd.get()) < 0) throw_errno(errno, "flush " + path);
}

}  // namespace

void commit_attached_file(AttachedFile& file, uint64_t size,
                          const std::optional<std::filesystem::path>& path,
                          AttachContext& context) {
  if (!file.record)
    throw AttachError(kExitNotAttached,
                      file.name() +
                          ": no record of its layout (it was not attached "
                          "by pvfs-stripe-attach): cannot commit a size");
  if (file.device) flush_device(device_path(file.device->index));
  if (path) file.record->orangefs_path = path->string();
  if (file.record->orangefs_path) {
    file.record->layout.size = commit_orangefs_size(
        *file.record->orangefs_path, file.fs_id, file.handle, size);
  } else {
    commit_file_size(file.record->layout, size, context.cluster_key(),
                     context.service_timeout);
    file.record->layout.size = size;
  }
  context.state.save_file(*file.record);
}

void commit_file(const FileRef& ref, uint64_t size, AttachContext& context) {
  ControlDevice control = context.open_control();
  LockedFile locked = lock_attached_file(control, context, ref);
  commit_attached_file(locked.file, size, ref.orangefs_path, context);
}

}  // namespace pvfsf::attach
