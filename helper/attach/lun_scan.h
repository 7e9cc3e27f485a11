// Bringing in the LUNs of one file over a session that is up already,
// without touching the session's other LUNs.  iscsiadm's session rescan
// asks for REPORT LUNS and also revalidates every disk of the session, a
// cost that grows with the files attached from that server; an attach
// needs only its own LUNs: each is scanned alone (the SCSI host's scan
// file, "CHANNEL TARGET LUN", which iSCSI turns into a scan of that one LUN
// of that one session), and a disk already at one of them is revalidated
// (its device/rescan: the kernel reads its VPD pages, so its unit serial,
// and its capacity again), since the server may have given the number to
// another datafile or grown the LUN since the disk appeared.
#ifndef PVFSF_HELPER_ATTACH_LUN_SCAN_H
#define PVFSF_HELPER_ATTACH_LUN_SCAN_H

#include <cstdint>
#include <string>

#include "attach/scsi_disk.h"

namespace pvfsf::attach {

// Where session @sid's LUN @lun is scanned: "/sys/class/scsi_host/hostH/scan"
// and "0 T L" (channel 0, the session's target_id).  Throws
// std::runtime_error if sysfs has no such session.
struct LunScan {
  std::string scan_file;
  std::string request;
};
LunScan lun_scan_request(const Sysfs& sysfs, uint32_t sid, uint64_t lun);

// Scans that one LUN.  The disk appears asynchronously (a udev monitor
// armed before sees it).  Throws system_error.
void scan_session_lun(const Sysfs& sysfs, uint32_t sid, uint64_t lun);

// Revalidates SCSI disk @name.  Throws system_error.
void revalidate_disk(const Sysfs& sysfs, const std::string& name);

}  // namespace pvfsf::attach

#endif
