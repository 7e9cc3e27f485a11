#include "protocol/export_client.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
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

ExportClient::ExportClient(Endpoint service, std::string server,
                           const ClusterKey& key,
                           std::chrono::milliseconds timeout)
    : service_(std::move(service)),
      server_(std::move(server)),
      tls_(TlsContext::Role::kClient, key),
      timeout_(timeout) {}

ExportClient::ExportClient(std::string_view service, std::string server,
                           const ClusterKey& key,
                           std::chrono::milliseconds timeout)
    : ExportClient(parse_numeric_endpoint(service, kServicePort, "service"),
                   std::move(server), key, timeout) {}

ExportClient::~ExportClient() = default;
ExportClient::ExportClient(ExportClient&&) noexcept = default;
ExportClient& ExportClient::operator=(ExportClient&&) noexcept = default;

void ExportClient::set_initiator(std::string name) {
  check_initiator_name(name, "initiator");
  initiator_ = std::move(name);
}

const std::string& ExportClient::initiator() {
  if (initiator_.empty()) initiator_ = read_initiator_name();
  return initiator_;
}

void ExportClient::connect(Clock::time_point deadline) {
  auto connection =
      std::make_unique<TlsConnection>(tls_, connect_to(service_, timeout_));
  const std::string who = "service " + service_.text();
  try {
    connection->handshake(deadline);
  } catch (const ExportError& e) {
    throw ExportError(ErrorCode::kAuth,
                      who + " refused the TLS handshake (" + e.what() +
                          "): wrong key? Ours has PSK identity " +
                          tls_.identity());
  } catch (const std::system_error& e) {
    if (e.code().value() == ETIMEDOUT)
      throw_errno(ETIMEDOUT, who + ": no TLS handshake within " +
                                 std::to_string(timeout_.count()) + " ms");
    // The service closes what it will not serve before a byte of TLS.
    throw_errno(e.code().value(),
                who +
                    ": closed during the TLS handshake (busy with too "
                    "many connections from this host, or no "
                    "pvfs-lun-export service)");
  }
  connection_ = std::move(connection);
}

Reply ExportClient::round_trip(const std::string& frame) {
  const Clock::time_point deadline = Clock::now() + timeout_;
  if (!connection_) connect(deadline);
  connection_->write_full(frame, deadline);
  std::string reply(kFrameHeaderSize, '\0');
  ReadResult got =
      connection_->read_full(reply.data(), kFrameHeaderSize, deadline);
  if (got == ReadResult::kOk) {
    const size_t body = check_frame_header(reply);
    reply.resize(kFrameHeaderSize + body);
    got =
        connection_->read_full(reply.data() + kFrameHeaderSize, body, deadline);
  }
  if (got == ReadResult::kTimeout)
    throw_errno(ETIMEDOUT, "service " + service_.text() + ": no reply");
  if (got != ReadResult::kOk)
    throw_errno(ECONNRESET,
                "service " + service_.text() + ": connection closed");
  return parse_reply(open_frame(reply));
}

Reply ExportClient::call(Request request) {
  request.server = server_;
  const std::string frame = encode_frame(encode_request(request));
  for (int attempt = 0;; attempt++) {
    const bool reused = static_cast<bool>(connection_);
    try {
      Reply reply = round_trip(frame);
      // The service hangs up after refusing what it could not read.
      if (!reply.ok && (reply.error == ErrorCode::kBadFrame ||
                        reply.error == ErrorCode::kTooLarge))
        connection_.reset();
      return reply;
    } catch (const std::system_error& e) {
      connection_.reset();
      // The service may have closed an idle connection: once more on a new
      // one.  Every op is idempotent, so a repeat is harmless.
      if (!reused || attempt > 0) throw;
    } catch (...) {
      // A frame we could not read whole leaves the stream out of step: the
      // next request starts on a new connection.
      connection_.reset();
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
