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

RequestHandler::RequestHandler(ExportBackend& backend, HandlerLimits limits,
                               std::function<double()> mono_now)
    : backend_(backend),
      limits_(limits),
      mono_now_(std::move(mono_now)),
      global_(limits.global_rate, limits.global_burst) {}

Outcome RequestHandler::refuse(ErrorCode code, const std::string& message,
                               bool close) {
  Reply reply;
  reply.ok = false;
  reply.error = code;
  reply.message = message;
  return {encode_frame(encode_reply(reply)), close,
          "refused " + std::string(error_code_name(code)) + ": " + message};
}

Outcome RequestHandler::handle(std::string_view frame) {
  // 1. Framing.  A peer out of step with the stream cannot be read on:
  // answer and hang up.
  std::string_view body;
  try {
    body = open_frame(frame);
  } catch (const ExportError& e) {
    return refuse(e.code(), e.what(), true);
  }
  return handle_body(body);
}

Outcome RequestHandler::handle_body(std::string_view body) {
  // 2. The body.
  Request request;
  try {
    request = parse_request(body);
  } catch (const ExportError& e) {
    return refuse(e.code(), e.what(), false);
  }
  // 3. Meant for this server: a request captured on its way to another
  // (or sent to the wrong address) changes nothing here.
  const std::string ours = backend_.target_info().server;
  if (request.server != ours)
    return refuse(ErrorCode::kWrongServer,
                  "the request is for server \"" + request.server +
                      "\"; this is server \"" + ours + "\"",
                  false);
  // 4. The global budget.
  if (!global_.take(mono_now_()))
    return refuse(ErrorCode::kRateLimited,
                  "the service takes at most " +
                      std::to_string(static_cast<int>(limits_.global_rate)) +
                      " requests a second; retry later",
                  false);
  // 5. The operation.
  Outcome outcome;
  try {
    outcome = execute(request);
  } catch (const ExportError& e) {
    outcome = refuse(e.code(), e.what(), false);
  } catch (const std::exception& e) {
    outcome = refuse(ErrorCode::kFailed, e.what(), false);
  }
  outcome.log = describe(request) + ": " + outcome.log;
  return outcome;
}

Outcome RequestHandler::execute(const Request& request) {
  Reply reply;
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
  return {encode_frame(encode_reply(reply)), false, log};
}

}  // namespace pvfsf::lun_export
