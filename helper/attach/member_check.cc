#include "attach/member_check.h"

#include "attach/attach_error.h"
#include "protocol/names.h"

namespace pvfsf::attach {

namespace {

std::string n(uint64_t value) { return std::to_string(value); }

// "handle 42 of fs 7", or "no datafile" if the serial names none.
std::string serial_names(const std::string& serial) {
  if (const auto id = lun_export::parse_unit_serial(serial))
    return "handle " + n(id->handle) + " of fs " +
           n(static_cast<uint32_t>(id->fs_id));
  return "no datafile";
}

}  // namespace

std::string placement_problem(const MemberExpectation& want,
                              const ScsiDisk& disk) {
  if (!disk.session) return disk.name + " is not an iSCSI disk";
  if (*disk.session != want.sid)
    return disk.name + " came through session " + n(*disk.session) +
           ", not through session " + n(want.sid) + " of " + want.server;
  if (disk.hctl.lun != want.lun)
    return disk.name + " is LUN " + n(disk.hctl.lun) + ", but " + want.server +
           " exported " + "handle " + n(want.handle) + " as LUN " + n(want.lun);
  return "";
}

std::string stale_disk_problem(const MemberExpectation& want,
                               const ScsiDisk& disk) {
  if (!disk.serial || serial_matches(want.serial, *disk.serial)) return "";
  return datafile_name(want.server, want.handle) + ": LUN " + n(want.lun) +
         " of session " + n(want.sid) + " is " + disk.name +
         ", whose unit serial " + *disk.serial + " names " +
         serial_names(*disk.serial) +
         ": a stale disk of a LUN the server has since " +
         "unexported; delete it (echo 1 > /sys/block/" + disk.name +
         "/device/delete) and retry";
}

std::string content_problem(const MemberExpectation& want,
                            const std::string& name, const ProbeResult& probe,
                            uint64_t strip_size, bool force) {
  const std::string who = datafile_name(want.server, want.handle) + ": " + name;
  if (probe.size_bytes < want.size)
    return who + " holds " + n(probe.size_bytes) + " bytes, the file needs " +
           n(want.size) + " (the LUN size it was exported with)";
  if (!probe.logical_sector_size || strip_size % probe.logical_sector_size)
    return who + " has " + n(probe.logical_sector_size) +
           "-byte blocks, the strip of " + n(strip_size) +
           " bytes is not a multiple of them";
  if (!probe.bare() && !force)
    return who + " carries " + probe.describe_signatures() +
           ": not a bare datafile (--force takes it all the same)";
  return "";
}

}  // namespace pvfsf::attach
