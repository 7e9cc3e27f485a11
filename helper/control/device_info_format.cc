#include "control/device_info_format.h"

#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

namespace pvfsf {

namespace {

std::string hex(uint64_t value) {
  std::ostringstream s;
  s << "0x" << std::hex << value;
  return s.str();
}

std::string dev_name(uint32_t major, uint32_t minor) {
  return std::to_string(major) + ":" + std::to_string(minor);
}

std::string flag_names(const DeviceInfo& info) {
  std::string names;
  if (info.read_only()) names += " read-only";
  if (info.remove_on_close()) names += " remove-on-close";
  return names.empty() ? "-" : names.substr(1);
}

}  // namespace

void to_json(nlohmann::ordered_json& out, const Member& member) {
  out = {{"datafile_handle", member.datafile_handle},
         {"start_sector", member.start_sector},
         {"dev_major", member.dev_major},
         {"dev_minor", member.dev_minor}};
}

void to_json(nlohmann::ordered_json& out, const DeviceInfo& info) {
  out = {{"device", device_path(info.index)},
         {"index", info.index},
         {"dev_major", info.dev_major},
         {"dev_minor", info.dev_minor},
         {"fs_id", info.fs_id},
         {"handle", info.handle},
         {"strip_size", info.strip_size},
         {"capacity_sectors", info.capacity_sectors},
         {"state", state_name(info.state)},
         {"read_only", info.read_only()},
         {"remove_on_close", info.remove_on_close()},
         {"members", info.members}};
}

void print_info_text(std::ostream& out, const DeviceInfo& info) {
  const auto row = [&out](const char* key) -> std::ostream& {
    return out << std::left << std::setw(12) << key << " ";
  };
  row("device") << device_path(info.index) << " ("
                << dev_name(info.dev_major, info.dev_minor) << ")\n";
  row("fs_id") << info.fs_id << "\n";
  row("handle") << info.handle << " (" << hex(info.handle) << ")\n";
  row("strip_size") << info.strip_size << " bytes\n";
  row("capacity") << info.capacity_sectors << " sectors ("
                  << info.capacity_sectors * 512 << " bytes)\n";
  row("state") << state_name(info.state) << "\n";
  row("flags") << flag_names(info) << "\n";
  row("members") << info.members.size() << "\n";
  for (size_t i = 0; i < info.members.size(); ++i) {
    const Member& m = info.members[i];
    out << "  " << std::right << std::setw(4) << i << "  " << std::left
        << std::setw(9)
        << (m.unbound() ? "unbound" : dev_name(m.dev_major, m.dev_minor))
        << " datafile "
        << m.datafile_handle << " (" << hex(m.datafile_handle) << ")  start "
        << m.start_sector << "\n";
  }
}

void print_info_json(std::ostream& out, const DeviceInfo& info) {
  out << nlohmann::ordered_json(info).dump() << "\n";
}

void print_list_text(std::ostream& out, const std::vector<DeviceInfo>& infos) {
  const auto columns =
      [&out](const std::string& device, const std::string& dev,
             const std::string& fs_id, const std::string& handle,
             const std::string& strip, const std::string& members,
             const std::string& sectors, const std::string& state) {
        out << std::left << std::setw(14) << device << " " << std::setw(9)
            << dev << " " << std::setw(10) << fs_id << " " << std::setw(20)
            << handle << " " << std::setw(10) << strip << " " << std::setw(7)
            << members << " " << std::setw(12) << sectors << " " << state
            << "\n";
      };
  columns("DEVICE", "MAJ:MIN", "FS_ID", "HANDLE", "STRIP", "MEMBERS", "SECTORS",
          "STATE");
  for (const DeviceInfo& info : infos)
    columns(device_path(info.index), dev_name(info.dev_major, info.dev_minor),
            std::to_string(info.fs_id), std::to_string(info.handle),
            std::to_string(info.strip_size),
            std::to_string(info.members.size()),
            std::to_string(info.capacity_sectors), state_name(info.state));
}

void print_list_json(std::ostream& out, const std::vector<DeviceInfo>& infos) {
  out << nlohmann::ordered_json(infos).dump() << "\n";
}

}  // namespace pvfsf
