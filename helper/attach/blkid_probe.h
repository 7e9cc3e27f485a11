// What a disk holds, as libblkid sees it: its size, its logical sector size
// and every filesystem, RAID, crypto or partition-table signature on it.  A
// datafile's LUN must be bare: the attach refuses a disk with a signature
// (unless --force), since striping over it would destroy what the
// signature describes, or a wrong LUN was found.
#ifndef PVFSF_HELPER_ATTACH_BLKID_PROBE_H
#define PVFSF_HELPER_ATTACH_BLKID_PROBE_H

#include <blkid.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/unique_fd.h"

namespace pvfsf::attach {

struct BlkidProbeFree {
  void operator()(blkid_probe probe) const { blkid_free_probe(probe); }
};
using BlkidProbePtr = std::unique_ptr<blkid_struct_probe, BlkidProbeFree>;

struct Signature {
  std::string type;   // "ext4", "linux_raid_member", "dos", "gpt"...
  std::string usage;  // "filesystem", "raid", "crypto", "other",
                      // "partition table"
  uint64_t offset = 0;  // bytes from the start of the device to its magic
  std::string str() const;  // "ext4 (filesystem) at offset 1080"
};

struct ProbeResult {
  uint64_t size_bytes = 0;
  uint32_t logical_sector_size = 0;
  std::vector<Signature> signatures;  // in the order libblkid found them
  bool bare() const { return signatures.empty(); }
  // "" when bare, else "ext4 (filesystem) at offset 1080, ...".
  std::string describe_signatures() const;
};

// {"type", "usage", "offset"}, as pvfsf-attach-probe prints it.
void to_json(nlohmann::json& out, const Signature& signature);

// Opens @path read-only (a block device or, for tests, a regular file) and
// probes it with the superblocks and partitions chains enabled, as
// `wipefs --no-act` does: every signature, not only the first, and one
// whose checksum is bad counts too.  Throws system_error naming @path.
ProbeResult probe_device(const std::string& path);

// The same on an open descriptor; @name is for messages.
ProbeResult probe_fd(int fd, const std::string& name);

}  // namespace pvfsf::attach

#endif
