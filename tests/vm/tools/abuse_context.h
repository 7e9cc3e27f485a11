// What the cases of pvfsf-ioctl-abuse share: the control device, the member
// devices, well-formed requests to spoil, a device to collide with, and the
// clean-up of anything the kernel should have refused but made.
#ifndef PVFSF_TOOLS_ABUSE_CONTEXT_H
#define PVFSF_TOOLS_ABUSE_CONTEXT_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "control/control_structs.h"
#include "control/device_node.h"
#include "common/unique_fd.h"

namespace pvfsf::tools {

struct MemberDev {
  std::string path;
  uint32_t major = 0;
  uint32_t minor = 0;
  uint64_t sectors = 0;  // 512-byte sectors
  uint32_t block = 0;    // logical block size, bytes
};

// A CREATE request with its own member array.  members_pointer_fixed keeps
// a case's deliberately bad req.members instead of pointing at @members.
struct CreateRequest {
  pvfsf_create req{};
  std::vector<pvfsf_member> members;
  bool members_pointer_fixed = false;
};

class AbuseContext {
 public:
  static constexpr int kSkip = -1;  // a case's result when it cannot run
  static constexpr uint32_t kFsId = 0x5eed;
  static constexpr uint64_t kStrip = 64 << 10;

  // The members, unused block devices, sorted into roles by size and
  // block size: the first and every one like it (at least three are
  // needed) are plain members; one of the first's block size but more than
  // a strip shorter is the "small" one; one with larger logical blocks is
  // the "big-block" one.  Throws UsageError if there are not three plain
  // members or one fits no role, system_error if one cannot be probed.
  AbuseContext(const std::string& control_path,
               const std::vector<std::string>& member_paths);
  // Removes the fixture, if it is still there.
  ~AbuseContext();

  const MemberDev& member(size_t i) const { return members_.at(i); }
  const MemberDev* small() const { return small_ ? &*small_ : nullptr; }
  const MemberDev* big_block() const {
    return big_block_ ? &*big_block_ : nullptr;
  }

  // ioctl(@request, @arg): 0 or the errno.
  int raw(unsigned long request, void* arg);

  // Members 1 and 2, strip kStrip, a handle no device has: the kernel must
  // accept this as it stands.
  CreateRequest valid_create();
  // Plain member @i as a CREATE entry, datafile handle 1000 + i.
  pvfsf_member member_entry(size_t i) const;
  pvfsf_member entry_for(const MemberDev& m, uint64_t datafile_handle) const;
  // Sends @r (with @request, default PVFSF_IOC_CREATE); a device it makes
  // is removed at once (remove_device).  0 or the errno.
  int create(CreateRequest& r, unsigned long request = PVFSF_IOC_CREATE);

  // A device over member 0 that cases collide with, made on first use,
  // with its node.  Throws system_error if it cannot be made.
  const DeviceInfo& fixture();
  // An index no device has.
  uint32_t missing_index();
  // An address no user-space access can succeed on.
  uint64_t bad_pointer() const;

  // Returns kSkip, remembering @why for the report.
  int skip(std::string why) {
    skip_reason = std::move(why);
    return kSkip;
  }
  std::string skip_reason;

  // Removes the devices there now that were not there at the start (bar
  // the fixture) and returns their indices.
  std::vector<uint32_t> remove_leaked_devices();

  // Removes the fixture, if one was made, and waits until it is gone.
  // Throws system_error if it cannot be removed or does not go in time.
  void remove_fixture();

 private:
  uint64_t fresh_handle();
  std::vector<uint32_t> list_devices();
  // Removes device @index and returns once it is gone: 0, the errno of
  // REMOVE or INFO, or ETIMEDOUT.  A device is not only ours to open:
  // udevd's worker opens every new disk (and holds a shared flock on it)
  // while it runs the rules for its add and change events, so a plain
  // REMOVE right after CREATE can get EBUSY.  The REMOVE is therefore
  // deferred, which the kernel carries out at once if no one has the disk
  // open, else at the last close, from a work item: hence the wait until
  // INFO no longer finds @index (by then the disk is out of sysfs).
  int remove_device(uint32_t index);

  UniqueFd control_;
  std::vector<MemberDev> members_;
  std::optional<MemberDev> small_;
  std::optional<MemberDev> big_block_;
  std::vector<uint32_t> devices_at_start_;
  std::optional<DeviceInfo> fixture_;
  DevWatch dev_watch_;
  void* bad_page_ = nullptr;
  uint64_t next_handle_;
};

}  // namespace pvfsf::tools

#endif
