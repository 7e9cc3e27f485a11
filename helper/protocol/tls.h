// The export service's secure channel: TLS 1.3 only, authenticated by an
// external pre-shared key derived from the cluster key (ClusterKey::psk(),
// identity ClusterKey::psk_identity()), cipher TLS_AES_128_GCM_SHA256 with
// an ephemeral (EC)DHE share, no certificates, no session tickets, no early
// data.  Either end without the key fails the handshake; records cannot be
// replayed into another connection, whose handshake keys differ.
//
// A TlsConnection owns its socket and does every read, write and handshake
// step in non-blocking mode under a deadline, as net.h does for TCP.
#ifndef PVFSF_HELPER_PROTOCOL_TLS_H
#define PVFSF_HELPER_PROTOCOL_TLS_H

#include <memory>
#include <string>
#include <string_view>

#include "common/unique_fd.h"
#include "protocol/cluster_key.h"
#include "protocol/export_error.h"
#include "protocol/net.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace pvfsf::lun_export {

class TlsContext {
 public:
  enum class Role { kClient, kServer };
  TlsContext(Role role, const ClusterKey& key);
  ~TlsContext();
  TlsContext(TlsContext&&) noexcept;
  TlsContext& operator=(TlsContext&&) noexcept;

  // The identity this end sends (client) or accepts (server).
  const std::string& identity() const;

 private:
  friend class TlsConnection;
  friend struct TlsCallbacks;
  struct Secret;
  std::unique_ptr<Secret> secret_;
  Role role_;
  SSL_CTX* ctx_ = nullptr;
};

class TlsConnection {
 public:
  // @context must outlive the connection.
  TlsConnection(const TlsContext& context, UniqueFd fd);
  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  // Runs the handshake.  Throws std::system_error ETIMEDOUT at @deadline,
  // ECONNRESET if the peer closes first, ExportError kAuth if TLS fails
  // (another key, not TLS at all, an altered or replayed flight), with
  // OpenSSL's reason.
  void handshake(Clock::time_point deadline);
  // As read_full() of net.h, through TLS.  Throws ExportError kBadFrame
  // for a record that fails (altered or out of order).
  ReadResult read_full(char* buf, size_t len, Clock::time_point deadline);
  // As write_full() of net.h, through TLS.
  void write_full(std::string_view data, Clock::time_point deadline);
  // Sends close_notify without waiting for the peer's.
  void close_notify();

  int fd() const { return fd_.get(); }
  // The PSK identity the peer offered in its ClientHello (server side),
  // printable characters only, "" if it offered none.
  const std::string& peer_identity() const { return peer_identity_; }

 private:
  friend struct TlsCallbacks;
  enum class Step { kDone, kWantRead, kWantWrite, kEof };
  // What to do after an SSL call returned @ret; throws ExportError @code
  // for a TLS failure, std::system_error for a socket error.
  Step step(int ret, ErrorCode code, const std::string& what);

  UniqueFd fd_;
  SSL* ssl_ = nullptr;
  std::string peer_identity_;
};

}  // namespace pvfsf::lun_export

#endif
