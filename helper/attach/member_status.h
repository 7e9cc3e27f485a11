// What `status` shows of a device's members: for each, the SCSI disk behind
// it, the server and session it comes through, and its I/O counters, read
// from sysfs (the disk's stat file, as iostat reads it, and the SCSI
// device's error count).
#ifndef PVFSF_HELPER_ATTACH_MEMBER_STATUS_H
#define PVFSF_HELPER_ATTACH_MEMBER_STATUS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "attach/run_state.h"
#include "attach/scsi_disk.h"
#include "control/control_structs.h"

namespace pvfsf::attach {

// The first fields of /sys/block/<disk>/stat (Documentation/block/stat.rst).
struct IoCounters {
  uint64_t read_ios = 0;
  uint64_t read_sectors = 0;
  uint64_t write_ios = 0;
  uint64_t write_sectors = 0;
  uint64_t in_flight = 0;
};
// Parses a stat file's text; nullopt if it has fewer than 9 numbers.
std::optional<IoCounters> parse_block_stat(const std::string& text);

struct MemberStatus {
  uint64_t datafile_handle = 0;
  std::string disk;    // "sdb", "" if no block device has its number
  std::string devnum;  // "8:16"
  std::string server;  // from the record, "" without one
  std::optional<std::string> serial;
  std::optional<uint32_t> sid;
  std::string target;         // the session's, "" if none
  std::string portal;         // idem
  std::string session_state;  // "LOGGED_IN", "FAILED"..., "" if none
  std::optional<IoCounters> io;
  std::optional<uint64_t> io_errors;  // device/ioerr_cnt
};

// `status --json`'s members: {"reads", "read_bytes", "writes",
// "write_bytes", "in_flight"} (bytes, not sectors), and a member's fields
// under the names docs/pvfs-stripe-attach.8.md gives them, null for what
// is unknown ("" and nullopt alike).
void to_json(nlohmann::json& out, const IoCounters& io);
void to_json(nlohmann::json& out, const MemberStatus& member);

// @record may be null (a device made with pvfsf-ctl).
std::vector<MemberStatus> member_status(const Sysfs& sysfs,
                                        const DeviceInfo& device,
                                        const FileRecord* record);

}  // namespace pvfsf::attach

#endif
