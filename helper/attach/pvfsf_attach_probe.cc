// pvfsf-attach-probe: what the attach tool sees, for tests and admins: the
// disks and sessions as the library reads them, and the library's waits and
// iscsiadm actions one at a time.  Each subcommand's --help says what it
// does.
#include <nlohmann/json.hpp>
#include <sys/sysmacros.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attach/attach_config.h"
#include "attach/blkid_probe.h"
#include "attach/disk_wait.h"
#include "attach/iscsi_sessions.h"
#include "attach/scsi_disk.h"
#include "attach/session_pool.h"
#include "attach/udev.h"
#include "cli/command.h"
#include "cli/program.h"
#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf::attach {

namespace {

using namespace pvfsf::cli;
using nlohmann::json;

constexpr const char* kProgram = "pvfsf-attach-probe";

struct DiskReport {
  ScsiDisk disk;
  std::string devnode;
  std::string serial_source;  // "vpd_pg80", "ID_SCSI_SERIAL" or ""
  std::optional<IscsiSession> session;
  std::optional<ProbeResult> probe;
  std::string probe_error;
};

std::vector<DiskReport> collect_disks() {
  const Sysfs sysfs;
  const Udev udev;
  std::map<uint32_t, IscsiSession> sessions;
  for (IscsiSession& session : list_iscsi_sessions(sysfs)) sessions.emplace(session.sid, session);

  std::vector<DiskReport> reports;
  UdevEnumerate enumerate(udev);
  enumerate.match_subsystem("block").match_property("DEVTYPE", "disk");
  for (const UdevDevice& device : enumerate.scan()) {
    DiskReport report;
    try {
      report.disk = read_scsi_disk(sysfs, device.sysname());
    } catch (const std::system_error& e) {
      if (e.code() == std::errc::no_such_file_or_directory) continue;  // gone
      throw;
    }
    if (!report.disk.is_scsi) continue;
    report.devnode = device.devnode();
    if (report.disk.serial) {
      report.serial_source = "vpd_pg80";
    } else if (auto serial = resolve_serial(report.disk, device.property("ID_SCSI_SERIAL"))) {
      report.disk.serial = serial;
      report.serial_source = "ID_SCSI_SERIAL";
    }
    if (report.disk.session)
      if (auto it = sessions.find(*report.disk.session); it != sessions.end())
        report.session = it->second;
    try {
      report.probe = probe_device(report.devnode);
    } catch (const std::exception& e) {
      report.probe_error = e.what();
    }
    reports.push_back(std::move(report));
  }
  std::sort(reports.begin(), reports.end(), [](const DiskReport& a, const DiskReport& b) {
    return a.disk.name.size() != b.disk.name.size() ? a.disk.name.size() < b.disk.name.size()
                                                    : a.disk.name < b.disk.name;
  });
  return reports;
}

void to_json(json& j, const DiskReport& r) {
  j["name"] = r.disk.name;
  j["devnode"] = r.devnode;
  j["devnum"] = std::to_string(major(r.disk.devnum)) + ":" + std::to_string(minor(r.disk.devnum));
  j["hctl"] = r.disk.hctl.str();
  j["serial"] = r.disk.serial ? json(*r.disk.serial) : json(nullptr);
  j["serial_source"] = r.serial_source.empty() ? json(nullptr) : json(r.serial_source);
  if (!r.disk.serial) j["serial_error"] = r.disk.serial_error;
  j["session"] = r.disk.session ? json(*r.disk.session) : json(nullptr);
  j["target"] = r.session ? json(r.session->target) : json(nullptr);
  j["portal"] = r.session ? json(r.session->persistent_portal.text()) : json(nullptr);
  j["session_state"] = r.session ? json(r.session->state) : json(nullptr);
  j["size"] = r.probe ? r.probe->size_bytes : r.disk.size_bytes;
  j["logical_block_size"] = r.probe ? r.probe->logical_sector_size : r.disk.logical_block_size;
  j["signatures"] = r.probe ? json(r.probe->signatures) : json(nullptr);
  if (!r.probe) j["probe_error"] = r.probe_error;
}

int cmd_disks(const po::variables_map& vm) {
  const std::vector<DiskReport> reports = collect_disks();
  if (vm.count("json")) {
    std::cout << json(reports).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << std::left << std::setw(8) << "NAME" << std::setw(28) << "SERIAL" << std::setw(10)
            << "HCTL" << std::setw(8) << "SESSION" << std::setw(40) << "TARGET" << std::setw(22)
            << "PORTAL" << std::setw(14) << "SIZE" << std::setw(6) << "LBS"
            << "SIGNATURE\n";
  for (const DiskReport& r : reports) {
    std::string signature = "none";
    if (!r.probe) {
      signature = "? (" + r.probe_error + ")";
    } else if (!r.probe->bare()) {
      signature.clear();
      for (const Signature& s : r.probe->signatures)
        signature += (signature.empty() ? "" : ",") + s.type;
    }
    std::cout << std::setw(8) << r.disk.name << std::setw(28) << r.disk.serial.value_or("-")
              << std::setw(10) << r.disk.hctl.str() << std::setw(8)
              << (r.disk.session ? std::to_string(*r.disk.session) : "-") << std::setw(40)
              << (r.session ? r.session->target : "-") << std::setw(22)
              << (r.session ? r.session->persistent_portal.text() : "-") << std::setw(14)
              << (r.probe ? r.probe->size_bytes : r.disk.size_bytes) << std::setw(6)
              << (r.probe ? r.probe->logical_sector_size : r.disk.logical_block_size)
              << signature << "\n";
  }
  return kExitOk;
}

int cmd_sessions(const po::variables_map& vm) {
  const std::vector<IscsiSession> sessions = list_iscsi_sessions();
  if (vm.count("json")) {
    std::cout << json(sessions).dump(2) << "\n";
    return kExitOk;
  }
  for (const IscsiSession& s : sessions)
    std::cout << s.sid << " " << s.target << " " << s.persistent_portal.text() << " " << s.state
              << "\n";
  return kExitOk;
}

int cmd_wait(const po::variables_map& vm) {
  const std::vector<std::string> serials = positional_args(vm, "serial");
  if (serials.empty()) throw UsageError("name at least one unit serial");
  DiskWanted wanted;
  for (const std::string& serial : serials) {
    const std::string normal = normalize_serial(serial);
    if (normal.empty()) throw UsageError("a blank unit serial");
    wanted.serials.insert(normal);
  }
  const uint32_t timeout = parse_u32(vm["timeout"].as<std::string>(), "--timeout");
  MonitorSource source = default_monitor_source();
  if (vm.count("source")) {
    const std::string name = vm["source"].as<std::string>();
    if (name == "udev") {
      source = MonitorSource::kUdev;
    } else if (name == "kernel") {
      source = MonitorSource::kKernel;
    } else {
      throw UsageError("--source '" + name + "': udev or kernel");
    }
  }
  const bool verbose = vm.count("verbose") > 0;

  const Udev udev;
  UdevMonitor monitor = arm_disk_monitor(udev, source);
  // From here on nothing is missed: a script may start what makes the disks.
  std::cerr << kProgram << ": waiting up to " << timeout << " s for " << wanted.serials.size()
            << " disk(s), monitor " << monitor_source_name(source) << std::endl;
  const auto found =
      wait_for_disks(monitor, wanted, Clock::now() + std::chrono::seconds(timeout));
  for (const std::string& serial : serials) {
    const FoundDisk& disk = found.at(normalize_serial(serial));
    std::cout << normalize_serial(serial) << " " << disk.device.devnode() << "\n";
    if (verbose)
      std::cerr << kProgram << ": " << disk.disk.name << ": unit serial " << normalize_serial(serial)
                << ", " << disk.disk.hctl.str() << ", session "
                << (disk.disk.session ? std::to_string(*disk.disk.session) : "-") << ", found by "
                << (disk.found_by == "present" ? "scan (present)" : disk.found_by + " event")
                << "\n";
  }
  return kExitOk;
}

int cmd_login(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 2) throw UsageError("give TARGET and PORTAL");
  const Endpoint portal = resolve_endpoint(args[1], kIscsiPort, "portal");
  const AttachConfig config = vm.count("config")
                                  ? load_attach_config(vm["config"].as<std::string>(), true)
                                  : load_attach_config();
  SessionPool pool{Iscsiadm()};
  const EnsuredSession session = pool.ensure_session(args[0], portal, config.node);
  std::cout << session.sid << (session.logged_in ? " logged-in" : " reused") << "\n";
  return kExitOk;
}

uint32_t sid_argument(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 1) throw UsageError("give one SID");
  return parse_u32(args[0], "SID");
}

int cmd_logout(const po::variables_map& vm) {
  Iscsiadm().logout(sid_argument(vm));
  return kExitOk;
}

int cmd_rescan(const po::variables_map& vm) {
  Iscsiadm().rescan(sid_argument(vm));
  return kExitOk;
}

void json_arguments(po::options_description& visible,
                    po::options_description&,
                    po::positional_options_description&) {
  visible.add_options()("json", "print JSON");
}

void wait_arguments(po::options_description& visible,
                    po::options_description& hidden,
                    po::positional_options_description& positional) {
  visible.add_options()("timeout", po::value<std::string>()->default_value("30"),
                        "seconds to wait")(
      "source", po::value<std::string>(), "monitor source: udev (default when udevd runs) or kernel")(
      "verbose,v", "say on stderr how each disk was found");
  add_positional_args(hidden, positional, "serial");
}

void login_arguments(po::options_description& visible,
                     po::options_description& hidden,
                     po::positional_options_description& positional) {
  visible.add_options()("config", po::value<std::string>(),
                        "the attach configuration (default /etc/pvfsf/attach.conf)");
  add_positional_args(hidden, positional);
}

void sid_arguments(po::options_description&, po::options_description& hidden,
                   po::positional_options_description& positional) {
  add_positional_args(hidden, positional);
}

const Registration disks_registration({
    "disks",
    "[--json]",
    "Every SCSI disk: unit serial, H:C:T:L, iSCSI session, target, portal,\n"
    "size, logical block size, signatures (libblkid).",
    json_arguments,
    cmd_disks,
});

const Registration sessions_registration({
    "sessions",
    "[--json]",
    "Every iSCSI session (libopeniscsiusr): sid, target, portal, state.",
    json_arguments,
    cmd_sessions,
});

const Registration wait_registration({
    "wait",
    "[--timeout S] [--source udev|kernel] [--verbose] SERIAL...",
    "Wait for the disks with these unit serials (udev monitor armed first,\n"
    "then what exists is looked at) and print 'SERIAL /dev/sdX' for each,\n"
    "in the order given.",
    wait_arguments,
    cmd_wait,
});

const Registration login_registration({
    "login",
    "[--config PATH] TARGET PORTAL",
    "The session pool's ensure_session: print 'SID logged-in' or\n"
    "'SID reused'.",
    login_arguments,
    cmd_login,
});

const Registration logout_registration({
    "logout",
    "SID",
    "The library's iscsiadm logout of one session.",
    sid_arguments,
    cmd_logout,
});

const Registration rescan_registration({
    "rescan",
    "SID",
    "The library's iscsiadm rescan of one session.",
    sid_arguments,
    cmd_rescan,
});

}  // namespace

}  // namespace pvfsf::attach

namespace {

const pvfsf::cli::Program kProgram = {
    pvfsf::attach::kProgram,
    "What the attach tool sees, for tests and admins.",
    "0 done, 1 failed or timed out, 2 bad usage.",
};

}  // namespace

int main(int argc, char** argv) {
  return pvfsf::cli::run_program(kProgram, argc, argv);
}
