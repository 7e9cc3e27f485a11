// Is this disk the datafile it should be?  A member is taken only if its
// unit serial names the datafile, it came through its server's session at
// the LUN the server gave the datafile, it holds the whole LUN size, and it
// is bare (no signature libblkid knows).  Pure functions: the unit tests
// feed them disks read from fixture trees.
#ifndef PVFSF_HELPER_ATTACH_MEMBER_CHECK_H
#define PVFSF_HELPER_ATTACH_MEMBER_CHECK_H

#include <cstdint>
#include <string>

#include "attach/blkid_probe.h"
#include "attach/scsi_disk.h"

namespace pvfsf::attach {

struct MemberExpectation {
  std::string server;   // its name in the layout
  uint64_t handle = 0;  // the datafile's
  std::string serial;   // the unit serial its LUN carries
  uint32_t sid = 0;     // the iSCSI session to its server
  uint64_t lun = 0;     // the LUN number the server gave it
  uint64_t size = 0;    // bytes the LUN was exported with
};

// Why @disk, which carries the wanted serial, is not the member (another
// session, another LUN), or "".
std::string placement_problem(const MemberExpectation& want,
                              const ScsiDisk& disk);

// @disk sits at the member's LUN of its session.  If its serial names
// another datafile, the disk is stale (its LUN was unexported and the
// number given to this datafile while the disk stayed): the message, else
// "".
std::string stale_disk_problem(const MemberExpectation& want,
                               const ScsiDisk& disk);

// Why what libblkid found on the disk @name rules it out as the member: too
// small, a logical block size the strip is not a multiple of, or a
// signature (unless @force).  "" if it is fit.
std::string content_problem(const MemberExpectation& want,
                            const std::string& name, const ProbeResult& probe,
                            uint64_t strip_size, bool force);

}  // namespace pvfsf::attach

#endif
