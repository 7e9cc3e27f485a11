// ExportClient: the client half of the request protocol, for the attach
// helper, the simulator and `pvfs-lun-export request`.  One object talks to
// one server's service over one TLS connection (opened on first use, opened
// again once if the service closed it), and every request names that
// server; an error reply is thrown as ExportError with the service's code
// and message.  Not thread-safe: use one ExportClient per thread (or per
// server and thread).
//
//   ExportClient client(layout.servers.at("server1").service, "server1",
//                       ClusterKey::load("/etc/pvfsf/cluster.key"));
//   ExportClient::Exported got = client.export_handles(fs_id, bytes, {h});
//   // log in to got.target.target at got.target.portal, LUN got.luns[0].lun
#ifndef PVFSF_HELPER_PROTOCOL_EXPORT_CLIENT_H
#define PVFSF_HELPER_PROTOCOL_EXPORT_CLIENT_H

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/server_address.h"
#include "protocol/cluster_key.h"
#include "protocol/net.h"
#include "protocol/protocol.h"
#include "protocol/tls.h"
#include "protocol/types.h"

namespace pvfsf::lun_export {

class ExportClient {
 public:
  struct Exported {
    TargetInfo target;
    std::vector<ExportedLun> luns;  // in the order of the handles asked for
  };
  struct Unexported {
    TargetInfo target;
    std::vector<UnexportedLun> handles;
  };
  struct Resized {
    TargetInfo target;
    SizeChange change;
  };
  struct Listed {
    TargetInfo target;
    std::vector<LunInfo> luns;
  };

  // @server: the server's name, as its configuration and the layout have
  // it; the service refuses requests for another.  @timeout bounds
  // connecting with the TLS handshake, and each request's round trip (an
  // export of thousands of handles takes seconds: allow for it).
  ExportClient(Endpoint service, std::string server, const ClusterKey& key,
               std::chrono::milliseconds timeout = std::chrono::seconds(120));
  // The client of a server's service as a layout stores it: numeric
  // "ADDR[:PORT]", port 3263 if left out.  Throws UsageError for a host
  // name or a malformed endpoint.
  ExportClient(std::string_view service, std::string server,
               const ClusterKey& key,
               std::chrono::milliseconds timeout = std::chrono::seconds(120));
  ~ExportClient();
  ExportClient(ExportClient&&) noexcept;
  ExportClient& operator=(ExportClient&&) noexcept;

  // The initiator name export and unexport requests carry: the servers map
  // the LUNs to that name's node ACL.  Without a call, the host's own
  // (read_initiator_name(), on the first export or unexport).  Throws
  // ExportError kBadRequest for no iSCSI name.
  void set_initiator(std::string name);

  // More than kMaxHandlesPerRequest handles go as several requests, each
  // all or nothing on the service: a failure may leave earlier batches
  // done (exporting and unexporting again are harmless).
  Exported export_handles(FsId fs_id, uint64_t size,
                          const std::vector<Handle>& handles);
  Unexported unexport(FsId fs_id, const std::vector<Handle>& handles);
  Resized set_size(FsId fs_id, Handle handle, uint64_t size);
  // Every page of the service's list, fetched in turn.
  Listed list(std::optional<FsId> fs_id = std::nullopt);

  // Sends @request, named for this client's server; returns the reply (ok
  // or not).  Throws ExportError kAuth if the TLS handshake fails (another
  // key), another ExportError for a reply that cannot be read, and
  // std::system_error for the network.
  Reply call(Request request);

  const Endpoint& service() const { return service_; }

 private:
  void connect(Clock::time_point deadline);
  Reply round_trip(const std::string& frame);
  Reply checked(Request request);
  // @request (its handles aside) sent once for each batch of @handles.
  std::vector<Reply> checked_batches(Request request,
                                     const std::vector<Handle>& handles);
  const std::string& initiator();

  Endpoint service_;
  std::string server_;
  TlsContext tls_;
  std::chrono::milliseconds timeout_;
  std::string initiator_;  // "" until set or read
  std::unique_ptr<TlsConnection> connection_;
};

}  // namespace pvfsf::lun_export

#endif
