// How pvfsf-ctl shows devices: aligned text for people, JSON for scripts.
// JSON numbers are exact decimal integers, handles included (all 64 bits).
#ifndef PVFSF_HELPER_CONTROL_DEVICE_INFO_FORMAT_H
#define PVFSF_HELPER_CONTROL_DEVICE_INFO_FORMAT_H

#include <ostream>
#include <vector>

#include "control/control_structs.h"

namespace pvfsf {

void print_info_text(std::ostream& out, const DeviceInfo& info);
void print_info_json(std::ostream& out, const DeviceInfo& info);

// One line per device under a header line.
void print_list_text(std::ostream& out, const std::vector<DeviceInfo>& infos);
// A JSON array of the objects print_info_json() writes.
void print_list_json(std::ostream& out, const std::vector<DeviceInfo>& infos);

}  // namespace pvfsf

#endif
