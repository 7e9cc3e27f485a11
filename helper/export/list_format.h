// How `list` prints: aligned columns for people, one JSON object for
// scripts ({"server", "target", "portal", "luns": [...]}, the fields of the
// protocol's list reply).  Handles are exact JSON integers (all 64 bits).
#ifndef PVFSF_HELPER_EXPORT_LIST_FORMAT_H
#define PVFSF_HELPER_EXPORT_LIST_FORMAT_H

#include <ostream>
#include <vector>

#include "export/exporter.h"

namespace pvfsf::lun_export {

void print_list_text(std::ostream& out, const std::vector<LunInfo>& luns);
void print_list_json(std::ostream& out, const TargetInfo& target,
                     const std::vector<LunInfo>& luns);

}  // namespace pvfsf::lun_export

#endif
