#include "protocol/types.h"

#include <set>

#include <nlohmann/json.hpp>

#include "protocol/export_error.h"

namespace pvfsf::lun_export {

namespace {

[[noreturn]] void bad_request(const std::string& message) {
  throw ExportError(ErrorCode::kBadRequest, message);
}

}  // namespace

void to_json(nlohmann::json& out, const LunInfo& info) {
  out = {{"fs_id", info.fs_id},
         {"handle", info.handle},
         {"lun", info.lun},
         {"size", info.size},
         {"backing", info.backing},
         {"bstream_size", info.bstream_size ? nlohmann::json(*info.bstream_size)
                                            : nlohmann::json(nullptr)},
         {"serial", info.serial}};
}

void to_json(nlohmann::json& out, const TargetInfo& target) {
  out = {{"server", target.server},
         {"target", target.target},
         {"portal", target.portal}};
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
