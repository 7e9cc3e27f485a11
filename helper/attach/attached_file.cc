#include "attach/attached_file.h"

#include <set>
#include <system_error>

#include "attach/attach_error.h"
#include "common/error.h"
#include "common/parse_number.h"
#include "orangefs/mounted_file.h"

namespace pvfsf::attach {

namespace {

bool is_number(std::string_view text) {
  return !text.empty() &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

FileRef parse_file_ref(std::string_view text) {
  if (text.empty()) throw UsageError("empty DEVICE|HANDLE|PATH");
  if (text.front() == '/' && orangefs::on_orangefs_mount(text)) {
    const orangefs::MountedFile file = orangefs::read_mounted_file(text);
    return {std::nullopt, static_cast<uint32_t>(file.fs_id), file.handle,
            std::filesystem::path(text)};
  }
  if (text.front() == '/' || text.starts_with("pvfsf"))
    return {parse_device_ref(text), {}, 0, std::nullopt};
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos && is_number(text))
    return {std::nullopt, std::nullopt, parse_u64(text, "HANDLE"),
            std::nullopt};
  if (dash != std::string_view::npos && is_number(text.substr(0, dash)) &&
      is_number(text.substr(dash + 1)))
    return {std::nullopt, parse_u32(text.substr(0, dash), "FSID"),
            parse_u64(text.substr(dash + 1), "HANDLE"), std::nullopt};
  throw UsageError(
      "'" + std::string(text) +
      "': expected a device (/dev/pvfsfN, pvfsfN, a node or link) or a file as "
      "HANDLE or FSID-HANDLE, decimal, or by its path on an OrangeFS mount");
}

std::string file_name(uint32_t fs_id, uint64_t handle) {
  return "fs " + std::to_string(fs_id) + ", handle " + std::to_string(handle);
}

std::string AttachedFile::name() const {
  const std::string file = file_name(fs_id, handle);
  return device ? device_path(device->index) + " (" + file + ")" : file;
}

AttachedFile find_attached_file(ControlDevice& control, const RunState& state,
                                const FileRef& ref) {
  AttachedFile file;
  if (ref.device) {
    try {
      file.device = control.info(resolve_device_ref(control, *ref.device));
    } catch (const std::system_error& e) {
      const int err = e.code().value();
      if (err != ENODEV && err != ENXIO && err != ENOENT) throw;
      throw AttachError(kExitNotAttached,
                        std::string(e.what()) + ": not attached");
    }
    file.fs_id = file.device->fs_id;
    file.handle = file.device->handle;
    file.record = state.load_file(file.fs_id, file.handle);
    return file;
  }
  // By handle: the devices and the records that carry it.
  std::set<uint32_t> fs_ids;
  for (const DeviceInfo& info : control.infos())
    if (info.handle == ref.handle && (!ref.fs_id || info.fs_id == *ref.fs_id)) {
      fs_ids.insert(info.fs_id);
      file.device = info;
    }
  for (const FileRecord& record : state.files())
    if (record.layout.handle == ref.handle &&
        (!ref.fs_id || record.layout.fs_id == *ref.fs_id))
      fs_ids.insert(record.layout.fs_id);
  if (fs_ids.empty())
    throw AttachError(
        kExitNotAttached,
        (ref.fs_id ? "fs " + std::to_string(*ref.fs_id) + ", handle "
                   : std::string("handle ")) +
            std::to_string(ref.handle) + ": not attached");
  if (fs_ids.size() > 1)
    throw UsageError(
        "handle " + std::to_string(ref.handle) +
        " is attached in more than one file system: say FSID-HANDLE");
  file.fs_id = *fs_ids.begin();
  file.handle = ref.handle;
  if (file.device && file.device->fs_id != file.fs_id) file.device.reset();
  file.record = state.load_file(file.fs_id, file.handle);
  return file;
}

std::optional<DeviceInfo> device_of_file(ControlDevice& control,
                                         uint32_t fs_id, uint64_t handle) {
  for (const DeviceInfo& info : control.infos())
    if (info.fs_id == fs_id && info.handle == handle) return info;
  return std::nullopt;
}

LockedFile lock_attached_file(ControlDevice& control,
                              const AttachContext& context, const FileRef& ref) {
  const AttachedFile found = find_attached_file(control, context.state, ref);
  LockedFile locked{context.lock_file(found.fs_id, found.handle, kLockPatience),
                    {}};
  locked.file = find_attached_file(
      control, context.state,
      {std::nullopt, found.fs_id, found.handle, ref.orangefs_path});
  return locked;
}

}  // namespace pvfsf::attach
