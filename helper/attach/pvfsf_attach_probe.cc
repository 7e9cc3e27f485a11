// pvfsf-attach-probe: what the attach tool sees, for tests and admins.
//
//   pvfsf-attach-probe disks [--json]
//       every SCSI disk: unit serial, H:C:T:L, iSCSI session, target,
//       portal, size, logical block size, signatures (libblkid)
//   pvfsf-attach-probe sessions [--json]
//       every iSCSI session (libopeniscsiusr): sid, target, portal, state
//   pvfsf-attach-probe wait [--timeout S] [--source udev|kernel] [--verbose] SERIAL...
//       waits for the disks with these unit serials (udev monitor armed
//       first, then what exists is looked at) and prints "SERIAL /dev/sdX"
//       for each, in the order given
//   pvfsf-attach-probe login [--config PATH] TARGET PORTAL
//       the session pool's ensure_session: prints "SID logged-in" or
//       "SID reused"
//   pvfsf-attach-probe logout SID
//   pvfsf-attach-probe rescan SID
//       the iscsiadm actions of the library, on one session
//
// Exit status: 0 done, 1 failed (a timeout included), 2 bad usage.
#include <boost/program_options.hpp>
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
#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf::attach {

namespace {

namespace po = boost::program_options;
using nlohmann::json;

constexpr const char* kProgram = "pvfsf-attach-probe";
enum ExitCode { kExitOk = 0, kExitFailed = 1, kExitUsage = 2 };

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

json disk_json(const DiskReport& r) {
  json j;
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
  json signatures = json::array();
  if (r.probe)
    for (const Signature& s : r.probe->signatures)
      signatures.push_back({{"type", s.type}, {"usage", s.usage}, {"offset", s.offset}});
  j["signatures"] = r.probe ? signatures : json(nullptr);
  if (!r.probe) j["probe_error"] = r.probe_error;
  return j;
}

int cmd_disks(const po::variables_map& vm) {
  const std::vector<DiskReport> reports = collect_disks();
  if (vm.count("json")) {
    json all = json::array();
    for (const DiskReport& r : reports) all.push_back(disk_json(r));
    std::cout << all.dump(2) << "\n";
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
    json all = json::array();
    for (const IscsiSession& s : sessions)
      all.push_back({{"sid", s.sid},
                     {"target", s.target},
                     {"portal", s.persistent_portal.text()},
                     {"address", s.address.text()},
                     {"tpgt", s.tpgt},
                     {"iface", s.iface},
                     {"state", s.state}});
    std::cout << all.dump(2) << "\n";
    return kExitOk;
  }
  for (const IscsiSession& s : sessions)
    std::cout << s.sid << " " << s.target << " " << s.persistent_portal.text() << " " << s.state
              << "\n";
  return kExitOk;
}

int cmd_wait(const po::variables_map& vm) {
  if (!vm.count("serial")) throw UsageError("wait: name at least one unit serial");
  const auto serials = vm["serial"].as<std::vector<std::string>>();
  DiskWanted wanted;
  for (const std::string& serial : serials) {
    const std::string normal = normalize_serial(serial);
    if (normal.empty()) throw UsageError("wait: a blank unit serial");
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
  if (!vm.count("args") || vm["args"].as<std::vector<std::string>>().size() != 2)
    throw UsageError("login: give TARGET and PORTAL");
  const auto args = vm["args"].as<std::vector<std::string>>();
  const Endpoint portal = resolve_endpoint(args[1], kIscsiPort, "portal");
  const AttachConfig config = vm.count("config")
                                  ? load_attach_config(vm["config"].as<std::string>(), true)
                                  : load_attach_config();
  SessionPool pool{Iscsiadm()};
  const EnsuredSession session = pool.ensure_session(args[0], portal, config.node);
  std::cout << session.sid << (session.logged_in ? " logged-in" : " reused") << "\n";
  return kExitOk;
}

uint32_t sid_argument(const po::variables_map& vm, const char* command) {
  if (!vm.count("args") || vm["args"].as<std::vector<std::string>>().size() != 1)
    throw UsageError(std::string(command) + ": give one SID");
  return parse_u32(vm["args"].as<std::vector<std::string>>()[0], "SID");
}

int cmd_logout(const po::variables_map& vm) {
  Iscsiadm().logout(sid_argument(vm, "logout"));
  return kExitOk;
}

int cmd_rescan(const po::variables_map& vm) {
  Iscsiadm().rescan(sid_argument(vm, "rescan"));
  return kExitOk;
}

struct Command {
  const char* name;
  const char* synopsis;
  int (*execute)(const po::variables_map&);
};

const Command kCommands[] = {
    {"disks", "[--json]", cmd_disks},
    {"sessions", "[--json]", cmd_sessions},
    {"wait", "[--timeout S] [--source udev|kernel] [--verbose] SERIAL...", cmd_wait},
    {"login", "[--config PATH] TARGET PORTAL", cmd_login},
    {"logout", "SID", cmd_logout},
    {"rescan", "SID", cmd_rescan},
};

void usage(std::ostream& out) {
  out << "usage:\n";
  for (const Command& c : kCommands) out << "  " << kProgram << " " << c.name << " " << c.synopsis << "\n";
  out << "Exit status: 0 done, 1 failed or timed out, 2 bad usage.\n";
}

int run(const Command& command, int argc, char** argv) {
  po::options_description options("Options");
  options.add_options()("help,h", "show this help");
  po::positional_options_description positional;
  const std::string name = command.name;
  if (name == "disks" || name == "sessions") {
    options.add_options()("json", "print JSON");
  } else if (name != "wait") {
    if (name == "login")
      options.add_options()("config", po::value<std::string>(),
                            "the attach configuration (default /etc/pvfsf/attach.conf)");
    options.add_options()("args", po::value<std::vector<std::string>>(), "arguments");
    positional.add("args", -1);
  } else {
    options.add_options()("timeout", po::value<std::string>()->default_value("30"),
                          "seconds to wait")(
        "source", po::value<std::string>(), "monitor source: udev (default when udevd runs) or kernel")(
        "verbose,v", "say on stderr how each disk was found")(
        "serial", po::value<std::vector<std::string>>(), "unit serial");
    positional.add("serial", -1);
  }
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << kProgram << " " << command.name << " " << command.synopsis
                << "\n\n"
                << options;
      return kExitOk;
    }
    po::notify(vm);
    return command.execute(vm);
  } catch (const po::error& e) {
    std::cerr << kProgram << " " << name << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << kProgram << " " << name << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << kProgram << " " << name << ": " << e.what() << "\n";
    return kExitFailed;
  }
}

}  // namespace

}  // namespace pvfsf::attach

int main(int argc, char** argv) {
  using namespace pvfsf::attach;
  if (argc < 2) {
    usage(std::cerr);
    return kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(std::cout);
    return kExitOk;
  }
  for (const Command& command : kCommands)
    if (name == command.name) return run(command, argc - 1, argv + 1);
  std::cerr << kProgram << ": unknown command '" << name << "'\n";
  usage(std::cerr);
  return kExitUsage;
}
