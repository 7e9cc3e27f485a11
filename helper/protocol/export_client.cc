#include "protocol/export_client.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <ctime>
#include <system_error>

#include "common/error.h"
#include "protocol/initiator_name.h"
#include "protocol/net.h"

namespace pvfsf::lun_export {

namespace {

// @handles cut into requests of at most kMaxHandlesPerRequest.
std::vector<std::vector<Handle>> request_batches(
    const std::vector<Handle>& handles) {
  std::vector<std::vector<Handle>> batches;
  for (size_t i = 0; i < handles.size(); i += kMaxHandlesPerRequest) {
    const size_t end = std::min<size_t>(handles.size(), i + kMaxHandlesPerRequest);
    batches.emplace_back(handles.begin() + static_cast<ptrdiff_t>(i),
                         handles.begin() + static_cast<ptrdiff_t>(end));
  }
  if (batches.empty()) batches.emplace_back();  // the service says why not
  return batches;
}

}  // namespace

ExportClient::ExportClient(Endpoint service, ClusterKey key,
                           std::chrono::milliseconds timeout)
    : service_(std::move(service)), key_(std::move(key)), timeout_(timeout) {}

ExportClient::ExportClient(std::string_view service, ClusterKey key,
                           std::chrono::milliseconds timeout)
    : ExportClient(parse_numeric_endpoint(service, kServicePort, "service"),
                   std::move(key), timeout) {}

void ExportClient::set_initiator(std::string name) {
  check_initiator_name(name, "initiator");
  initiator_ = std::move(name);
}

const std::string& ExportClient::initiator() {
  if (initiator_.empty()) initiator_ = read_initiator_name();
  return initiator_;
}

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
    } catch (...) {
      // A frame we could not read whole leaves the stream out of step: the
      // next request starts on a new connection.
      fd_.reset();
      throw;
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

std::vector<Reply> ExportClient::checked_batches(
    Request request, const std::vector<Handle>& handles) {
  std::vector<Reply> replies;
  for (std::vector<Handle>& batch : request_batches(handles)) {
    request.handles = std::move(batch);
    replies.push_back(checked(request));
  }
  return replies;
}

ExportClient::Exported ExportClient::export_handles(
    FsId fs_id, uint64_t size, const std::vector<Handle>& handles) {
  Request request;
  request.op = Op::kExport;
  request.fs_id = fs_id;
  request.size = size;
  request.initiator = initiator();
  Exported exported;
  for (Reply& reply : checked_batches(std::move(request), handles)) {
    exported.target = std::move(reply.target);
    exported.luns.insert(exported.luns.end(), reply.exported.begin(),
                         reply.exported.end());
  }
  return exported;
}

ExportClient::Unexported ExportClient::unexport(
    FsId fs_id, const std::vector<Handle>& handles) {
  Request request;
  request.op = Op::kUnexport;
  request.fs_id = fs_id;
  request.initiator = initiator();
  Unexported unexported;
  for (Reply& reply : checked_batches(std::move(request), handles)) {
    unexported.target = std::move(reply.target);
    unexported.handles.insert(unexported.handles.end(),
                              reply.unexported.begin(),
                              reply.unexported.end());
  }
  return unexported;
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
  Listed listed;
  for (;;) {
    Reply reply = checked(request);
    listed.target = std::move(reply.target);
    listed.luns.insert(listed.luns.end(), reply.luns.begin(),
                       reply.luns.end());
    if (!reply.next_lun) return listed;
    // Pages must move forward, or a faulty service would loop us forever.
    if (*reply.next_lun <= request.from_lun)
      throw ExportError(ErrorCode::kBadRequest,
                        "service " + service_.text() + ": list page at LUN " +
                            std::to_string(request.from_lun) +
                            " points back to LUN " +
                            std::to_string(*reply.next_lun));
    request.from_lun = *reply.next_lun;
  }
}

}  // namespace pvfsf::lun_export
