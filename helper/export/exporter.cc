#include "export/exporter.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/parallel.h"
#include "export/bstream.h"
#include "export/lun_allocator.h"
#include "protocol/export_error.h"
#include "protocol/initiator_name.h"
#include "protocol/names.h"

namespace pvfsf::lun_export {

namespace {

[[noreturn]] void bad_request(const std::string& message) {
  throw ExportError(ErrorCode::kBadRequest, message);
}

// The LUNs of the target that are this server's, by datafile.
std::map<DatafileId, LunLink> exported_by_id(const std::vector<LunLink>& luns) {
  std::map<DatafileId, LunLink> by_id;
  for (const LunLink& link : luns)
    if (link.id) by_id.emplace(*link.id, link);
  return by_id;
}

}  // namespace

void Exporter::check_datafiles(FsId fs_id,
                               const std::vector<Handle>& handles) const {
  if (!config_.orangefs) return;
  const OrangefsServer& server = *config_.orangefs;
  auto fs = server.data_ranges.find(fs_id);
  if (fs == server.data_ranges.end())
    throw ExportError(ErrorCode::kNotFound,
                      "fs id " + std::to_string(fs_id) +
                          ": no file system of this server's fs.conf gives " +
                          server.alias + " data handles");
  for (Handle handle : handles) {
    const bool ours = std::any_of(
        fs->second.begin(), fs->second.end(),
        [&](const orangefs::HandleRange& range) {
          return handle >= range.first && handle <= range.last;
        });
    if (!ours)
      bad_request("handle " + std::to_string(handle) +
                  " is no datafile of server " + server.alias + " in fs id " +
                  std::to_string(fs_id) + " (fs.conf's DataHandleRanges)");
  }
}

Exporter::Exporter(const ServerConfig& config, ConfigFs& configfs,
                   uint64_t max_luns)
    : config_(config),
      configfs_(configfs),
      lio_(configfs, config.server, config.target, config.portal),
      max_luns_(max_luns) {}

TargetInfo Exporter::target_info() const {
  return {config_.server, config_.target, config_.portal.text()};
}

std::vector<ExportedLun> Exporter::export_handles(
    const std::string& initiator, FsId fs_id, uint64_t size,
    const std::vector<Handle>& handles) {
  check_initiator_name(initiator, "initiator");
  check_lun_size(size);
  check_handles(handles);
  check_datafiles(fs_id, handles);
  UniqueFd lock = configfs_.lock();
  lio_.check_available();

  // 1. What is exported now, which LUN numbers are taken (by anyone: a LUN
  // of the TPG or a number some ACL has, linked or not), and what this
  // client maps.  A LUN directory with no link at all serves nothing: it
  // is what a run killed between the two steps of Lio::create_lun leaves,
  // and step 3 removes it, so its number is free unless an ACL has it.
  const std::vector<LunLink> luns = lio_.luns();
  const std::map<DatafileId, LunLink> exported = exported_by_id(luns);
  const std::vector<LunMapping> mappings = lio_.mappings();
  std::vector<uint64_t> used, unlinked;
  for (const LunLink& link : luns)
    (link.backstore.empty() ? unlinked : used).push_back(link.lun);
  std::map<uint64_t, std::optional<uint64_t>> ours;  // mapped -> LUN
  for (const LunMapping& mapping : mappings) {
    used.push_back(mapping.mapped_lun);
    if (mapping.initiator == initiator) ours[mapping.mapped_lun] = mapping.lun;
  }
  LunAllocator allocator(used, max_luns_);

  // 2. Check the whole request before touching anything.
  std::vector<ExportedLun> results;
  std::map<Handle, uint64_t> current_size;  // of the exported ones
  std::string conflicts;
  uint64_t needed = 0;
  for (Handle handle : handles) {
    auto it = exported.find({fs_id, handle});
    if (it == exported.end()) {
      needed++;
      continue;
    }
    const Backstore store = lio_.backstore(it->second.backstore);
    current_size[handle] = store.size;
    if (store.size > size)
      conflicts += (conflicts.empty() ? "" : "; ") + std::string("handle ") +
                   std::to_string(handle) + " is LUN " +
                   std::to_string(it->second.lun) + " of " +
                   std::to_string(store.size) + " bytes";
    auto mapped = ours.find(it->second.lun);
    if (mapped != ours.end() && mapped->second &&
        *mapped->second != it->second.lun)
      throw ExportError(ErrorCode::kConflict,
                        "initiator " + initiator + " has LUN " +
                            std::to_string(it->second.lun) + " mapped to LUN " +
                            std::to_string(*mapped->second) +
                            " of the target (not made by pvfs-lun-export); "
                            "handle " +
                            std::to_string(handle) + " cannot be mapped there");
  }
  if (!conflicts.empty())
    throw ExportError(ErrorCode::kConflict,
                      conflicts + ": a live LUN cannot shrink to " +
                          std::to_string(size) + " bytes; unexport it first");
  if (needed > allocator.free_count())
    throw ExportError(ErrorCode::kNoSpace,
                      "need " + std::to_string(needed) + " new LUNs, " +
                          std::to_string(allocator.free_count()) +
                          " LUN numbers are free on target " + config_.target +
                          " (limit " + std::to_string(max_luns_) + ")");
  if (needed) {
    const fs::path dir = bstreams_dir(config_.storage, fs_id);
    if (!fs::is_directory(dir))
      throw ExportError(ErrorCode::kNotFound,
                        "fs id " + std::to_string(fs_id) + ": no directory " +
                            dir.string() + " (wrong fs id or storage dir?)");
  }

  // 3. Act; on failure undo what this call created and mapped.
  lio_.ensure_target();
  lio_.ensure_acl(initiator, config_.chap);
  for (uint64_t lun : unlinked) lio_.remove_lun(lun);
  const std::vector<std::string> names = lio_.backstore_names();
  const std::set<std::string> existing(names.begin(), names.end());
  std::vector<std::pair<uint64_t, std::string>> created;
  std::vector<uint64_t> newly_mapped;
  // Maps @lun into the client's ACL unless it is there; a number of the
  // ACL left without its link by a killed run is made again.
  auto map_for_client = [&](uint64_t lun) {
    auto mapped = ours.find(lun);
    if (mapped != ours.end() && mapped->second) return;
    if (mapped != ours.end()) lio_.unmap_lun(initiator, lun);
    lio_.map_lun(initiator, lun);
    newly_mapped.push_back(lun);
  };
  try {
    for (Handle handle : handles) {
      const DatafileId id{fs_id, handle};
      auto it = exported.find(id);
      if (it != exported.end()) {
        ExportedLun result{handle, it->second.lun, size, false, false};
        if (current_size[handle] < size) {
          lio_.resize_backstore(it->second.backstore, size);
          result.grown = true;
        }
        map_for_client(it->second.lun);
        results.push_back(result);
        continue;
      }
      ensure_bstream(config_.storage, fs_id, handle);
      const std::string name = backstore_name(config_.server, id);
      // Left by a run that died between backstore and LUN: start afresh.
      if (existing.count(name)) lio_.remove_backstore(name);
      lio_.create_backstore(id, bstream_path(config_.storage, fs_id, handle),
                            size);
      const uint64_t lun = allocator.take();
      try {
        lio_.create_lun(lun, name);
      } catch (...) {
        lio_.remove_backstore(name);
        throw;
      }
      created.emplace_back(lun, name);
      map_for_client(lun);
      results.push_back({handle, lun, size, true, false});
    }
  } catch (...) {
    for (auto it = newly_mapped.rbegin(); it != newly_mapped.rend(); ++it) {
      try {
        lio_.unmap_lun(initiator, *it);
      } catch (const std::exception&) {
        // Report the first failure; unexport or teardown removes leftovers.
      }
    }
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      try {
        lio_.remove_lun(it->first);
        lio_.remove_backstore(it->second);
      } catch (const std::exception&) {
      }
    }
    throw;
  }
  return results;
}

std::vector<UnexportedLun> Exporter::unexport(
    const std::string& initiator, FsId fs_id,
    const std::vector<Handle>& handles) {
  check_initiator_name(initiator, "initiator");
  check_handles(handles);
  check_datafiles(fs_id, handles);
  UniqueFd lock = configfs_.lock();
  lio_.check_available();
  const std::map<DatafileId, LunLink> exported = exported_by_id(lio_.luns());
  // Per LUN of the TPG: the client's own mapped numbers of it, and how many
  // mappings other clients have.
  std::map<uint64_t, std::vector<uint64_t>> ours;
  std::map<uint64_t, size_t> others;
  for (const LunMapping& mapping : lio_.mappings()) {
    if (!mapping.lun) continue;
    if (mapping.initiator == initiator)
      ours[*mapping.lun].push_back(mapping.mapped_lun);
    else
      others[*mapping.lun]++;
  }
  const std::vector<std::string> names = lio_.backstore_names();
  const std::set<std::string> existing(names.begin(), names.end());
  struct Removal {
    std::vector<uint64_t> unmap;  // the client's mapped numbers
    std::optional<uint64_t> lun;  // the LUN to remove, if no one maps it
    std::string backstore;        // ... and its backstore
  };
  std::vector<UnexportedLun> results;
  std::vector<Removal> removals;
  for (Handle handle : handles) {
    const DatafileId id{fs_id, handle};
    UnexportedLun result{handle, std::nullopt, false};
    Removal removal;
    auto it = exported.find(id);
    if (it != exported.end()) {
      result.lun = it->second.lun;
      removal.unmap = ours[it->second.lun];
    }
    // Another client still uses it: only this client's mapping goes.
    const bool in_use = result.lun && others[*result.lun] > 0;
    if (!in_use) {
      removal.lun = result.lun;
      // Also a backstore left without its LUN by a run that died.
      const std::string name = backstore_name(config_.server, id);
      if (existing.count(name)) removal.backstore = name;
      result.removed = result.lun.has_value();
    }
    if (!removal.unmap.empty() || removal.lun || !removal.backstore.empty())
      removals.push_back(std::move(removal));
    results.push_back(result);
  }
  for_each_parallel(removals, kRemovalThreads, [&](const Removal& removal) {
    for (uint64_t mapped : removal.unmap) lio_.unmap_lun(initiator, mapped);
    if (removal.lun) lio_.remove_lun(*removal.lun);
    if (!removal.backstore.empty()) lio_.remove_backstore(removal.backstore);
  });
  return results;
}

SizeChange Exporter::set_size(FsId fs_id, Handle handle, uint64_t size) {
  if (handle == 0) bad_request("handle 0 is PVFS_HANDLE_NULL, no datafile");
  if (config_.orangefs)
    throw ExportError(ErrorCode::kConflict,
                      "set-size on OrangeFS server " + config_.orangefs->alias +
                          ": a datafile's size there is the server's, set "
                          "by a truncate through OrangeFS (truncate(2) on a "
                          "mount), never by the bstream's length");
  check_bstream_size(size);
  set_bstream_size(config_.storage, fs_id, handle, size);
  SizeChange change{handle, size, std::nullopt};
  // The LUN, for the reply only: set-size works without LIO too.
  if (configfs_.exists(lio_.tpg_dir())) {
    const std::map<DatafileId, LunLink> exported = exported_by_id(lio_.luns());
    auto it = exported.find({fs_id, handle});
    if (it != exported.end()) change.lun = it->second.lun;
  }
  return change;
}

std::vector<LunInfo> Exporter::list(std::optional<FsId> fs_id) {
  // Under the lock too: a LUN removed between reading its link and its
  // backstore would fail the listing.
  UniqueFd lock = configfs_.lock();
  lio_.check_available();
  const std::vector<LunMapping> mappings = lio_.mappings();
  std::vector<LunInfo> infos;
  for (const LunLink& link : lio_.luns()) {
    if (!link.id || (fs_id && link.id->fs_id != *fs_id)) continue;
    const Backstore store = lio_.backstore(link.backstore);
    LunInfo info;
    info.fs_id = link.id->fs_id;
    info.handle = link.id->handle;
    info.lun = link.lun;
    info.size = store.size;
    info.backing = store.file;
    info.bstream_size =
        store.file.empty() ? std::nullopt : file_length(store.file);
    info.serial = store.serial;
    for (const LunMapping& mapping : mappings)
      if (mapping.lun == link.lun) info.initiators.push_back(mapping.initiator);
    infos.push_back(std::move(info));
  }
  return infos;
}

void Exporter::teardown() {
  UniqueFd lock = configfs_.lock();
  lio_.teardown();
}

}  // namespace pvfsf::lun_export
