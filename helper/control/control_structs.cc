#include "control/control_structs.h"

#include <cerrno>

#include "common/error.h"

namespace pvfsf {

namespace {

// A concurrent creator could keep LIST growing forever; give up eventually.
constexpr int kMaxSizingRounds = 16;

uint64_t user_pointer(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

std::string state_name(uint32_t state) {
  switch (state) {
    case PVFSF_STATE_LIVE:
      return "live";
    case PVFSF_STATE_REMOVING:
      return "removing";
    case PVFSF_STATE_DEGRADED:
      return "degraded";
    case PVFSF_STATE_ASSEMBLING:
      return "assembling";
  }
  return "unknown(" + std::to_string(state) + ")";
}

std::string device_path(uint32_t index) {
  return "/dev/pvfsf" + std::to_string(index);
}

pvfsf_features make_features_request() {
  pvfsf_features req{};
  req.version = PVFSF_CTL_VERSION;
  return req;
}

pvfsf_create make_create_request(const CreateSpec& spec,
                                 std::vector<pvfsf_member>& members) {
  members.clear();
  bool assemble = false;
  for (const Member& m : spec.members) {
    assemble |= m.unbound();
    pvfsf_member km{};
    km.datafile_handle = m.datafile_handle;
    km.start_sector = m.start_sector;
    km.dev_major = m.dev_major;
    km.dev_minor = m.dev_minor;
    members.push_back(km);
  }
  pvfsf_create req{};
  req.version = PVFSF_CTL_VERSION;
  req.flags = (spec.read_only ? PVFSF_CREATE_READ_ONLY : 0) |
              (assemble ? PVFSF_CREATE_ASSEMBLE : 0);
  req.capacity = spec.capacity_sectors;
  req.fs_id = spec.fs_id;
  req.nr_members = static_cast<uint32_t>(members.size());
  req.handle = spec.handle;
  req.strip_size = spec.strip_size;
  req.members = user_pointer(members.data());
  return req;
}

pvfsf_remove make_remove_request(uint32_t index, bool deferred) {
  pvfsf_remove req{};
  req.version = PVFSF_CTL_VERSION;
  req.flags = deferred ? PVFSF_REMOVE_DEFERRED : 0;
  req.index = index;
  return req;
}

pvfsf_bind make_bind_request(uint32_t index, uint32_t slot,
                             const Member& member) {
  pvfsf_bind req{};
  req.version = PVFSF_CTL_VERSION;
  req.index = index;
  req.slot = slot;
  req.member.datafile_handle = member.datafile_handle;
  req.member.start_sector = member.start_sector;
  req.member.dev_major = member.dev_major;
  req.member.dev_minor = member.dev_minor;
  return req;
}

pvfsf_info make_info_request(uint32_t index,
                             std::vector<pvfsf_member>& members) {
  pvfsf_info req{};
  req.version = PVFSF_CTL_VERSION;
  req.index = index;
  req.members = user_pointer(members.data());
  req.members_len = static_cast<uint32_t>(members.size());
  return req;
}

pvfsf_list make_list_request(std::vector<uint32_t>& indices) {
  pvfsf_list req{};
  req.version = PVFSF_CTL_VERSION;
  req.indices = user_pointer(indices.data());
  req.indices_len = static_cast<uint32_t>(indices.size());
  return req;
}

std::vector<uint32_t> list_until_complete(
    const std::function<void(pvfsf_list&)>& call) {
  std::vector<uint32_t> indices;
  for (int round = 0; round < kMaxSizingRounds; ++round) {
    pvfsf_list req = make_list_request(indices);
    call(req);
    if (req.nr_devices <= indices.size()) {
      indices.resize(req.nr_devices);
      return indices;
    }
    indices.resize(req.nr_devices);
  }
  throw_errno(EAGAIN, "list: devices kept appearing while listing");
}

DeviceInfo info_until_complete(uint32_t index,
                               const std::function<void(pvfsf_info&)>& call) {
  std::vector<pvfsf_member> members;
  for (int round = 0; round < kMaxSizingRounds; ++round) {
    pvfsf_info req = make_info_request(index, members);
    call(req);
    if (req.nr_members > members.size()) {
      members.resize(req.nr_members);
      continue;
    }
    DeviceInfo info;
    info.index = index;
    info.flags = req.flags;
    info.state = req.state;
    info.fs_id = req.fs_id;
    info.handle = req.handle;
    info.strip_size = req.strip_size;
    info.capacity_sectors = req.capacity;
    info.dev_major = req.dev_major;
    info.dev_minor = req.dev_minor;
    for (uint32_t i = 0; i < req.nr_members; ++i) {
      const pvfsf_member& km = members[i];
      info.members.push_back({km.datafile_handle, km.start_sector, km.dev_major,
                              km.dev_minor, ""});
    }
    return info;
  }
  throw_errno(EAGAIN,
              "info " + std::to_string(index) + ": member count kept changing");
}

}  // namespace pvfsf
