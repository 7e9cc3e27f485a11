#include "export/request_handler.h"

#include <system_error>

namespace pvfsf::lun_export {

namespace {

// "export fs_id=7 size=1048576 handles=4" for the log.
std::string describe(const Request& request) {
  std::string text(op_name(request.op));
  if (request.op != Op::kList || request.has_fs_id)
    text += " fs_id=" + std::to_string(request.fs_id);
  if (request.op == Op::kExport || request.op == Op::kSetSize)
    text += " size=" + std::to_string(request.size);
  if (request.op == Op::kSetSize)
    text += " handle=" + std::to_string(request.handles.at(0));
  else if (!request.handles.empty())
    text += " handles=" + std::to_string(request.handles.size());
  if (!request.initiator.empty()) text += " initiator=" + request.initiator;
  return text;
}

std::string lun_summary(const std::vector<uint64_t>& luns) {
  std::string text;
  for (size_t i = 0; i < luns.size() && i < 8; i++)
    text += (i ? "," : "") + std::to_string(luns[i]);
  if (luns.size() > 8) text += ",...";
  return text.empty() ? "-" : text;
}

}  // namespace

RequestHandler::RequestHandler(const ClusterKey& key, ExportBackend& backend,
                               HandlerLimits limits,
                               std::function<int64_t()> unix_now,
                               std::function<double()> mono_now)
    : key_(key),
      backend_(backend),
      limits_(limits),
      unix_now_(std::move(unix_now)),
      mono_now_(std::move(mono_now)),
      replay_(unix_now_(), limits.time_window, limits.max_nonces),
      global_(limits.global_rate, limits.global_burst) {}

Outcome RequestHandler::refuse(ErrorCode code, const std::string& message,
                               bool close, const std::string& nonce) {
  Reply reply;
  reply.nonce = nonce;
  reply.ok = false;
  reply.error = code;
  reply.message = message;
  return {encode_frame(key_, encode_reply(reply)), close,
          "refused " + std::string(error_code_name(code)) + ": " + message};
}

Outcome RequestHandler::handle(std::string_view frame) {
  // 1. Framing and MAC.  A peer that cannot frame or sign is not one of
  // ours: answer and hang up.
  std::string_view body;
  try {
    body = open_frame(key_, frame);
  } catch (const ExportError& e) {
    return refuse(e.code(), e.what(), true);
  }
  Outcome outcome = handle_signed(body);
  outcome.authenticated = true;
  return outcome;
}

Outcome RequestHandler::handle_signed(std::string_view body) {
  // 2. The body, from here on a signed one.
  Request request;
  try {
    request = parse_request(body);
  } catch (const ExportError& e) {
    return refuse(e.code(), e.what(), false, peek_nonce(body));
  }
  // 3. Fresh and never seen; then the global budget.
  try {
    replay_.check(request.time, request.nonce, unix_now_());
  } catch (const ExportError& e) {
    return refuse(e.code(), e.what(), false, request.nonce);
  }
  if (!global_.take(mono_now_()))
    return refuse(ErrorCode::kRateLimited,
                  "the service takes at most " +
                      std::to_string(static_cast<int>(limits_.global_rate)) +
                      " requests a second; retry later",
                  false, request.nonce);
  // 4. The operation.
  Outcome outcome;
  try {
    outcome = execute(request);
  } catch (const ExportError& e) {
    outcome = refuse(e.code(), e.what(), false, request.nonce);
  } catch (const std::exception& e) {
    outcome = refuse(ErrorCode::kFailed, e.what(), false, request.nonce);
  }
  outcome.log = describe(request) + ": " + outcome.log;
  return outcome;
}

Outcome RequestHandler::execute(const Request& request) {
  Reply reply;
  reply.nonce = request.nonce;
  reply.ok = true;
  reply.op = request.op;
  reply.target = backend_.target_info();
  std::string log = "ok";
  std::vector<uint64_t> luns;
  switch (request.op) {
    case Op::kExport:
      reply.exported = backend_.export_handles(request.initiator, request.fs_id,
                                               request.size, request.handles);
      for (const ExportedLun& lun : reply.exported) luns.push_back(lun.lun);
      log += " luns=" + lun_summary(luns);
      break;
    case Op::kUnexport: {
      reply.unexported =
          backend_.unexport(request.initiator, request.fs_id, request.handles);
      std::vector<uint64_t> removed;
      for (const UnexportedLun& lun : reply.unexported) {
        if (lun.lun) luns.push_back(*lun.lun);
        if (lun.removed) removed.push_back(*lun.lun);
      }
      log +=
          " unmapped=" + lun_summary(luns) + " removed=" + lun_summary(removed);
      break;
    }
    case Op::kSetSize:
      reply.size_change =
          backend_.set_size(request.fs_id, request.handles.at(0), request.size);
      break;
    case Op::kList:
      fill_list_page(reply,
                     backend_.list(request.has_fs_id
                                       ? std::optional<FsId>(request.fs_id)
                                       : std::nullopt),
                     request.from_lun);
      log += " luns=" + std::to_string(reply.luns.size());
      if (reply.next_lun) log += " next=" + std::to_string(*reply.next_lun);
      break;
  }
  return {encode_frame(key_, encode_reply(reply)), false, log};
}

}  // namespace pvfsf::lun_export
