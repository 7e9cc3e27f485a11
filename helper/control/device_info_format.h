// How pvfsf-ctl shows devices: aligned text for people, JSON for scripts.
// JSON numbers are exact decimal integers, handles included (all 64 bits).
// to_json() fills an ordered_json: keys print in the order listed below,
// "device" first, not sorted as nlohmann::json would sort them.
#ifndef PVFSF_HELPER_CONTROL_DEVICE_INFO_FORMAT_H
#define PVFSF_HELPER_CONTROL_DEVICE_INFO_FORMAT_H

#include <ostream>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "control/control_structs.h"

namespace pvfsf {

// {"datafile_handle", "start_sector", "dev_major", "dev_minor"}; the path
// is left out, the kernel does not know it.
void to_json(nlohmann::ordered_json& out, const Member& member);
// {"device", "index", "dev_major", "dev_minor", "fs_id", "handle",
// "strip_size", "capacity_sectors", "state", "read_only",
// "remove_on_close", "members"}.
void to_json(nlohmann::ordered_json& out, const DeviceInfo& info);

void print_info_text(std::ostream& out, const DeviceInfo& info);
// One line: the compact JSON of @info.
void print_info_json(std::ostream& out, const DeviceInfo& info);

// One line per device under a header line.
void print_list_text(std::ostream& out, const std::vector<DeviceInfo>& infos);
// One line: a JSON array of the objects print_info_json() writes.
void print_list_json(std::ostream& out, const std::vector<DeviceInfo>& infos);

}  // namespace pvfsf

#endif
