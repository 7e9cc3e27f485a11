// Binding a member disk into the device that waits for its datafile, as
// udev reports the disk: the pattern of mdadm --incremental.  Short and
// local: sysfs and the control device, no network, and no run-state lock
// (an attach that holds it may be waiting for this very bind).
//
//  1. The disk: a block device whose SCSI unit serial names a PVFS
//     datafile (fs id, handle); anything else is refused.
//  2. The device one of whose slots holds that datafile.
//  3. The slot: unbound (the device is assembling) or its member lost (the
//     device is degraded): the disk is bound there.  Bound to this very
//     disk: nothing to do.  Bound to another live disk, or no device holds
//     the datafile: the disk is left alone.
#ifndef PVFSF_HELPER_ATTACH_INCREMENTAL_BIND_H
#define PVFSF_HELPER_ATTACH_INCREMENTAL_BIND_H

#include <string>

#include "attach/scsi_disk.h"
#include "control/control_device.h"

namespace pvfsf::attach {

struct IncrementalResult {
  enum class Action { kBound, kAlreadyBound, kLeftAlone };
  Action action;
  std::string message;  // one line: what was done, or why nothing was
};

// Throws AttachError: kExitBadMember for a disk that names no datafile,
// cli::kExitFailed when the kernel refuses the bind (the message says why).
IncrementalResult bind_incremental(const Sysfs& sysfs, ControlDevice& control,
                                   const std::string& devnode);

}  // namespace pvfsf::attach

#endif
