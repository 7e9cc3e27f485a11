// detach, and the release of members whose device is gone.
//
//   1. Find the file, take its lock (another command on it is waited for
//      30 s at most), and read its device and record again under it.
//   2. With a size: commit it first (file_commit.h), while the device can
//      still be flushed.
//   3. Remove the device: refused while it is open, unless lazy, which
//      leaves it to the kernel to remove at the last close.
//   4. Release the members (member_release.h): delete the SCSI disks, ask
//      the servers to unexport, drop the record.  Sessions stay for the next
//      file; `logout --idle` ends them.
//   5. A file attached by its path on an OrangeFS mount: the mount's cached
//      pages of it are dropped (orangefs_file.h).
//
// A lazily detached device is released by `cleanup`, which the udev rule
// runs when a pvfsf device goes away; it releases every file whose record
// outlived its device (also one an interrupted attach or detach left).
#ifndef PVFSF_HELPER_ATTACH_FILE_DETACH_H
#define PVFSF_HELPER_ATTACH_FILE_DETACH_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attach/attach_context.h"
#include "attach/attached_file.h"

namespace pvfsf::attach {

struct DetachOptions {
  bool lazy = false;
  std::optional<uint64_t> size;  // commit this size first
  // Leave the mount's cached pages of the file: the orangefs module of
  // blk/orangefs/ keeps them coherent with a device it used itself, and
  // the open that dropping them needs would ask it to attach again.
  bool keep_cache = false;
};

enum class DetachResult {
  kDetached,  // device gone, members released
  kDeferred,  // the device is open: it goes at its last close
};

// Throws AttachError (kExitNotAttached, kExitBusy, kExitServer...).
DetachResult detach_file(const FileRef& ref, const DetachOptions& options,
                         AttachContext& context);

// Releases the members of every recorded file that has no device, or an
// assembling one its killed attach left (removed first); returns their
// names.  A file whose lock another command holds is left to it.  A file
// that cannot be released is reported on the context's log and kept for
// the next run; then AttachError is thrown after the others are done.
std::vector<std::string> release_orphans(AttachContext& context);

}  // namespace pvfsf::attach

#endif
