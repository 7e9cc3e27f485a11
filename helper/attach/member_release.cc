#include "attach/member_release.h"

#include <cerrno>
#include <filesystem>
#include <vector>

#include "attach/attach_error.h"
#include "common/error.h"
#include "protocol/export_client.h"
#include "protocol/names.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;

std::map<uint64_t, std::set<std::string>> datafile_disks(const Sysfs& sysfs,
                                                         uint32_t fs_id) {
  std::map<uint64_t, std::set<std::string>> disks;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(sysfs.path("block"), ec)) {
    const std::string name = entry.path().filename().string();
    ScsiDisk disk;
    try {
      disk = read_scsi_disk(sysfs, name);
    } catch (const std::exception&) {
      continue;  // gone meanwhile, or not a disk we could be looking for
    }
    if (!disk.is_scsi || !disk.serial) continue;
    const auto id = lun_export::parse_unit_serial(*disk.serial);
    if (id && static_cast<uint32_t>(id->fs_id) == fs_id)
      disks[id->handle].insert(name);
  }
  return disks;
}

void delete_scsi_disk(const Sysfs& sysfs, const std::string& name) {
  try {
    sysfs.write(sysfs.path("block") / name / "device" / "delete", "1",
                "delete SCSI disk " + name);
  } catch (const std::system_error& e) {
    // Gone meanwhile: what was asked.
    if (e.code().value() != ENOENT && e.code().value() != ENODEV) throw;
  }
}

void delete_datafile_disks(const Sysfs& sysfs, uint32_t fs_id,
                           const std::set<uint64_t>& handles) {
  for (const auto& [handle, names] : datafile_disks(sysfs, fs_id))
    if (handles.count(handle))
      for (const std::string& name : names) delete_scsi_disk(sysfs, name);
}

void release_datafiles(const Sysfs& sysfs, const layout::Layout& layout,
                       const std::set<uint64_t>& handles,
                       const lun_export::ClusterKey& key,
                       std::chrono::milliseconds timeout) {
  delete_datafile_disks(sysfs, layout.fs_id, handles);

  std::map<std::string, std::vector<uint64_t>> by_server;
  for (const layout::Datafile& d : layout.datafiles)
    if (handles.count(d.handle)) by_server[d.server].push_back(d.handle);
  for (const auto& [name, server_handles] : by_server) {
    const layout::Server& server = layout.servers.at(name);
    try {
      lun_export::ExportClient client(server.service, name, key, timeout);
      client.unexport(static_cast<lun_export::FsId>(layout.fs_id),
                      server_handles);
    } catch (const std::exception& e) {
      throw AttachError(kExitServer,
                        datafile_name(name, server_handles.front()) +
                            ": unexport through " + server.service + ": " +
                            e.what());
    }
  }
}

}  // namespace pvfsf::attach
