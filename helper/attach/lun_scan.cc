#include "attach/lun_scan.h"

#include <filesystem>
#include <stdexcept>

#include "common/parse_number.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;

LunScan lun_scan_request(const Sysfs& sysfs, uint32_t sid, uint64_t lun) {
  const std::string session = "session" + std::to_string(sid);
  const fs::path dir = sysfs.path("class/iscsi_session") / session;
  const auto target_id = sysfs.attribute(dir / "target_id");
  std::error_code ec;
  // .../hostH/sessionS/iscsi_session/sessionS: the host is two levels up.
  const fs::path real = fs::canonical(dir, ec);
  if (!target_id || ec)
    throw std::runtime_error("no iSCSI session " + std::to_string(sid) +
                             " in sysfs");
  const std::string host =
      real.parent_path().parent_path().parent_path().filename().string();
  if (!host.starts_with("host"))
    throw std::runtime_error(session + " sits below " + host +
                             ", not below a SCSI host");
  return {sysfs.path("class/scsi_host").string() + "/" + host + "/scan",
          "0 " + std::to_string(parse_u32(*target_id, "target_id")) + " " +
              std::to_string(lun)};
}

void scan_session_lun(const Sysfs& sysfs, uint32_t sid, uint64_t lun) {
  const LunScan scan = lun_scan_request(sysfs, sid, lun);
  sysfs.write(
      scan.scan_file, scan.request,
      "scan LUN " + std::to_string(lun) + " of session " + std::to_string(sid));
}

void revalidate_disk(const Sysfs& sysfs, const std::string& name) {
  sysfs.write(sysfs.path("block") / name / "device" / "rescan", "1",
              "revalidate " + name);
}

}  // namespace pvfsf::attach
