#include "protocol/json_fields.h"

#include <limits>

#include <nlohmann/json.hpp>

#include "protocol/export_error.h"

namespace pvfsf::lun_export {

using nlohmann::json;

void bad_request(const std::string& message) {
  throw ExportError(ErrorCode::kBadRequest, message);
}

uint64_t json_u64(const json& value, const char* name) {
  if (!value.is_number_unsigned())
    bad_request(std::string("\"") + name +
                "\" must be an integer from 0 to 2^64-1");
  return value.get<uint64_t>();
}

int64_t json_i64(const json& value, const char* name) {
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      bad_request(std::string("\"") + name + "\" is out of range");
    return static_cast<int64_t>(v);
  }
  if (!value.is_number_integer())
    bad_request(std::string("\"") + name + "\" must be an integer");
  return value.get<int64_t>();
}

FsId json_fs_id(const json& value) {
  const int64_t v = json_i64(value, "fs_id");
  if (v < std::numeric_limits<FsId>::min() ||
      v > std::numeric_limits<FsId>::max())
    bad_request("\"fs_id\" " + std::to_string(v) +
                " does not fit PVFS_fs_id (int32)");
  return static_cast<FsId>(v);
}

json json_or_null(const std::optional<uint64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

const json& reply_field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end())
    bad_request(std::string("reply has no \"") + name + "\"");
  return *it;
}

std::string reply_string(const json& object, const char* name) {
  const json& value = reply_field(object, name);
  if (!value.is_string())
    bad_request(std::string("\"") + name + "\" is no string");
  return value.get<std::string>();
}

bool reply_bool(const json& object, const char* name) {
  const json& value = reply_field(object, name);
  if (!value.is_boolean())
    bad_request(std::string("\"") + name + "\" is no boolean");
  return value.get<bool>();
}

const json& reply_array(const json& object, const char* name) {
  const json& value = reply_field(object, name);
  if (!value.is_array())
    bad_request(std::string("\"") + name + "\" is no array");
  return value;
}

uint64_t reply_u64(const json& object, const char* name) {
  return json_u64(reply_field(object, name), name);
}

std::optional<uint64_t> reply_optional_u64(const json& object,
                                           const char* name) {
  const json& value = reply_field(object, name);
  if (value.is_null()) return std::nullopt;
  return json_u64(value, name);
}

}  // namespace pvfsf::lun_export
