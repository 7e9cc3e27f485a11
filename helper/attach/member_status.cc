#include "attach/member_status.h"

#include <charconv>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "attach/iscsi_sessions.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

template <typename T>
json or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json or_null(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

}  // namespace

void to_json(json& out, const IoCounters& io) {
  out = {{"reads", io.read_ios},
         {"read_bytes", io.read_sectors * 512},
         {"writes", io.write_ios},
         {"write_bytes", io.write_sectors * 512},
         {"in_flight", io.in_flight}};
}

void to_json(json& out, const MemberStatus& member) {
  out = {{"datafile_handle", member.datafile_handle},
         {"server", or_null(member.server)},
         {"disk", or_null(member.disk)},
         {"devnum", member.devnum},
         {"serial", or_null(member.serial)},
         {"session", or_null(member.sid)},
         {"target", or_null(member.target)},
         {"portal", or_null(member.portal)},
         {"session_state", or_null(member.session_state)},
         {"io", or_null(member.io)},
         {"io_errors", or_null(member.io_errors)}};
}

std::optional<IoCounters> parse_block_stat(const std::string& text) {
  std::istringstream in(text);
  uint64_t field[9];
  for (uint64_t& f : field) {
    std::string word;
    if (!(in >> word)) return std::nullopt;
    const char* end = word.data() + word.size();
    const auto [ptr, ec] = std::from_chars(word.data(), end, f);
    if (ec != std::errc() || ptr != end) return std::nullopt;
  }
  return IoCounters{field[0], field[2], field[4], field[6], field[8]};
}

std::vector<MemberStatus> member_status(const Sysfs& sysfs,
                                        const DeviceInfo& device,
                                        const FileRecord* record) {
  std::vector<IscsiSession> sessions;
  try {
    sessions = list_iscsi_sessions(sysfs);
  } catch (const std::exception&) {
    // No iSCSI here: members are shown without sessions.
  }
  std::vector<MemberStatus> members;
  for (const Member& m : device.members) {
    MemberStatus s;
    s.datafile_handle = m.datafile_handle;
    s.devnum = std::to_string(m.dev_major) + ":" + std::to_string(m.dev_minor);
    if (record)
      for (const layout::Datafile& d : record->layout.datafiles)
        if (d.handle == m.datafile_handle) s.server = d.server;
    std::error_code ec;
    const fs::path link = fs::canonical(sysfs.path("dev/block") / s.devnum, ec);
    if (!ec) {
      s.disk = link.filename().string();
      try {
        const ScsiDisk disk = read_scsi_disk(sysfs, s.disk);
        s.serial = disk.serial;
        s.sid = disk.session;
      } catch (const std::exception&) {
        // Going away: shown without what could not be read.
      }
      if (const auto stat =
              sysfs.attribute(sysfs.path("block") / s.disk / "stat"))
        s.io = parse_block_stat(*stat);
      if (const auto errors = sysfs.attribute(sysfs.path("block") / s.disk /
                                              "device/ioerr_cnt")) {
        try {
          s.io_errors = std::stoull(*errors, nullptr, 0);  // "0x0"
        } catch (const std::exception&) {
          // Not a number: shown as unknown.
        }
      }
    }
    if (s.sid)
      for (const IscsiSession& session : sessions)
        if (session.sid == *s.sid) {
          s.target = session.target;
          s.portal = session.persistent_portal.text();
          s.session_state = session.state;
        }
    members.push_back(std::move(s));
  }
  return members;
}

}  // namespace pvfsf::attach
