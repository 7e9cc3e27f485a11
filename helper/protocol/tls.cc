#include "protocol/tls.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <ctime>

#include "common/error.h"
#include "protocol/export_error.h"

namespace pvfsf::lun_export {

namespace {

// TLS_AES_128_GCM_SHA256: the suite `openssl s_client -psk` offers, so
// that a client needs nothing but OpenSSL's command line.
constexpr unsigned char kCipherId[] = {0x13, 0x01};
constexpr const char* kCipherName = "TLS_AES_128_GCM_SHA256";

// OpenSSL writes to the socket with write(2): a peer that closed would
// raise SIGPIPE in a program that did not ignore it (the attach helper).
// Blocks it on this thread for the call and takes away one it caused.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      const timespec none{0, 0};
      if (sigismember(&pending, SIGPIPE)) sigtimedwait(&pipe_, nullptr, &none);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_, old_;
  bool was_pending_ = false;
};

// OpenSSL's reason for the last failure on this thread.
std::string ssl_reason() {
  const unsigned long err = ERR_peek_last_error();
  const char* reason = err ? ERR_reason_error_string(err) : nullptr;
  return reason ? reason : "no reason given";
}

std::string printable(std::string_view bytes) {
  std::string text;
  for (char c : bytes.substr(0, 64)) text += (c >= 0x20 && c < 0x7f) ? c : '?';
  return text;
}

}  // namespace

struct TlsContext::Secret {
  Psk key;
  std::string identity;
};

// The callbacks OpenSSL calls during a handshake.
struct TlsCallbacks {
  // A PSK session for @ssl: the key, the cipher, TLS 1.3.
  static SSL_SESSION* session(SSL* ssl, const TlsContext::Secret& psk) {
    const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kCipherId);
    SSL_SESSION* session = cipher ? SSL_SESSION_new() : nullptr;
    if (!session) return nullptr;
    if (!SSL_SESSION_set1_master_key(session, psk.key.data(), psk.key.size()) ||
        !SSL_SESSION_set_cipher(session, cipher) ||
        !SSL_SESSION_set_protocol_version(session, TLS1_3_VERSION)) {
      SSL_SESSION_free(session);
      return nullptr;
    }
    return session;
  }

  static const TlsContext::Secret& psk_of(SSL* ssl) {
    return *static_cast<const TlsContext::Secret*>(
        SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  }

  // Client: offer our identity and key.  OpenSSL owns what it gets.
  static int use_session(SSL* ssl, const EVP_MD* md, const unsigned char** id,
                         size_t* id_len, SSL_SESSION** out) {
    const TlsContext::Secret& psk = psk_of(ssl);
    SSL_SESSION* session = TlsCallbacks::session(ssl, psk);
    if (!session) return 0;
    // A second call after a HelloRetryRequest names the server's hash:
    // only a PSK of that hash may be offered.
    if (md && md != SSL_CIPHER_get_handshake_digest(
                        SSL_SESSION_get0_cipher(session))) {
      SSL_SESSION_free(session);
      *out = nullptr;
      return 1;
    }
    *id = reinterpret_cast<const unsigned char*>(psk.identity.data());
    *id_len = psk.identity.size();
    *out = session;
    return 1;
  }

  // Server: the key for our identity; none for another, which fails the
  // handshake (there is no certificate to fall back on).
  static int find_session(SSL* ssl, const unsigned char* id, size_t id_len,
                          SSL_SESSION** out) {
    const TlsContext::Secret& psk = psk_of(ssl);
    const std::string_view offered(reinterpret_cast<const char*>(id), id_len);
    if (auto* connection = static_cast<TlsConnection*>(SSL_get_app_data(ssl)))
      connection->peer_identity_ = printable(offered);
    *out = nullptr;
    if (offered != psk.identity) return 1;
    *out = session(ssl, psk);
    return *out ? 1 : 0;
  }
};

TlsContext::TlsContext(Role role, const ClusterKey& key)
    : secret_(std::make_unique<Secret>()), role_(role) {
  secret_->key = key.psk();
  secret_->identity = key.psk_identity();
  ctx_ = SSL_CTX_new(role == Role::kClient ? TLS_client_method()
                                           : TLS_server_method());
  if (!ctx_ || !SSL_CTX_set_min_proto_version(ctx_, TLS1_3_VERSION) ||
      !SSL_CTX_set_max_proto_version(ctx_, TLS1_3_VERSION) ||
      !SSL_CTX_set_ciphersuites(ctx_, kCipherName) ||
      !SSL_CTX_set_num_tickets(ctx_, 0)) {
    SSL_CTX_free(ctx_);
    throw std::runtime_error("cannot set up TLS 1.3: " + ssl_reason());
  }
  // An EOF is the peer's way to end a connection between requests: read
  // as end of input, not as an error.
  SSL_CTX_set_options(ctx_, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_app_data(ctx_, secret_.get());
  if (role == Role::kClient)
    SSL_CTX_set_psk_use_session_callback(ctx_, TlsCallbacks::use_session);
  else
    SSL_CTX_set_psk_find_session_callback(ctx_, TlsCallbacks::find_session);
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

TlsContext::TlsContext(TlsContext&& other) noexcept
    : secret_(std::move(other.secret_)), role_(other.role_), ctx_(other.ctx_) {
  other.ctx_ = nullptr;
}

TlsContext& TlsContext::operator=(TlsContext&& other) noexcept {
  if (this != &other) {
    SSL_CTX_free(ctx_);
    secret_ = std::move(other.secret_);
    role_ = other.role_;
    ctx_ = other.ctx_;
    other.ctx_ = nullptr;
  }
  return *this;
}

const std::string& TlsContext::identity() const { return secret_->identity; }

TlsConnection::TlsConnection(const TlsContext& context, UniqueFd fd)
    : fd_(std::move(fd)) {
  // Every wait is poll(2)'s, under a deadline.
  const int flags = ::fcntl(fd_.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd_.get(), F_SETFL, flags | O_NONBLOCK) != 0)
    throw_errno(errno, "fcntl O_NONBLOCK");
  ssl_ = SSL_new(context.ctx_);
  if (!ssl_ || !SSL_set_fd(ssl_, fd_.get())) {
    SSL_free(ssl_);
    throw std::runtime_error("cannot start TLS: " + ssl_reason());
  }
  if (context.role_ == TlsContext::Role::kServer)
    SSL_set_accept_state(ssl_);
  else
    SSL_set_connect_state(ssl_);
  SSL_set_app_data(ssl_, this);
}

TlsConnection::~TlsConnection() { SSL_free(ssl_); }

TlsConnection::Step TlsConnection::step(int ret, ErrorCode code,
                                        const std::string& what) {
  const int saved_errno = errno;
  switch (SSL_get_error(ssl_, ret)) {
    case SSL_ERROR_NONE:
      return Step::kDone;
    case SSL_ERROR_WANT_READ:
      return Step::kWantRead;
    case SSL_ERROR_WANT_WRITE:
      return Step::kWantWrite;
    case SSL_ERROR_ZERO_RETURN:
      return Step::kEof;
    case SSL_ERROR_SYSCALL:
      if (ERR_peek_error() == 0 &&
          (saved_errno == 0 || saved_errno == ECONNRESET ||
           saved_errno == EPIPE))
        return Step::kEof;
      throw_errno(saved_errno ? saved_errno : EIO, what);
    default:
      if (ERR_GET_REASON(ERR_peek_last_error()) ==
          SSL_R_UNEXPECTED_EOF_WHILE_READING)
        return Step::kEof;
      throw ExportError(code, what + ": " + ssl_reason());
  }
}

void TlsConnection::handshake(Clock::time_point deadline) {
  const SigpipeBlock block;
  for (;;) {
    ERR_clear_error();
    errno = 0;
    switch (step(SSL_do_handshake(ssl_), ErrorCode::kAuth, "TLS handshake")) {
      case Step::kDone:
        return;
      case Step::kWantRead:
        if (!wait_ready(fd(), POLLIN, deadline))
          throw_errno(ETIMEDOUT, "TLS handshake");
        break;
      case Step::kWantWrite:
        if (!wait_ready(fd(), POLLOUT, deadline))
          throw_errno(ETIMEDOUT, "TLS handshake");
        break;
      case Step::kEof:
        throw_errno(ECONNRESET, "TLS handshake");
    }
  }
}

ReadResult TlsConnection::read_full(char* buf, size_t len,
                                    Clock::time_point deadline) {
  const SigpipeBlock block;
  size_t done = 0;
  while (done < len) {
    ERR_clear_error();
    errno = 0;
    size_t got = 0;
    const int ret = SSL_read_ex(ssl_, buf + done, len - done, &got);
    switch (step(ret, ErrorCode::kBadFrame, "TLS record")) {
      case Step::kDone:
        done += got;
        break;
      case Step::kWantRead:
        if (!wait_ready(fd(), POLLIN, deadline)) return ReadResult::kTimeout;
        break;
      case Step::kWantWrite:
        if (!wait_ready(fd(), POLLOUT, deadline)) return ReadResult::kTimeout;
        break;
      case Step::kEof:
        return done ? ReadResult::kClosed : ReadResult::kEof;
    }
  }
  return ReadResult::kOk;
}

void TlsConnection::write_full(std::string_view data,
                               Clock::time_point deadline) {
  const SigpipeBlock block;
  size_t done = 0;
  while (done < data.size()) {
    ERR_clear_error();
    errno = 0;
    size_t sent = 0;
    const int ret =
        SSL_write_ex(ssl_, data.data() + done, data.size() - done, &sent);
    switch (step(ret, ErrorCode::kBadFrame, "TLS send")) {
      case Step::kDone:
        done += sent;
        break;
      case Step::kWantRead:
        if (!wait_ready(fd(), POLLIN, deadline)) throw_errno(ETIMEDOUT, "send");
        break;
      case Step::kWantWrite:
        if (!wait_ready(fd(), POLLOUT, deadline))
          throw_errno(ETIMEDOUT, "send");
        break;
      case Step::kEof:
        throw_errno(EPIPE, "send");
    }
  }
}

void TlsConnection::close_notify() {
  const SigpipeBlock block;
  ERR_clear_error();
  // Non-blocking, once: a peer that does not read it loses nothing.
  SSL_shutdown(ssl_);
  ERR_clear_error();
}

}  // namespace pvfsf::lun_export
