// The service over real TCP on 127.0.0.1, with ExportClient and raw
// sockets: round trips, refusals, limits, timeouts, stopping.
#include "export/service.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "protocol/export_client.h"
#include "fake_backend.h"
#include "protocol/net.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::Endpoint;
using pvfsf::UniqueFd;
using pvfsf::lun_export::testing::FakeBackend;

constexpr const char* kClient = "iqn.2025-11.org.pvfsf:client-a";

const ClusterKey kKey(std::string(32, 's'));

int64_t unix_now() { return static_cast<int64_t>(std::time(nullptr)); }
double mono_now() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

class ServiceTest : public ::testing::Test {
 protected:
  void start(ServiceLimits limits = {}, HandlerLimits handler_limits = {}) {
    // The handler's start time one second back: the clients' first
    // requests are stamped within the same second.
    handler_ = std::make_unique<RequestHandler>(
        kKey, backend_, handler_limits, [] { return unix_now(); }, mono_now);
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
    service_ = std::make_unique<Service>(
        *handler_, std::move(fd), limits, [this](const std::string& line) {
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

  UniqueFd raw_connection() {
    return connect_to(endpoint_, std::chrono::seconds(5));
  }

  // Reads one reply frame from @fd and opens it with the key.
  Reply read_reply(int fd) {
    std::string frame(kFrameHeaderSize, '\0');
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(5);
    EXPECT_EQ(read_full(fd, frame.data(), kFrameHeaderSize, deadline),
              ReadResult::kOk);
    const size_t body = check_frame_header(frame);
    frame.resize(kFrameHeaderSize + body + kMacSize);
    EXPECT_EQ(read_full(fd, frame.data() + kFrameHeaderSize, body + kMacSize,
                        deadline),
              ReadResult::kOk);
    return parse_reply(open_frame(kKey, frame));
  }

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

  // Sends a signed list request on @fd and returns the reply.
  Reply signed_list(int fd) {
    static int count = 0;
    Request request;
    request.op = Op::kList;
    request.time = unix_now();
    request.nonce = std::string(24, 'a') + std::to_string(10000000 + ++count);
    write_full(fd, encode_frame(kKey, encode_request(request)),
               Clock::now() + std::chrono::seconds(5));
    return read_reply(fd);
  }

  bool closed_by_peer(int fd) {
    char byte;
    return read_full(fd, &byte, 1, Clock::now() + std::chrono::seconds(5)) ==
           ReadResult::kEof;
  }

  std::vector<std::string> log() {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
  }

  FakeBackend backend_;
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
  ExportClient client(endpoint_, kKey);
  client.set_initiator(kClient);
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
  ExportClient client(endpoint_, kKey);
  client.set_initiator(kClient);
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
  ExportClient client(endpoint_, ClusterKey(std::string(32, 'x')));
  client.set_initiator(kClient);
  try {
    client.unexport(7, {65});
    FAIL() << "accepted";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kAuth);
    EXPECT_NE(std::string(e.what()).find("wrong key"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("unverified: auth"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(backend_.call_count(), 0u);
  EXPECT_NE(log().at(0).find("refused auth"), std::string::npos);
}

TEST_F(ServiceTest, ErrorRepliesAreExportErrors) {
  start();
  backend_.fail_with = ExportError(ErrorCode::kConflict, "cannot shrink");
  ExportClient client(endpoint_, kKey);
  client.set_initiator(kClient);
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
  UniqueFd fd = raw_connection();
  const std::string header("PLE1\x00\x10\x00\x00", 8);  // 1 MiB announced
  write_full(fd.get(), header, Clock::now() + std::chrono::seconds(5));
  const Reply reply = read_reply(fd.get());
  EXPECT_EQ(reply.error, ErrorCode::kTooLarge);
  EXPECT_TRUE(closed_by_peer(fd.get()));
}

TEST_F(ServiceTest, ForeignProtocolIsRefused) {
  start();
  UniqueFd fd = raw_connection();
  write_full(fd.get(), "GET / HTTP/1.1\r\n\r\n",
             Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(read_reply(fd.get()).error, ErrorCode::kBadFrame);
  EXPECT_TRUE(closed_by_peer(fd.get()));
}

TEST_F(ServiceTest, IncompleteFrameTimesOut) {
  ServiceLimits limits;
  limits.frame_timeout = std::chrono::milliseconds(200);
  start(limits);
  UniqueFd fd = raw_connection();
  write_full(fd.get(), "PLE1\x00\x00", Clock::now() + std::chrono::seconds(5));
  const Clock::time_point sent = Clock::now();
  const Reply reply = read_reply(fd.get());
  EXPECT_EQ(reply.error, ErrorCode::kBadFrame);
  EXPECT_NE(reply.message.find("200 ms"), std::string::npos);
  EXPECT_GE(Clock::now() - sent, std::chrono::milliseconds(150));
  EXPECT_TRUE(closed_by_peer(fd.get()));
}

TEST_F(ServiceTest, ConnectionRateLimit) {
  ServiceLimits limits;
  limits.connection_rate = 0.5;
  limits.connection_burst = 2;
  start(limits);
  ExportClient client(endpoint_, kKey);
  client.set_initiator(kClient);
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
  EXPECT_NO_THROW(ExportClient(endpoint_, kKey).list());
}

TEST_F(ServiceTest, TooManyConnectionsAreTurnedAway) {
  ServiceLimits limits;
  limits.max_connections = 1;
  start(limits);
  UniqueFd first = raw_connection();
  // Wait until the service holds it.
  for (int i = 0; i < 100 && log().empty(); i++) {
    ExportClient probe(endpoint_, kKey);
    try {
      probe.list();
    } catch (const ExportError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBusy);
      break;
    } catch (const std::system_error& e) {
      ADD_FAILURE() << "turned away without a reply: " << e.what();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(backend_.call_count(), 0u);
  first.reset();
  // Once it is gone, a client is served again.
  bool served = false;
  for (int i = 0; i < 100 && !served; i++) {
    try {
      ExportClient(endpoint_, kKey).list();
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
  ASSERT_EQ(log().size(), 1u);
  EXPECT_NE(log()[0].find("sent no signed request within 200 ms"),
            std::string::npos)
      << log()[0];
  // A frame begun but not signed in time is cut off too.
  stranger = raw_connection();
  write_full(stranger.get(), "PLE1", Clock::now() + std::chrono::seconds(1));
  EXPECT_EQ(read_reply(stranger.get()).error, ErrorCode::kBadFrame);
}

TEST_F(ServiceTest, SignedConnectionOutlivesTheAuthTimeout) {
  ServiceLimits limits;
  limits.auth_timeout = std::chrono::milliseconds(200);
  start(limits);
  UniqueFd fd = raw_connection();
  EXPECT_TRUE(signed_list(fd.get()).ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_TRUE(signed_list(fd.get()).ok);
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
  const Reply busy = read_reply(third.get());
  EXPECT_EQ(busy.error, ErrorCode::kBusy);
  EXPECT_NE(busy.message.find("2 connections from 127.0.0.1"),
            std::string::npos)
      << busy.message;
  UniqueFd other = raw_connection_from("127.0.0.2");
  EXPECT_TRUE(signed_list(other.get()).ok);
  EXPECT_EQ(backend_.call_count(), 1u);
}

TEST_F(ServiceTest, ClientReconnectsAfterIdleClose) {
  ServiceLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(100);
  start(limits);
  ExportClient client(endpoint_, kKey);
  client.set_initiator(kClient);
  client.list();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_NO_THROW(client.list());
  EXPECT_EQ(backend_.call_count(), 2u);
}

TEST_F(ServiceTest, StopsWithIdleConnectionsOpen) {
  start();
  UniqueFd idle = raw_connection();
  ExportClient(endpoint_, kKey).list();
  const Clock::time_point asked = Clock::now();
  stop();
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(2));
  EXPECT_TRUE(closed_by_peer(idle.get()));
  // Nobody listens any more.
  EXPECT_THROW(ExportClient(endpoint_, kKey).list(), std::system_error);
}

}  // namespace
