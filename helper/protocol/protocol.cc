#include "protocol/protocol.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include <nlohmann/json.hpp>

#include "protocol/initiator_name.h"
#include "protocol/json_fields.h"

namespace pvfsf::lun_export {

namespace {

using nlohmann::json;

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

// A body is sent whatever bytes its strings hold (an error message may
// quote a client's invalid UTF-8): those are replaced, not thrown.
std::string dump(const json& object) {
  return object.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Op> parse_op(std::string_view name) {
  if (name == "export") return Op::kExport;
  if (name == "unexport") return Op::kUnexport;
  if (name == "set-size") return Op::kSetSize;
  if (name == "list") return Op::kList;
  return std::nullopt;
}

}  // namespace

std::string encode_frame(std::string_view body) {
  // The peer would refuse the header and be left out of step with the
  // stream: never send what it cannot take.
  if (body.size() > kMaxBodySize)
    throw ExportError(ErrorCode::kTooLarge,
                      "body of " + std::to_string(body.size()) +
                          " bytes: at most " + std::to_string(kMaxBodySize) +
                          " fit in a frame");
  const uint32_t len = static_cast<uint32_t>(body.size());
  std::string frame;
  frame += static_cast<char>(len >> 24);
  frame += static_cast<char>(len >> 16);
  frame += static_cast<char>(len >> 8);
  frame += static_cast<char>(len);
  frame.append(body);
  return frame;
}

size_t check_frame_header(std::string_view header) {
  if (header.size() < kFrameHeaderSize)
    throw ExportError(ErrorCode::kBadFrame, "truncated frame header");
  const uint32_t len = get_be32(header);
  if (len == 0) throw ExportError(ErrorCode::kBadFrame, "empty body");
  if (len > kMaxBodySize)
    throw ExportError(ErrorCode::kTooLarge,
                      "body of " + std::to_string(len) + " bytes: at most " +
                          std::to_string(kMaxBodySize) + " are allowed");
  return len;
}

std::string_view open_frame(std::string_view frame) {
  const size_t len = check_frame_header(frame);
  const size_t total = kFrameHeaderSize + len;
  if (frame.size() < total)
    throw ExportError(ErrorCode::kBadFrame,
                      "truncated frame: " + std::to_string(frame.size()) +
                          " of " + std::to_string(total) + " bytes");
  if (frame.size() > total)
    throw ExportError(ErrorCode::kBadFrame, "bytes after the frame's body");
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

void from_json(const json& object, Request& request) {
  request = Request();

  auto version = object.find("v");
  if (version == object.end()) bad_request("no \"v\" (protocol version)");
  if (!version->is_number_unsigned() ||
      version->get<uint64_t>() != kProtocolVersion)
    bad_request("protocol version " + version->dump() +
                " unknown; this service speaks " +
                std::to_string(kProtocolVersion));

  auto op = object.find("op");
  if (op == object.end()) bad_request("no \"op\"");
  if (!op->is_string()) bad_request("\"op\" is no string");
  const std::optional<Op> parsed_op = parse_op(op->get<std::string>());
  if (!parsed_op)
    throw ExportError(
        ErrorCode::kUnknownOp,
        "unknown op " + op->dump() + " (export, unexport, set-size, list)");
  request.op = *parsed_op;

  // The fields each op takes; anything else is refused, so that a client's
  // misspelt field fails loudly instead of being ignored.
  std::set<std::string> allowed{"v", "op", "server"};
  switch (request.op) {
    case Op::kExport:
      allowed.insert({"fs_id", "size", "handles", "initiator"});
      break;
    case Op::kUnexport:
      allowed.insert({"fs_id", "handles", "initiator"});
      break;
    case Op::kSetSize:
      allowed.insert({"fs_id", "handle", "size"});
      break;
    case Op::kList:
      allowed.insert({"fs_id", "from_lun"});
      break;
  }
  for (const auto& item : object.items())
    if (!allowed.count(item.key()))
      bad_request("unknown field \"" + item.key() + "\" for op " +
                  std::string(op_name(request.op)));

  // Which server the request is for, so that one sent (or captured and
  // sent) to another server is refused there; RequestHandler compares it.
  auto server = object.find("server");
  if (server == object.end()) bad_request("no \"server\"");
  if (!server->is_string()) bad_request("\"server\" is no string");
  request.server = server->get<std::string>();

  auto fs_id = object.find("fs_id");
  if (fs_id != object.end()) {
    request.fs_id = json_fs_id(*fs_id);
    request.has_fs_id = true;
  } else if (request.op != Op::kList) {
    bad_request("no \"fs_id\"");
  }

  auto from_lun = object.find("from_lun");
  if (from_lun != object.end()) request.from_lun = json_u64(*from_lun, "from_lun");

  if (request.op == Op::kExport || request.op == Op::kSetSize) {
    auto size = object.find("size");
    if (size == object.end()) bad_request("no \"size\"");
    request.size = json_u64(*size, "size");
    if (request.op == Op::kExport)
      check_lun_size(request.size);
    else
      check_bstream_size(request.size);
  }

  if (request.op == Op::kExport || request.op == Op::kUnexport) {
    auto handles = object.find("handles");
    if (handles == object.end()) bad_request("no \"handles\"");
    if (!handles->is_array()) bad_request("\"handles\" is no array");
    if (handles->size() > kMaxHandlesPerRequest)
      bad_request(std::to_string(handles->size()) + " handles: at most " +
                  std::to_string(kMaxHandlesPerRequest) + " per request");
    for (const json& handle : *handles)
      request.handles.push_back(json_u64(handle, "handles[]"));
    check_handles(request.handles);
    auto initiator = object.find("initiator");
    if (initiator == object.end())
      bad_request("no \"initiator\" (the client's iSCSI initiator name)");
    if (!initiator->is_string()) bad_request("\"initiator\" is no string");
    request.initiator = initiator->get<std::string>();
    check_initiator_name(request.initiator, "initiator");
  } else if (request.op == Op::kSetSize) {
    auto handle = object.find("handle");
    if (handle == object.end()) bad_request("no \"handle\"");
    request.handles.push_back(json_u64(*handle, "handle"));
    check_handles(request.handles);
  }
}

void to_json(json& object, const Request& request) {
  object = {{"v", kProtocolVersion},
            {"op", std::string(op_name(request.op))},
            {"server", request.server}};
  switch (request.op) {
    case Op::kExport:
      object["fs_id"] = request.fs_id;
      object["size"] = request.size;
      object["handles"] = request.handles;
      object["initiator"] = request.initiator;
      break;
    case Op::kUnexport:
      object["fs_id"] = request.fs_id;
      object["handles"] = request.handles;
      object["initiator"] = request.initiator;
      break;
    case Op::kSetSize:
      object["fs_id"] = request.fs_id;
      object["handle"] = request.handles.empty() ? 0 : request.handles[0];
      object["size"] = request.size;
      break;
    case Op::kList:
      if (request.has_fs_id) object["fs_id"] = request.fs_id;
      // Left out for the first page, which a service that does not page
      // answers whole.
      if (request.from_lun) object["from_lun"] = request.from_lun;
      break;
  }
}

Request parse_request(std::string_view body) {
  return parse_object(body).get<Request>();
}

std::string encode_request(const Request& request) {
  return dump(json(request));
}

void to_json(json& object, const Reply& reply) {
  object = {{"v", kProtocolVersion}, {"ok", reply.ok}};
  if (!reply.ok) {
    object["error"] = {{"code", std::string(error_code_name(reply.error))},
                       {"message", reply.message}};
    return;
  }
  object["op"] = std::string(op_name(reply.op));
  object.update(json(reply.target));
  switch (reply.op) {
    case Op::kExport:
      object["luns"] = reply.exported;
      break;
    case Op::kUnexport:
      object["handles"] = reply.unexported;
      break;
    case Op::kSetSize:
      object.update(json(reply.size_change));
      break;
    case Op::kList:
      object["luns"] = reply.luns;
      if (reply.next_lun) object["next_lun"] = *reply.next_lun;
      break;
  }
}

void from_json(const json& object, Reply& reply) {
  reply = Reply();
  reply.ok = reply_bool(object, "ok");
  if (!reply.ok) {
    const json& error = reply_field(object, "error");
    if (!error.is_object()) bad_request("\"error\" is no object");
    reply.error = parse_error_code(reply_string(error, "code"))
                      .value_or(ErrorCode::kFailed);
    reply.message = reply_string(error, "message");
    return;
  }
  const std::optional<Op> op = parse_op(reply_string(object, "op"));
  if (!op) bad_request("reply names an unknown op");
  reply.op = *op;
  object.get_to(reply.target);
  switch (reply.op) {
    case Op::kExport:
      reply_array(object, "luns").get_to(reply.exported);
      break;
    case Op::kUnexport:
      reply_array(object, "handles").get_to(reply.unexported);
      break;
    case Op::kSetSize:
      object.get_to(reply.size_change);
      break;
    case Op::kList:
      reply_array(object, "luns").get_to(reply.luns);
      if (auto next = object.find("next_lun"); next != object.end())
        reply.next_lun = json_u64(*next, "next_lun");
      break;
  }
}

void fill_list_page(Reply& reply, std::vector<LunInfo> luns,
                    uint64_t from_lun) {
  std::sort(luns.begin(), luns.end(),
            [](const LunInfo& a, const LunInfo& b) { return a.lun < b.lun; });
  reply.luns.clear();
  reply.next_lun.reset();
  // The largest "next_lun" the page may end up carrying, so that adding it
  // cannot push a full page over the limit.
  size_t used = encode_reply(reply).size() +
                std::string(",\"next_lun\":").size() +
                std::to_string(UINT64_MAX).size();
  for (const LunInfo& lun : luns) {
    if (lun.lun < from_lun) continue;
    const size_t entry = dump(json(lun)).size() + 1;  // and a comma
    if (used + entry > kMaxBodySize) {
      if (reply.luns.empty())
        throw ExportError(ErrorCode::kTooLarge,
                          "LUN " + std::to_string(lun.lun) +
                              ": its entry alone does not fit in a reply");
      reply.next_lun = lun.lun;
      return;
    }
    used += entry;
    reply.luns.push_back(lun);
  }
}

std::string encode_reply(const Reply& reply) { return dump(json(reply)); }

Reply parse_reply(std::string_view body) {
  return parse_object(body).get<Reply>();
}

}  // namespace pvfsf::lun_export
