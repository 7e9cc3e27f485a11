// What the control device is asked and answers, in C++ terms, and the
// translation to and from the kernel's structs.  Kept apart from the ioctl
// calls so that the translation can be tested without a kernel.
#ifndef PVFSF_HELPER_CONTROL_CONTROL_STRUCTS_H
#define PVFSF_HELPER_CONTROL_CONTROL_STRUCTS_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <linux/pvfsf.h>

namespace pvfsf {

// One datafile of a file, in layout order.
struct Member {
  uint64_t datafile_handle = 0;  // PVFS handle of the datafile
  uint64_t start_sector = 0;     // where it begins on the device, 512 B units
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  std::string path;  // as the user named it, for messages; may be empty

  // Device 0:0: a slot a CREATE leaves for BIND to fill (PVFSF_FEAT_ASSEMBLE).
  bool unbound() const { return dev_major == 0 && dev_minor == 0; }
};

struct CreateSpec {
  uint32_t fs_id = 0;       // PVFS collection id
  uint64_t handle = 0;      // PVFS handle of the metafile
  uint64_t strip_size = 0;  // bytes
  bool read_only = false;
  // 512-byte sectors; 0: the most the members hold.  Required when a member
  // is unbound: the device then assembles, and BIND checks each disk
  // against it.
  uint64_t capacity_sectors = 0;
  std::vector<Member> members;
};

struct DeviceInfo {
  uint32_t index = 0;  // N of /dev/pvfsfN
  uint32_t flags = 0;  // PVFSF_INFO_*
  uint32_t state = 0;  // enum pvfsf_state
  uint32_t fs_id = 0;
  uint64_t handle = 0;
  uint64_t strip_size = 0;        // bytes
  uint64_t capacity_sectors = 0;  // 512-byte sectors
  uint32_t dev_major = 0;         // of /dev/pvfsfN
  uint32_t dev_minor = 0;
  std::vector<Member> members;  // without paths: the kernel knows numbers

  bool read_only() const { return flags & PVFSF_INFO_READ_ONLY; }
  bool remove_on_close() const { return flags & PVFSF_INFO_REMOVE_ON_CLOSE; }
};

// "live", "removing", "degraded", "assembling", or "unknown(N)".
std::string state_name(uint32_t state);

// "/dev/pvfsfN".
std::string device_path(uint32_t index);

// The kernel structs, version set, every other field zero unless given.
// Pointer fields point into the vectors passed, which must outlive the call.
pvfsf_features make_features_request();
pvfsf_create make_create_request(const CreateSpec& spec,
                                 std::vector<pvfsf_member>& members);
pvfsf_remove make_remove_request(uint32_t index, bool deferred);
pvfsf_bind make_bind_request(uint32_t index, uint32_t slot,
                             const Member& member);
pvfsf_info make_info_request(uint32_t index,
                             std::vector<pvfsf_member>& members);
pvfsf_list make_list_request(std::vector<uint32_t>& indices);

// INFO and LIST report how many entries exist and fill only as many as there
// is room for, so both are called until the room suffices; the set may grow
// between calls.  @call does the ioctl and throws on failure.
std::vector<uint32_t> list_until_complete(
    const std::function<void(pvfsf_list&)>& call);
DeviceInfo info_until_complete(uint32_t index,
                               const std::function<void(pvfsf_info&)>& call);

}  // namespace pvfsf

#endif
