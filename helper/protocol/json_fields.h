// Strict readers of the protocol's JSON values.  Each throws ExportError
// kBadRequest naming the field when a value is missing or of the wrong type
// or range, so that no body, however malformed, ends in a nlohmann
// exception (protocol.h: parsers are total).
#ifndef PVFSF_HELPER_PROTOCOL_JSON_FIELDS_H
#define PVFSF_HELPER_PROTOCOL_JSON_FIELDS_H

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "protocol/types.h"

namespace pvfsf::lun_export {

[[noreturn]] void bad_request(const std::string& message);

// A JSON integer in [0, 2^64-1]; nlohmann parses those as unsigned.
uint64_t json_u64(const nlohmann::json& value, const char* name);
// A JSON integer in [-2^63, 2^63-1].
int64_t json_i64(const nlohmann::json& value, const char* name);
// A JSON integer that fits PVFS_fs_id.
FsId json_fs_id(const nlohmann::json& value);
// @value, or JSON null for nullopt.
nlohmann::json json_or_null(const std::optional<uint64_t>& value);

// Reply readers: a client reads what a service of this version or a later
// one wrote, so unknown fields are ignored, missing ones refused.
const nlohmann::json& reply_field(const nlohmann::json& object,
                                  const char* name);
std::string reply_string(const nlohmann::json& object, const char* name);
bool reply_bool(const nlohmann::json& object, const char* name);
const nlohmann::json& reply_array(const nlohmann::json& object,
                                  const char* name);
uint64_t reply_u64(const nlohmann::json& object, const char* name);
// JSON null is nullopt.
std::optional<uint64_t> reply_optional_u64(const nlohmann::json& object,
                                           const char* name);

}  // namespace pvfsf::lun_export

#endif
