#include "protocol/types.h"

#include <set>

#include <nlohmann/json.hpp>

#include "protocol/json_fields.h"

namespace pvfsf::lun_export {

void to_json(nlohmann::json& out, const ExportedLun& lun) {
  out = {{"handle", lun.handle},
         {"lun", lun.lun},
         {"size", lun.size},
         {"created", lun.created},
         {"grown", lun.grown}};
}

void from_json(const nlohmann::json& in, ExportedLun& lun) {
  lun.handle = reply_u64(in, "handle");
  lun.lun = reply_u64(in, "lun");
  lun.size = reply_u64(in, "size");
  lun.created = reply_bool(in, "created");
  lun.grown = reply_bool(in, "grown");
}

void to_json(nlohmann::json& out, const UnexportedLun& lun) {
  out = {{"handle", lun.handle},
         {"lun", json_or_null(lun.lun)},
         {"removed", lun.removed}};
}

void from_json(const nlohmann::json& in, UnexportedLun& lun) {
  lun.handle = reply_u64(in, "handle");
  lun.lun = reply_optional_u64(in, "lun");
  lun.removed = reply_bool(in, "removed");
}

void to_json(nlohmann::json& out, const SizeChange& change) {
  out = {{"handle", change.handle},
         {"size", change.size},
         {"lun", json_or_null(change.lun)}};
}

void from_json(const nlohmann::json& in, SizeChange& change) {
  change.handle = reply_u64(in, "handle");
  change.size = reply_u64(in, "size");
  change.lun = reply_optional_u64(in, "lun");
}

void to_json(nlohmann::json& out, const LunInfo& info) {
  out = {{"fs_id", info.fs_id},
         {"handle", info.handle},
         {"lun", info.lun},
         {"size", info.size},
         {"backing", info.backing},
         {"bstream_size", json_or_null(info.bstream_size)},
         {"serial", info.serial},
         {"initiators", info.initiators}};
}

void from_json(const nlohmann::json& in, LunInfo& info) {
  info.fs_id = json_fs_id(reply_field(in, "fs_id"));
  info.handle = reply_u64(in, "handle");
  info.lun = reply_u64(in, "lun");
  info.size = reply_u64(in, "size");
  info.backing = reply_string(in, "backing");
  info.bstream_size = reply_optional_u64(in, "bstream_size");
  info.serial = reply_string(in, "serial");
  info.initiators.clear();
  for (const nlohmann::json& name : reply_array(in, "initiators")) {
    if (!name.is_string()) bad_request("\"initiators\" holds a non-string");
    info.initiators.push_back(name.get<std::string>());
  }
}

void to_json(nlohmann::json& out, const TargetInfo& target) {
  out = {{"server", target.server},
         {"target", target.target},
         {"portal", target.portal}};
}

void from_json(const nlohmann::json& in, TargetInfo& target) {
  target.server = reply_string(in, "server");
  target.target = reply_string(in, "target");
  target.portal = reply_string(in, "portal");
}

void check_lun_size(uint64_t size) {
  if (size == 0) bad_request("LUN size 0: must be at least 512 bytes");
  if (size % kLunBlockSize)
    bad_request("LUN size " + std::to_string(size) +
                ": not a multiple of 512 bytes (LIO fileio's block size)");
  if (size > kMaxLunSize)
    bad_request("LUN size " + std::to_string(size) + ": above the limit of " +
                std::to_string(kMaxLunSize) + " bytes (1 PiB)");
}

void check_bstream_size(uint64_t size) {
  if (size > kMaxLunSize)
    bad_request("size " + std::to_string(size) + ": above the limit of " +
                std::to_string(kMaxLunSize) + " bytes (1 PiB)");
}

void check_handles(const std::vector<Handle>& handles) {
  if (handles.empty()) bad_request("no handle given");
  if (handles.size() > kMaxHandlesPerRequest)
    bad_request(std::to_string(handles.size()) + " handles: at most " +
                std::to_string(kMaxHandlesPerRequest) + " per request");
  std::set<Handle> seen;
  for (Handle handle : handles) {
    if (handle == 0) bad_request("handle 0 is PVFS_HANDLE_NULL, no datafile");
    if (!seen.insert(handle).second)
      bad_request("handle " + std::to_string(handle) + " given twice");
  }
}

}  // namespace pvfsf::lun_export
