// attach: a file's layout in, a live /dev/pvfsfN out.  The steps (marked
// in file_attach.cc):
//
//   1. Under the file's lock (run_state.h: one file's, not the client's),
//      a file that has a device already gets that device back: attach is
//      idempotent.  A device that is going (dying_device.h) is waited for
//      instead, and the file attached anew.
//   2. The file's record is written (run_state.h), so that an attach killed
//      from here on leaves something `cleanup` can release.
//   3. A udev monitor of block disks is armed before anything can make one.
//      With systemd-udevd running, the device is created now, every slot
//      unbound (`assembling`), and udev/61-pvfsf-member.rules binds each
//      disk into it as the disk appears (`incremental`).
//   4. Each server's export service exports the file's datafiles on it, as
//      LUNs of lun_size() bytes (the file's extent, or the larger one asked
//      for), and says which LUN each got, on which target and portal.
//   5. One iSCSI session per server: the one that is logged in is reused,
//      else discovery and login (SessionPool), under the session's lock
//      (session_use.h).  Sessions are shared by all files of the server and
//      outlive the attach.
//   6. Over a reused session each LUN of ours is scanned alone, or the disk
//      already at it revalidated (lun_scan.h); a new login has scanned the
//      whole target.  A disk that keeps a serial naming another datafile
//      is stale, and refused.
//   7. The member disks are waited for by unit serial (the monitor of step
//      3), each in its server's session at the LUN the server gave it.
//   8. libblkid probes each: whole LUN size, a logical block size the strip
//      is a multiple of, no signature unless forced.
//   9. /dev/pvfsf-control creates the device over the members in datafile
//      order; its node is waited for (or made).  A device udev assembles
//      gets the disks no event has bound yet bound here, and every slot
//      checked to hold the disk found for it.  Both ways the device has
//      the same members and capacity (lun_size() x datafiles).
//
// A failure at any step undoes what this attach did, last first: the
// device, the disks that appeared for LUNs it exported, the sessions it
// logged in, the LUNs it exported, the record.  Sessions it reused and LUNs
// exported before are left alone.
#ifndef PVFSF_HELPER_ATTACH_FILE_ATTACH_H
#define PVFSF_HELPER_ATTACH_FILE_ATTACH_H

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "attach/attach_context.h"
#include "layout/layout.h"

namespace pvfsf::attach {

struct AttachOptions {
  bool read_only = false;
  bool force = false;   // take members that carry a signature
  uint64_t extent = 0;  // bytes the file may grow to through the device
  // The limit of each wait: the file's lock, a dying device, each
  // session's lock, discovery and login, the member disks.
  std::chrono::seconds timeout{30};
  // The file's path on an OrangeFS mount, when attached by it: recorded,
  // so that its size is committed there (orangefs_file.h).
  std::optional<std::string> orangefs_path;
};

struct AttachOutcome {
  uint32_t index = 0;            // N of /dev/pvfsfN
  bool attached_before = false;  // step 1 found it
};

// Throws AttachError (exit codes of attach_error.h), UsageError.
AttachOutcome attach_file(const layout::Layout& layout,
                          const AttachOptions& options, AttachContext& context);

}  // namespace pvfsf::attach

#endif
