// The service over real TCP on 127.0.0.1, with ExportClient, raw sockets
// and TLS connections of our own: round trips, refusals, limits, timeouts,
// replays, stopping.
#include "export/service.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "fake_backend.h"
#include "protocol/export_client.h"
#include "protocol/net.h"
#include "protocol/tls.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::Endpoint;
using pvfsf::UniqueFd;
using pvfsf::lun_export::testing::FakeBackend;

constexpr const char* kClient = "iqn.2025-11.org.pvfsf:client-a";

const ClusterKey kKey(std::string(32, 's'));
constexpr auto kWait = std::chrono::seconds(5);

double mono_now() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

bool log_has(const std::vector<std::string>& log, const std::string& text) {
  for (const std::string& line : log)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

class ServiceTest : public ::testing::Test {
 protected:
  void start(ServiceLimits limits = {}, HandlerLimits handler_limits = {}) {
    handler_ =
        std::make_unique<RequestHandler>(backend_, handler_limits, mono_now);
    UniqueFd fd = listen_on(Endpoint{"127.0.0.1", 0, false});
    sockaddr_in addr{};
    socklen_t len = sizeof(addr);
    ASSERT_EQ(::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len),
              0);
    endpoint_ = Endpoint{"127.0.0.1", ntohs(addr.sin_port), false};
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    stop_read_ = UniqueFd(fds[0]);
    stop_write_ = UniqueFd(fds[1]);
    service_ =
        std::make_unique<Service>(*handler_, server_tls_, std::move(fd), limits,
                                  [this](const std::string& line) {
                                    std::lock_guard<std::mutex> lock(mutex_);
                                    log_.push_back(line);
                                  });
    thread_ = std::thread([this] { service_->run(stop_read_.get()); });
  }

  void stop() {
    if (!thread_.joinable()) return;
    ASSERT_EQ(::write(stop_write_.get(), "x", 1), 1);
    thread_.join();
  }

  void TearDown() override { stop(); }

  // A client of the service as client A.
  ExportClient client(const ClusterKey& key = kKey,
                      const std::string& server = "srv1") {
    ExportClient made(endpoint_, server, key);
    made.set_initiator(kClient);
    return made;
  }

  UniqueFd raw_connection() { return connect_to(endpoint_, kWait); }

  // A connection from @source (any 127/8 address works on loopback).
  UniqueFd raw_connection_from(const char* source) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), sizeof(from)),
              0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(endpoint_.port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof(to)),
              0);
    return fd;
  }

  // A TLS connection with the cluster key, handshake done, on which a test
  // writes what it likes.
  std::unique_ptr<TlsConnection> tls_connection(
      const char* source = "127.0.0.1") {
    auto tls = std::make_unique<TlsConnection>(client_tls_,
                                               raw_connection_from(source));
    tls->handshake(Clock::now() + kWait);
    return tls;
  }

  Reply read_reply(TlsConnection& tls) {
    std::string frame(kFrameHeaderSize, '\0');
    const Clock::time_point deadline = Clock::now() + kWait;
    EXPECT_EQ(tls.read_full(frame.data(), kFrameHeaderSize, deadline),
              ReadResult::kOk);
    const size_t body = check_frame_header(frame);
    frame.resize(kFrameHeaderSize + body);
    EXPECT_EQ(tls.read_full(frame.data() + kFrameHeaderSize, body, deadline),
              ReadResult::kOk);
    return parse_reply(open_frame(frame));
  }

  Reply list(TlsConnection& tls) {
    Request request;
    request.op = Op::kList;
    request.server = "srv1";
    tls.write_full(encode_frame(encode_request(request)), Clock::now() + kWait);
    return read_reply(tls);
  }

  bool closed_by_peer(TlsConnection& tls) {
    char byte;
    return tls.read_full(&byte, 1, Clock::now() + kWait) == ReadResult::kEof;
  }
  bool closed_by_peer(int fd) {
    char byte;
    return read_full(fd, &byte, 1, Clock::now() + kWait) == ReadResult::kEof;
  }

  std::vector<std::string> log() {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }

  // Whether the service logs a line holding @text within 2 s: it may log
  // after the peer has seen the refusal.
  bool logged(const std::string& text) {
    for (int i = 0; i < 200; i++) {
      if (log_has(log(), text)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "no log line holds: " << text;
    return false;
  }

  FakeBackend backend_;
  TlsContext server_tls_{TlsContext::Role::kServer, kKey};
  TlsContext client_tls_{TlsContext::Role::kClient, kKey};
  std::unique_ptr<RequestHandler> handler_;
  std::unique_ptr<Service> service_;
  Endpoint endpoint_;
  UniqueFd stop_read_, stop_write_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> log_;
};

TEST_F(ServiceTest, ClientRoundTrips) {
  start();
  ExportClient client = this->client();
  const ExportClient::Exported exported =
      client.export_handles(7, 4096, {65, 66});
  EXPECT_EQ(exported.target.target, "iqn.2025-11.org.pvfsf:export.srv1");
  EXPECT_EQ(exported.target.portal, "127.0.10.1:3260");
  ASSERT_EQ(exported.luns.size(), 2u);
  EXPECT_EQ(exported.luns[1].lun, 1u);
  EXPECT_EQ(client.list().luns.size(), 2u);
  EXPECT_EQ(client.set_size(7, 66, 10).change.lun, 1u);
  const ExportClient::Unexported gone = client.unexport(7, {65, 99});
  EXPECT_EQ(gone.handles[0].lun, 0u);
  EXPECT_FALSE(gone.handles[1].lun);
  EXPECT_EQ(backend_.call_count(), 4u);
  // One log line per request.
  EXPECT_EQ(log().size(), 4u);
  EXPECT_NE(
      log()[0].find("export fs_id=7 size=4096 handles=2 "
                    "initiator=iqn.2025-11.org.pvfsf:client-a: ok luns=0,1"),
      std::string::npos)
      << log()[0];
}

TEST_F(ServiceTest, ManyHandlesGoInBatchesAndTheListInPages) {
  start();
  ExportClient client = this->client();
  std::vector<Handle> handles;
  for (Handle h = 1; h <= 3 * kMaxHandlesPerRequest + 1; h++)
    handles.push_back(h);
  const ExportClient::Exported exported =
      client.export_handles(7, 4096, handles);
  ASSERT_EQ(exported.luns.size(), handles.size());
  EXPECT_EQ(exported.luns.back().handle, handles.back());
  EXPECT_EQ(backend_.call_count(), 4u);  // 512 + 512 + 512 + 1

  const ExportClient::Listed listed = client.list();
  ASSERT_EQ(listed.luns.size(), handles.size());
  for (size_t i = 0; i < listed.luns.size(); i++)
    ASSERT_EQ(listed.luns[i].lun, i) << "every LUN once, in order";
  const size_t pages = backend_.call_count() - 4;
  EXPECT_GT(pages, 1u);
  EXPECT_NE(log()[4].find(" next="), std::string::npos) << log()[4];
  // The connection is still in step.
  EXPECT_EQ(client.unexport(7, handles).handles.size(), handles.size());
  EXPECT_TRUE(client.list().luns.empty());
}

TEST_F(ServiceTest, WrongKeyIsRefused) {
  start();
  const ClusterKey other(std::string(32, 'x'));
  try {
    client(other).unexport(7, {65});
    FAIL() << "accepted";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kAuth);
    EXPECT_NE(std::string(e.what()).find("refused the TLS handshake"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("wrong key"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(backend_.call_count(), 0u);
  EXPECT_TRUE(logged("refused auth: TLS handshake failed"));
  EXPECT_TRUE(logged("it offered PSK identity " + other.psk_identity() +
                     ", ours is " + kKey.psk_identity()));
}

TEST_F(ServiceTest, ARequestForAnotherServerIsRefused) {
  start();
  try {
    client(kKey, "srv2").unexport(7, {65});
    FAIL() << "accepted";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kWrongServer);
    EXPECT_NE(std::string(e.what()).find("this is server \"srv1\""),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(backend_.call_count(), 0u);
}

TEST_F(ServiceTest, NoTlsIsNoEntry) {
  start();
  UniqueFd fd = raw_connection();
  // A frame as version 1 sent it, and an HTTP probe: no handshake.
  write_full(fd.get(),
             std::string("PLE1\0\0\0\x02{}", 10) + "GET / HTTP/1.1\r\n\r\n",
             Clock::now() + kWait);
  EXPECT_TRUE(closed_by_peer(fd.get()));
  EXPECT_EQ(backend_.call_count(), 0u);
  EXPECT_TRUE(logged("refused auth: TLS handshake failed"));
}

// Every byte a client sent on one connection, export request included,
// sent again on a new one: the handshake cannot complete (the service's
// share and random differ each time), so the request is never read.
TEST_F(ServiceTest, ReplayedConnectionIsRefused) {
  start();
  UniqueFd relay_listen = listen_on(Endpoint{"127.0.0.1", 0, false});
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::getsockname(relay_listen.get(),
                          reinterpret_cast<sockaddr*>(&addr), &len),
            0);
  std::string captured;
  std::thread relay([&] {
    UniqueFd from(::accept(relay_listen.get(), nullptr, nullptr));
    UniqueFd to = raw_connection();
    char buf[4096];
    for (;;) {
      pollfd fds[2] = {{from.get(), POLLIN, 0}, {to.get(), POLLIN, 0}};
      if (::poll(fds, 2, 5000) <= 0) return;
      if (fds[0].revents) {
        const ssize_t got = ::recv(from.get(), buf, sizeof(buf), 0);
        if (got <= 0) return;
        captured.append(buf, static_cast<size_t>(got));
        write_full(to.get(), std::string_view(buf, static_cast<size_t>(got)),
                   Clock::now() + kWait);
      }
      if (fds[1].revents) {
        const ssize_t got = ::recv(to.get(), buf, sizeof(buf), 0);
        if (got <= 0) return;
        write_full(from.get(), std::string_view(buf, static_cast<size_t>(got)),
                   Clock::now() + kWait);
      }
    }
  });
  {
    ExportClient relayed(Endpoint{"127.0.0.1", ntohs(addr.sin_port), false},
                         "srv1", kKey);
    // Named here: a machine without open-iscsi has no initiatorname.iscsi.
    relayed.set_initiator(kClient);
    relayed.export_handles(7, 4096, {65});
  }
  relay.join();
  ASSERT_EQ(backend_.call_count(), 1u);
  UniqueFd replay = raw_connection();
  write_full(replay.get(), captured, Clock::now() + kWait);
  // What the service answers (its flight and an alert) until it closes.
  char byte;
  while (read_full(replay.get(), &byte, 1, Clock::now() + kWait) ==
         ReadResult::kOk) {
  }
  EXPECT_EQ(backend_.call_count(), 1u) << "the replayed export was served";
  EXPECT_TRUE(logged("refused auth: TLS handshake failed"));
  // The service is unharmed.
  EXPECT_EQ(client().list().luns.size(), 1u);
}

TEST_F(ServiceTest, ErrorRepliesAreExportErrors) {
  start();
  backend_.fail_with = ExportError(ErrorCode::kConflict, "cannot shrink");
  ExportClient client = this->client();
  try {
    client.export_handles(7, 4096, {1});
    FAIL() << "no error";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
    EXPECT_NE(std::string(e.what()).find("conflict: cannot shrink"),
              std::string::npos);
  }
  // The connection serves on.
  EXPECT_TRUE(client.list().luns.empty());
}

TEST_F(ServiceTest, OversizedFrameIsRefusedUnread) {
  start();
  auto tls = tls_connection();
  tls->write_full(std::string("\x00\x10\x00\x00", 4), Clock::now() + kWait);
  const Reply reply = read_reply(*tls);
  EXPECT_EQ(reply.error, ErrorCode::kTooLarge);
  EXPECT_TRUE(closed_by_peer(*tls));
}

TEST_F(ServiceTest, MalformedFramesAreRefused) {
  start();
  auto tls = tls_connection();
  tls->write_full(std::string(4, '\0'), Clock::now() + kWait);
  EXPECT_EQ(read_reply(*tls).error, ErrorCode::kBadFrame);
  EXPECT_TRUE(closed_by_peer(*tls));
  // A body that is no request: refused, and the connection goes on.
  tls = tls_connection();
  tls->write_full(encode_frame("\xff{garbage"), Clock::now() + kWait);
  EXPECT_EQ(read_reply(*tls).error, ErrorCode::kBadJson);
  EXPECT_TRUE(list(*tls).ok);
  // A frame cut short by the peer.
  tls->write_full(std::string("\x00\x00\x00\x64{\"v\"", 8),
                  Clock::now() + kWait);
  tls->close_notify();
  EXPECT_TRUE(closed_by_peer(*tls));
  EXPECT_EQ(backend_.call_count(), 1u);
  EXPECT_TRUE(logged("closed the connection in the middle of a frame"));
}

TEST_F(ServiceTest, IncompleteFrameTimesOut) {
  ServiceLimits limits;
  limits.frame_timeout = std::chrono::milliseconds(200);
  start(limits);
  auto tls = tls_connection();
  tls->write_full(std::string("\x00\x00", 2), Clock::now() + kWait);
  const Clock::time_point sent = Clock::now();
  const Reply reply = read_reply(*tls);
  EXPECT_EQ(reply.error, ErrorCode::kBadFrame);
  EXPECT_NE(reply.message.find("200 ms"), std::string::npos);
  EXPECT_GE(Clock::now() - sent, std::chrono::milliseconds(150));
  EXPECT_TRUE(closed_by_peer(*tls));
}

TEST_F(ServiceTest, ConnectionRateLimit) {
  ServiceLimits limits;
  limits.connection_rate = 0.5;
  limits.connection_burst = 2;
  start(limits);
  ExportClient client = this->client();
  client.list();
  client.list();
  try {
    client.list();
    FAIL() << "not limited";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kRateLimited);
  }
  EXPECT_EQ(backend_.call_count(), 2u);
  // A new connection has its own budget.
  EXPECT_NO_THROW(this->client().list());
}

TEST_F(ServiceTest, TooManyConnectionsAreTurnedAway) {
  ServiceLimits limits;
  limits.max_connections = 1;
  start(limits);
  UniqueFd first = raw_connection();
  // Wait until the service holds it; then a client is closed at once.
  bool refused = false;
  for (int i = 0; i < 100 && !refused; i++) {
    try {
      client().list();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const std::system_error& e) {
      EXPECT_NE(std::string(e.what()).find("busy"), std::string::npos)
          << e.what();
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(logged("refused busy: the service has 1 connections"));
  EXPECT_EQ(backend_.call_count(), 0u);
  first.reset();
  // Once it is gone, a client is served again.
  bool served = false;
  for (int i = 0; i < 100 && !served; i++) {
    try {
      client().list();
      served = true;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_TRUE(served);
}

TEST_F(ServiceTest, StrangerIsClosedAfterTheAuthTimeout) {
  ServiceLimits limits;
  limits.auth_timeout = std::chrono::milliseconds(200);
  start(limits);
  UniqueFd stranger = raw_connection();
  const Clock::time_point connected = Clock::now();
  EXPECT_TRUE(closed_by_peer(stranger.get()));
  EXPECT_GE(Clock::now() - connected, std::chrono::milliseconds(150));
  EXPECT_LT(Clock::now() - connected, std::chrono::seconds(2));
  EXPECT_TRUE(logged("completed no TLS handshake within 200 ms"));
}

TEST_F(ServiceTest, AuthenticatedConnectionOutlivesTheAuthTimeout) {
  ServiceLimits limits;
  limits.auth_timeout = std::chrono::milliseconds(200);
  start(limits);
  auto tls = tls_connection();
  EXPECT_TRUE(list(*tls).ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_TRUE(list(*tls).ok);
  EXPECT_EQ(backend_.call_count(), 2u);
}

TEST_F(ServiceTest, OneHostCannotTakeEveryConnection) {
  ServiceLimits limits;
  limits.max_connections = 4;
  limits.max_connections_per_host = 2;
  start(limits);
  UniqueFd first = raw_connection_from("127.0.0.1");
  UniqueFd second = raw_connection_from("127.0.0.1");
  UniqueFd third = raw_connection_from("127.0.0.1");
  EXPECT_TRUE(closed_by_peer(third.get()));
  EXPECT_TRUE(logged("2 connections from 127.0.0.1"));
  auto other = tls_connection("127.0.0.2");
  EXPECT_TRUE(list(*other).ok);
  EXPECT_EQ(backend_.call_count(), 1u);
}

// 64 idle strangers from one host, as the service's defaults meet them: a
// client on another host is served at once, not after their timeouts.
TEST_F(ServiceTest, IdleStrangersDoNotDelayOthers) {
  start();
  std::vector<UniqueFd> idle;
  for (int i = 0; i < 64; i++) idle.push_back(raw_connection_from("127.0.0.3"));
  const Clock::time_point asked = Clock::now();
  EXPECT_TRUE(client().list().luns.empty());
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(1));
  EXPECT_TRUE(logged("8 connections from 127.0.0.3"));
}

TEST_F(ServiceTest, ClientReconnectsAfterIdleClose) {
  ServiceLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(100);
  start(limits);
  ExportClient client = this->client();
  client.list();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_NO_THROW(client.list());
  EXPECT_EQ(backend_.call_count(), 2u);
}

TEST_F(ServiceTest, StopsWithIdleConnectionsOpen) {
  start();
  UniqueFd idle = raw_connection();
  client().list();
  const Clock::time_point asked = Clock::now();
  stop();
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(2));
  EXPECT_TRUE(closed_by_peer(idle.get()));
  // Nobody listens any more.
  EXPECT_THROW(client().list(), std::system_error);
}

}  // namespace
