// Giving a file's datafiles back: the client deletes the SCSI disks, then
// the servers unexport the LUNs.  In that order: a session rescan never
// removes a LUN that is gone, so a disk left behind would sit at a LUN
// number the server hands to the next datafile it exports (see
// stale_disk_problem()).
#ifndef PVFSF_HELPER_ATTACH_MEMBER_RELEASE_H
#define PVFSF_HELPER_ATTACH_MEMBER_RELEASE_H

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "attach/scsi_disk.h"
#include "protocol/cluster_key.h"
#include "layout/layout.h"

namespace pvfsf::attach {

// The SCSI disks whose unit serials name datafiles of file system @fs_id:
// datafile handle -> disk names ("sdb").  Disks being removed are skipped.
std::map<uint64_t, std::set<std::string>> datafile_disks(const Sysfs& sysfs,
                                                         uint32_t fs_id);

// Makes the kernel forget SCSI disk @name (writes its device/delete).  A
// disk that is gone already is no error.  Throws system_error.
void delete_scsi_disk(const Sysfs& sysfs, const std::string& name);

// Deletes every SCSI disk whose unit serial names one of @handles of file
// system @fs_id.  Throws system_error.
void delete_datafile_disks(const Sysfs& sysfs, uint32_t fs_id,
                           const std::set<uint64_t>& handles);

// Deletes the disks of @handles (datafiles of @layout), then asks their
// servers to unexport them.  Throws AttachError kExitServer naming the
// server for a service that cannot be reached or refuses.
void release_datafiles(const Sysfs& sysfs, const layout::Layout& layout,
                       const std::set<uint64_t>& handles,
                       const lun_export::ClusterKey& key,
                       std::chrono::milliseconds timeout);

}  // namespace pvfsf::attach

#endif
