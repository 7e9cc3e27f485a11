// pvfs-stripe-attach status: one device's members, sessions and counters.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "attach/attach_error.h"
#include "attach/member_status.h"
#include "attach/pvfs_stripe_attach_command.h"

namespace pvfsf::attach::cli {

namespace {

using nlohmann::json;

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("json", po::bool_switch(), "print one JSON object");
  add_config_option(visible);
  add_positional_args(hidden, positional);
}

std::string text(const json& value) {
  return value.is_null()     ? "-"
         : value.is_string() ? value.get<std::string>()
                             : value.dump();
}

int execute(const po::variables_map& vm) {
  const FileRef ref = file_argument(vm);
  AttachContext context = make_context(vm);
  ControlDevice control = context.open_control();
  const AttachedFile file = find_attached_file(control, context.state, ref);
  if (!file.device)
    throw AttachError(kExitNotAttached,
                      file.name() +
                          ": its device is gone, its members wait to be "
                          "released (pvfs-stripe-attach cleanup)");
  const DeviceInfo& info = *file.device;
  const FileRecord* record = file.record ? &*file.record : nullptr;
  const json members = member_status(context.sysfs, info, record);

  if (vm["json"].as<bool>()) {
    json j;
    j["device"] = device_path(info.index);
    j["fs_id"] = info.fs_id;
    j["handle"] = info.handle;
    j["strip_size"] = info.strip_size;
    j["capacity"] = info.capacity_sectors * 512;
    j["state"] = state_name(info.state);
    j["read_only"] = info.read_only();
    j["remove_on_close"] = info.remove_on_close();
    j["size"] = record ? json(record->layout.size) : json(nullptr);
    j["orangefs_path"] = record && record->orangefs_path
                             ? json(*record->orangefs_path)
                             : json(nullptr);
    j["members"] = members;
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << file.name() << ": " << state_name(info.state)
            << (info.read_only() ? ", read-only" : ", read-write") << ", strip "
            << info.strip_size << ", capacity " << info.capacity_sectors * 512
            << " bytes\n";
  std::cout << std::left << std::setw(21) << "DATAFILE" << std::setw(10)
            << "SERVER" << std::setw(7) << "DISK" << std::setw(8) << "SESSION"
            << std::setw(11) << "STATE" << std::setw(9) << "READS"
            << std::setw(14) << "READ_BYTES" << std::setw(9) << "WRITES"
            << std::setw(14) << "WRITE_BYTES"
            << "ERRORS\n";
  for (const json& m : members) {
    const json& io = m["io"];
    std::cout << std::setw(21) << text(m["datafile_handle"]) << std::setw(10)
              << text(m["server"]) << std::setw(7) << text(m["disk"])
              << std::setw(8) << text(m["session"]) << std::setw(11)
              << text(m["session_state"]) << std::setw(9)
              << (io.is_null() ? "-" : text(io["reads"])) << std::setw(14)
              << (io.is_null() ? "-" : text(io["read_bytes"])) << std::setw(9)
              << (io.is_null() ? "-" : text(io["writes"])) << std::setw(14)
              << (io.is_null() ? "-" : text(io["write_bytes"]))
              << text(m["io_errors"]) << "\n";
  }
  return kExitOk;
}

const Registration registration({
    "status",
    "DEVICE|HANDLE|PATH [--json]",
    "Show one device: for each member its datafile handle, server, SCSI\n"
    "disk, iSCSI session and its state, and the disk's I/O counters (reads,\n"
    "writes, bytes, as /sys/block/<disk>/stat counts them) and I/O errors.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
