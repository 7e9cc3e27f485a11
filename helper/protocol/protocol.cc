#include "protocol/protocol.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <set>

namespace pvfsf::lun_export {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& message) {
  throw ExportError(ErrorCode::kBadRequest, message);
}

uint32_t get_be32(std::string_view bytes) {
  return static_cast<uint32_t>(static_cast<unsigned char>(bytes[0])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[3]));
}

json parse_object(std::string_view body) {
  json value = json::parse(body.begin(), body.end(), nullptr, false);
  if (value.is_discarded())
    throw ExportError(ErrorCode::kBadJson, "body is not valid JSON");
  if (!value.is_object())
    throw ExportError(ErrorCode::kBadJson, "body is not a JSON object");
  return value;
}

// A JSON integer in [0, 2^64-1]; nlohmann parses those as unsigned.
uint64_t get_u64(const json& value, const char* name) {
  if (!value.is_number_unsigned())
    bad(std::string("\"") + name + "\" must be an integer from 0 to 2^64-1");
  return value.get<uint64_t>();
}

int64_t get_i64(const json& value, const char* name) {
  if (value.is_number_unsigned()) {
    const uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      bad(std::string("\"") + name + "\" is out of range");
    return static_cast<int64_t>(v);
  }
  if (!value.is_number_integer())
    bad(std::string("\"") + name + "\" must be an integer");
  return value.get<int64_t>();
}

FsId get_fs_id(const json& value) {
  const int64_t v = get_i64(value, "fs_id");
  if (v < std::numeric_limits<FsId>::min() ||
      v > std::numeric_limits<FsId>::max())
    bad("\"fs_id\" " + std::to_string(v) + " does not fit PVFS_fs_id (int32)");
  return static_cast<FsId>(v);
}

bool is_nonce(const std::string& nonce) {
  if (nonce.size() != kNonceHexDigits) return false;
  for (char c : nonce)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<Op> parse_op(std::string_view name) {
  if (name == "export") return Op::kExport;
  if (name == "unexport") return Op::kUnexport;
  if (name == "set-size") return Op::kSetSize;
  if (name == "list") return Op::kList;
  return std::nullopt;
}

// Reply readers: a client reads what a service of this version or a later
// one wrote, so unknown fields are ignored, missing ones refused.
const json& field(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) bad(std::string("reply has no \"") + name + "\"");
  return *it;
}

std::string get_string(const json& object, const char* name) {
  const json& value = field(object, name);
  if (!value.is_string()) bad(std::string("\"") + name + "\" is no string");
  return value.get<std::string>();
}

std::optional<uint64_t> get_optional_u64(const json& object, const char* name) {
  const json& value = field(object, name);
  if (value.is_null()) return std::nullopt;
  return get_u64(value, name);
}

}  // namespace

std::string encode_frame(const ClusterKey& key, std::string_view body) {
  std::string frame(kFrameMagic);
  const uint32_t len = static_cast<uint32_t>(body.size());
  frame += static_cast<char>(len >> 24);
  frame += static_cast<char>(len >> 16);
  frame += static_cast<char>(len >> 8);
  frame += static_cast<char>(len);
  frame.append(body);
  const Mac mac = key.mac(frame);
  frame.append(reinterpret_cast<const char*>(mac.data()), mac.size());
  return frame;
}

size_t check_frame_header(std::string_view header) {
  if (header.size() < kFrameHeaderSize)
    throw ExportError(ErrorCode::kBadFrame, "truncated frame header");
  if (header.substr(0, 4) != kFrameMagic)
    throw ExportError(ErrorCode::kBadFrame,
                      "not a pvfs-lun-export frame (no \"PLE1\" magic)");
  const uint32_t len = get_be32(header.substr(4, 4));
  if (len == 0) throw ExportError(ErrorCode::kBadFrame, "empty body");
  if (len > kMaxBodySize)
    throw ExportError(ErrorCode::kTooLarge,
                      "body of " + std::to_string(len) + " bytes: at most " +
                          std::to_string(kMaxBodySize) + " are allowed");
  return len;
}

std::optional<std::string_view> frame_body(std::string_view frame) {
  try {
    const size_t len = check_frame_header(frame);
    if (frame.size() != kFrameHeaderSize + len + kMacSize) return std::nullopt;
    return frame.substr(kFrameHeaderSize, len);
  } catch (const ExportError&) {
    return std::nullopt;
  }
}

std::string_view open_frame(const ClusterKey& key, std::string_view frame) {
  const size_t len = check_frame_header(frame);
  const size_t total = kFrameHeaderSize + len + kMacSize;
  if (frame.size() < total)
    throw ExportError(ErrorCode::kBadFrame,
                      "truncated frame: " + std::to_string(frame.size()) +
                          " of " + std::to_string(total) + " bytes");
  if (frame.size() > total)
    throw ExportError(ErrorCode::kBadFrame, "bytes after the frame's MAC");
  Mac mac;
  std::copy_n(frame.data() + kFrameHeaderSize + len, kMacSize, mac.begin());
  if (!key.verify(frame.substr(0, kFrameHeaderSize + len), mac))
    throw ExportError(
        ErrorCode::kAuth,
        "MAC does not verify: wrong cluster key or altered frame");
  return frame.substr(kFrameHeaderSize, len);
}

std::string_view op_name(Op op) {
  switch (op) {
    case Op::kExport:
      return "export";
    case Op::kUnexport:
      return "unexport";
    case Op::kSetSize:
      return "set-size";
    case Op::kList:
      return "list";
  }
  return "?";
}

Request parse_request(std::string_view body) {
  const json object = parse_object(body);
  Request request;

  auto version = object.find("v");
  if (version == object.end()) bad("no \"v\" (protocol version)");
  if (!version->is_number_unsigned() ||
      version->get<uint64_t>() != kProtocolVersion)
    bad("protocol version " + version->dump() +
        " unknown; this service speaks 1");

  auto op = object.find("op");
  if (op == object.end()) bad("no \"op\"");
  if (!op->is_string()) bad("\"op\" is no string");
  const std::optional<Op> parsed_op = parse_op(op->get<std::string>());
  if (!parsed_op)
    throw ExportError(
        ErrorCode::kUnknownOp,
        "unknown op " + op->dump() + " (export, unexport, set-size, list)");
  request.op = *parsed_op;

  // The fields each op takes; anything else is refused, so that a client's
  // misspelt field fails loudly instead of being ignored.
  std::set<std::string> allowed{"v", "op", "time", "nonce"};
  switch (request.op) {
    case Op::kExport:
      allowed.insert({"fs_id", "size", "handles"});
      break;
    case Op::kUnexport:
      allowed.insert({"fs_id", "handles"});
      break;
    case Op::kSetSize:
      allowed.insert({"fs_id", "handle", "size"});
      break;
    case Op::kList:
      allowed.insert("fs_id");
      break;
  }
  for (const auto& item : object.items())
    if (!allowed.count(item.key()))
      bad("unknown field \"" + item.key() + "\" for op " +
          std::string(op_name(request.op)));

  auto time = object.find("time");
  if (time == object.end()) bad("no \"time\"");
  request.time = get_i64(*time, "time");

  auto nonce = object.find("nonce");
  if (nonce == object.end()) bad("no \"nonce\"");
  if (!nonce->is_string() || !is_nonce(nonce->get<std::string>()))
    bad("\"nonce\" must be 32 lowercase hex digits");
  request.nonce = nonce->get<std::string>();

  auto fs_id = object.find("fs_id");
  if (fs_id != object.end()) {
    request.fs_id = get_fs_id(*fs_id);
    request.has_fs_id = true;
  } else if (request.op != Op::kList) {
    bad("no \"fs_id\"");
  }

  if (request.op == Op::kExport || request.op == Op::kSetSize) {
    auto size = object.find("size");
    if (size == object.end()) bad("no \"size\"");
    request.size = get_u64(*size, "size");
    if (request.op == Op::kExport)
      check_lun_size(request.size);
    else
      check_bstream_size(request.size);
  }

  if (request.op == Op::kExport || request.op == Op::kUnexport) {
    auto handles = object.find("handles");
    if (handles == object.end()) bad("no \"handles\"");
    if (!handles->is_array()) bad("\"handles\" is no array");
    if (handles->size() > kMaxHandlesPerRequest)
      bad(std::to_string(handles->size()) + " handles: at most " +
          std::to_string(kMaxHandlesPerRequest) + " per request");
    for (const json& handle : *handles)
      request.handles.push_back(get_u64(handle, "handles[]"));
    check_handles(request.handles);
  } else if (request.op == Op::kSetSize) {
    auto handle = object.find("handle");
    if (handle == object.end()) bad("no \"handle\"");
    request.handles.push_back(get_u64(*handle, "handle"));
    check_handles(request.handles);
  }
  return request;
}

std::string encode_request(const Request& request) {
  json object = {{"v", kProtocolVersion},
                 {"op", std::string(op_name(request.op))},
                 {"time", request.time},
                 {"nonce", request.nonce}};
  switch (request.op) {
    case Op::kExport:
      object["fs_id"] = request.fs_id;
      object["size"] = request.size;
      object["handles"] = request.handles;
      break;
    case Op::kUnexport:
      object["fs_id"] = request.fs_id;
      object["handles"] = request.handles;
      break;
    case Op::kSetSize:
      object["fs_id"] = request.fs_id;
      object["handle"] = request.handles.empty() ? 0 : request.handles[0];
      object["size"] = request.size;
      break;
    case Op::kList:
      if (request.has_fs_id) object["fs_id"] = request.fs_id;
      break;
  }
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string peek_nonce(std::string_view body) {
  const json value = json::parse(body.begin(), body.end(), nullptr, false);
  if (!value.is_object()) return "";
  auto nonce = value.find("nonce");
  if (nonce == value.end() || !nonce->is_string()) return "";
  const std::string text = nonce->get<std::string>();
  return is_nonce(text) ? text : "";
}

std::string encode_reply(const Reply& reply) {
  json object = {
      {"v", kProtocolVersion}, {"nonce", reply.nonce}, {"ok", reply.ok}};
  if (!reply.ok) {
    object["error"] = {{"code", std::string(error_code_name(reply.error))},
                       {"message", reply.message}};
    return object.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  object["op"] = std::string(op_name(reply.op));
  object.update(json(reply.target));
  switch (reply.op) {
    case Op::kExport: {
      json luns = json::array();
      for (const ExportedLun& lun : reply.exported)
        luns.push_back({{"handle", lun.handle},
                        {"lun", lun.lun},
                        {"size", lun.size},
                        {"created", lun.created},
                        {"grown", lun.grown}});
      object["luns"] = luns;
      break;
    }
    case Op::kUnexport: {
      json handles = json::array();
      for (const UnexportedLun& lun : reply.unexported)
        handles.push_back({{"handle", lun.handle},
                           {"lun", lun.lun ? json(*lun.lun) : json(nullptr)}});
      object["handles"] = handles;
      break;
    }
    case Op::kSetSize: {
      const SizeChange& change = reply.size_change;
      object["handle"] = change.handle;
      object["size"] = change.size;
      object["lun"] = change.lun ? json(*change.lun) : json(nullptr);
      break;
    }
    case Op::kList: {
      object["luns"] = json(reply.luns);
      break;
    }
  }
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

Reply parse_reply(std::string_view body) {
  const json object = parse_object(body);
  Reply reply;
  reply.nonce = get_string(object, "nonce");
  const json& ok = field(object, "ok");
  if (!ok.is_boolean()) bad("\"ok\" is no boolean");
  reply.ok = ok.get<bool>();
  if (!reply.ok) {
    const json& error = field(object, "error");
    if (!error.is_object()) bad("\"error\" is no object");
    reply.error = parse_error_code(get_string(error, "code"))
                      .value_or(ErrorCode::kFailed);
    reply.message = get_string(error, "message");
    return reply;
  }
  const std::optional<Op> op = parse_op(get_string(object, "op"));
  if (!op) bad("reply names an unknown op");
  reply.op = *op;
  reply.target = {get_string(object, "server"), get_string(object, "target"),
                  get_string(object, "portal")};
  auto array = [&](const char* name) -> const json& {
    const json& value = field(object, name);
    if (!value.is_array()) bad(std::string("\"") + name + "\" is no array");
    return value;
  };
  auto boolean = [&](const json& item, const char* name) {
    const json& value = field(item, name);
    if (!value.is_boolean()) bad(std::string("\"") + name + "\" is no boolean");
    return value.get<bool>();
  };
  switch (reply.op) {
    case Op::kExport:
      for (const json& item : array("luns"))
        reply.exported.push_back({get_u64(field(item, "handle"), "handle"),
                                  get_u64(field(item, "lun"), "lun"),
                                  get_u64(field(item, "size"), "size"),
                                  boolean(item, "created"),
                                  boolean(item, "grown")});
      break;
    case Op::kUnexport:
      for (const json& item : array("handles"))
        reply.unexported.push_back({get_u64(field(item, "handle"), "handle"),
                                    get_optional_u64(item, "lun")});
      break;
    case Op::kSetSize:
      reply.size_change = {get_u64(field(object, "handle"), "handle"),
                           get_u64(field(object, "size"), "size"),
                           get_optional_u64(object, "lun")};
      break;
    case Op::kList:
      for (const json& item : array("luns")) {
        LunInfo info;
        info.fs_id = get_fs_id(field(item, "fs_id"));
        info.handle = get_u64(field(item, "handle"), "handle");
        info.lun = get_u64(field(item, "lun"), "lun");
        info.size = get_u64(field(item, "size"), "size");
        info.backing = get_string(item, "backing");
        info.bstream_size = get_optional_u64(item, "bstream_size");
        info.serial = get_string(item, "serial");
        reply.luns.push_back(std::move(info));
      }
      break;
  }
  return reply;
}

}  // namespace pvfsf::lun_export
