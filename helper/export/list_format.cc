#include "export/list_format.h"

#include <iomanip>
#include <nlohmann/json.hpp>

namespace pvfsf::lun_export {

void print_list_text(std::ostream& out, const std::vector<LunInfo>& luns) {
  out << std::left << std::setw(11) << "FS_ID"
      << " " << std::setw(20) << "HANDLE"
      << " " << std::setw(5) << "LUN"
      << " " << std::setw(14) << "SIZE"
      << " " << std::setw(14) << "BSTREAM_SIZE"
      << " BACKING\n";
  for (const LunInfo& info : luns) {
    out << std::left << std::setw(11) << info.fs_id << " " << std::setw(20)
        << info.handle << " " << std::setw(5) << info.lun << " "
        << std::setw(14) << info.size << " " << std::setw(14)
        << (info.bstream_size ? std::to_string(*info.bstream_size) : "-") << " "
        << info.backing << "\n";
  }
}

void print_list_json(std::ostream& out, const TargetInfo& target,
                     const std::vector<LunInfo>& luns) {
  using nlohmann::json;
  json object = target;
  object["luns"] = luns;
  out << object.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace pvfsf::lun_export
