#include "protocol/export_client.h"

#include <cerrno>
#include <ctime>
#include <system_error>

#include "common/error.h"
#include "protocol/net.h"

namespace pvfsf::lun_export {

ExportClient::ExportClient(Endpoint service, ClusterKey key,
                           std::chrono::milliseconds timeout)
    : service_(std::move(service)), key_(std::move(key)), timeout_(timeout) {}

ExportClient::ExportClient(std::string_view service, ClusterKey key,
                           std::chrono::milliseconds timeout)
    : ExportClient(parse_numeric_endpoint(service, kServicePort, "service"),
                   std::move(key), timeout) {}

Reply ExportClient::round_trip(const std::string& frame,
                               const std::string& nonce) {
  if (!fd_) fd_ = connect_to(service_, timeout_);
  const Clock::time_point deadline = Clock::now() + timeout_;
  write_full(fd_.get(), frame, deadline);
  std::string reply(kFrameHeaderSize, '\0');
  ReadResult got =
      read_full(fd_.get(), reply.data(), kFrameHeaderSize, deadline);
  if (got == ReadResult::kOk) {
    const size_t body = check_frame_header(reply);
    reply.resize(kFrameHeaderSize + body + kMacSize);
    got = read_full(fd_.get(), reply.data() + kFrameHeaderSize, body + kMacSize,
                    deadline);
  }
  if (got == ReadResult::kTimeout) {
    fd_.reset();
    throw_errno(ETIMEDOUT, "service " + service_.text() + ": no reply");
  }
  if (got != ReadResult::kOk) {
    fd_.reset();
    throw_errno(ECONNRESET,
                "service " + service_.text() + ": connection closed");
  }
  std::string_view body;
  try {
    body = open_frame(key_, reply);
  } catch (const ExportError& e) {
    fd_.reset();
    // A service that refused our MAC answers with one we cannot verify
    // either: show what it said, marked as unverified.
    std::string said;
    if (std::optional<std::string_view> raw = frame_body(reply)) {
      try {
        const Reply unverified = parse_reply(*raw);
        if (!unverified.ok)
          said = " (it said, unverified: " +
                 std::string(error_code_name(unverified.error)) + ": " +
                 unverified.message + ")";
      } catch (const ExportError&) {
      }
    }
    throw ExportError(ErrorCode::kAuth,
                      "service " + service_.text() +
                          ": reply does not verify with our key: wrong key?" +
                          said);
  }
  Reply parsed = parse_reply(body);
  if (parsed.nonce != nonce && !(parsed.ok == false && parsed.nonce.empty()))
    throw ExportError(ErrorCode::kAuth, "service " + service_.text() +
                                            ": reply answers another request");
  if (!parsed.ok && parsed.nonce.empty()) fd_.reset();  // it hung up
  return parsed;
}

Reply ExportClient::call(Request request) {
  for (int attempt = 0;; attempt++) {
    request.time = static_cast<int64_t>(std::time(nullptr));
    request.nonce = random_hex(kNonceHexDigits / 2);
    const std::string frame = encode_frame(key_, encode_request(request));
    const bool reused = static_cast<bool>(fd_);
    try {
      return round_trip(frame, request.nonce);
    } catch (const std::system_error& e) {
      fd_.reset();
      // The service may have closed an idle connection: once more on a new
      // one.  Every op is idempotent, so a repeat is harmless.
      if (!reused || attempt > 0) throw;
    }
  }
}

Reply ExportClient::checked(Request request) {
  const Op op = request.op;
  Reply reply = call(std::move(request));
  if (!reply.ok)
    throw ExportError(reply.error,
                      "service " + service_.text() + ": " +
                          std::string(error_code_name(reply.error)) + ": " +
                          reply.message);
  if (reply.op != op)
    throw ExportError(ErrorCode::kBadRequest,
                      "service " + service_.text() + ": reply for another op");
  return reply;
}

ExportClient::Exported ExportClient::export_handles(
    FsId fs_id, uint64_t size, const std::vector<Handle>& handles) {
  Request request;
  request.op = Op::kExport;
  request.fs_id = fs_id;
  request.size = size;
  request.handles = handles;
  Reply reply = checked(std::move(request));
  return {reply.target, std::move(reply.exported)};
}

ExportClient::Unexported ExportClient::unexport(
    FsId fs_id, const std::vector<Handle>& handles) {
  Request request;
  request.op = Op::kUnexport;
  request.fs_id = fs_id;
  request.handles = handles;
  Reply reply = checked(std::move(request));
  return {reply.target, std::move(reply.unexported)};
}

ExportClient::Resized ExportClient::set_size(FsId fs_id, Handle handle,
                                             uint64_t size) {
  Request request;
  request.op = Op::kSetSize;
  request.fs_id = fs_id;
  request.handles = {handle};
  request.size = size;
  Reply reply = checked(std::move(request));
  return {reply.target, reply.size_change};
}

ExportClient::Listed ExportClient::list(std::optional<FsId> fs_id) {
  Request request;
  request.op = Op::kList;
  if (fs_id) {
    request.fs_id = *fs_id;
    request.has_fs_id = true;
  }
  Reply reply = checked(std::move(request));
  return {reply.target, std::move(reply.luns)};
}

}  // namespace pvfsf::lun_export
