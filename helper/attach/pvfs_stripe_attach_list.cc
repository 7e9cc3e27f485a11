// pvfs-stripe-attach list: every pvfsf device, and files whose members wait
// to be released.
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "attach/attached_file.h"
#include "attach/pvfs_stripe_attach_command.h"

namespace pvfsf::attach::cli {

namespace {

using nlohmann::json;

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()("json", po::bool_switch(), "print one JSON array");
  add_config_option(visible);
}

struct Row {
  std::optional<DeviceInfo> device;
  std::optional<FileRecord> record;
  uint32_t fs_id() const {
    return device ? device->fs_id : record->layout.fs_id;
  }
  uint64_t handle() const {
    return device ? device->handle : record->layout.handle;
  }
  std::string state() const {
    if (!device) return "released-pending";  // its device is gone: see cleanup
    return state_name(device->state) +
           (device->remove_on_close() ? ",remove-on-close" : "");
  }
};

// One element of `list --json` (docs/pvfs-stripe-attach.8.md): a device's
// view where there is one, the record's for what only the record knows.
void to_json(json& j, const Row& row) {
  j["device"] =
      row.device ? json(device_path(row.device->index)) : json(nullptr);
  j["fs_id"] = row.fs_id();
  j["handle"] = row.handle();
  j["strip_size"] =
      row.device ? row.device->strip_size : row.record->layout.strip_size;
  j["capacity"] =
      row.device ? json(row.device->capacity_sectors * 512) : json(nullptr);
  j["state"] = row.state();
  j["read_only"] = row.device ? row.device->read_only() : row.record->read_only;
  j["size"] = row.record ? json(row.record->layout.size) : json(nullptr);
  j["lun_size"] = row.record ? json(row.record->lun_size) : json(nullptr);
  j["orangefs_path"] = row.record && row.record->orangefs_path
                           ? json(*row.record->orangefs_path)
                           : json(nullptr);
  json members = json::array();
  if (row.record) {
    for (const layout::Datafile& d : row.record->layout.datafiles)
      members.push_back({{"datafile_handle", d.handle}, {"server", d.server}});
  } else {
    for (const Member& m : row.device->members)
      members.push_back(
          {{"datafile_handle", m.datafile_handle}, {"server", nullptr}});
  }
  j["members"] = members;
}

int execute(const po::variables_map& vm) {
  AttachContext context = make_context(vm);
  ControlDevice control = context.open_control();
  std::map<std::pair<uint32_t, uint64_t>, Row> rows;
  for (const DeviceInfo& info : control.infos())
    rows[{info.fs_id, info.handle}].device = info;
  for (const FileRecord& record : context.state.files())
    rows[{record.layout.fs_id, record.layout.handle}].record = record;

  if (vm["json"].as<bool>()) {
    json all = json::array();
    for (const auto& [key, row] : rows) all.push_back(row);
    std::cout << all.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << std::left << std::setw(14) << "DEVICE" << std::setw(11)
            << "FS_ID" << std::setw(21) << "HANDLE" << std::setw(11) << "STRIP"
            << std::setw(8) << "MEMBERS" << std::setw(16) << "CAPACITY"
            << "STATE\n";
  for (const auto& [key, row] : rows) {
    const json j = row;
    std::cout << std::setw(14)
              << (row.device ? device_path(row.device->index) : "-")
              << std::setw(11) << row.fs_id() << std::setw(21) << row.handle()
              << std::setw(11) << j["strip_size"].get<uint64_t>()
              << std::setw(8) << j["members"].size() << std::setw(16)
              << (row.device
                      ? std::to_string(row.device->capacity_sectors * 512)
                      : "-")
              << row.state() << (j["read_only"].get<bool>() ? ",read-only" : "")
              << "\n";
  }
  return kExitOk;
}

const Registration registration({
    "list",
    "[--json]",
    "Show every pvfsf device: fs id, file handle, strip size, members,\n"
    "capacity in bytes, state; and, as released-pending, attached files whose\n"
    "device is gone but whose members are not yet released (see cleanup).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
