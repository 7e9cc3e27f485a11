// The request handler: the order of its checks, and that no request that
// fails one reaches the backend.
#include "export/request_handler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_backend.h"

namespace {

using namespace pvfsf::lun_export;
using nlohmann::json;
using pvfsf::lun_export::testing::FakeBackend;

const ClusterKey kKey(std::string(40, 'k'));
const ClusterKey kWrongKey(std::string(40, 'w'));
constexpr int64_t kNow = 1764000000;

class HandlerTest : public ::testing::Test {
 protected:
  HandlerTest() { make_handler({}); }

  void make_handler(HandlerLimits limits) {
    handler_ = std::make_unique<RequestHandler>(
        kKey, backend_, limits, [this] { return now_; },
        [this] { return mono_; });
  }

  json request(const char* op) {
    json body = {
        {"v", 1}, {"op", op}, {"time", now_}, {"nonce", random_hex(16)}};
    if (std::string(op) != "list") body["fs_id"] = 7;
    if (std::string(op) == "export") body["size"] = 4096;
    if (std::string(op) == "export" || std::string(op) == "unexport") {
      body["handles"] = {65, 66};
      body["initiator"] = "iqn.2025-11.org.pvfsf:client-a";
    }
    if (std::string(op) == "set-size") {
      body["handle"] = 65;
      body["size"] = 100;
    }
    return body;
  }

  // Sends @frame; returns the reply, verified with the key.
  Reply send(const std::string& frame, bool* closed = nullptr) {
    const Outcome outcome = handler_->handle(frame);
    if (closed) *closed = outcome.close;
    EXPECT_FALSE(outcome.log.empty());
    return parse_reply(open_frame(kKey, outcome.reply));
  }
  Reply send(const json& body, bool* closed = nullptr) {
    return send(encode_frame(kKey, body.dump()), closed);
  }

  FakeBackend backend_;
  int64_t now_ = kNow;
  double mono_ = 1000;
  std::unique_ptr<RequestHandler> handler_;
};

TEST_F(HandlerTest, EachOpReachesTheBackend) {
  json body = request("export");
  Reply reply = send(body);
  ASSERT_TRUE(reply.ok) << reply.message;
  EXPECT_EQ(reply.nonce, body["nonce"]);
  EXPECT_EQ(reply.target.target, "iqn.2025-11.org.pvfsf:export.srv1");
  ASSERT_EQ(reply.exported.size(), 2u);
  EXPECT_EQ(reply.exported[1].lun, 1u);
  EXPECT_TRUE(send(request("list")).ok);
  EXPECT_TRUE(send(request("set-size")).ok);
  reply = send(request("unexport"));
  ASSERT_TRUE(reply.ok);
  EXPECT_EQ(reply.unexported[0].lun, 0u);
  EXPECT_EQ(backend_.calls,
            (std::vector<std::string>{
                "export 7 4096 iqn.2025-11.org.pvfsf:client-a", "list",
                "set-size 7", "unexport 7 iqn.2025-11.org.pvfsf:client-a"}));
}

TEST_F(HandlerTest, WrongKeyIsRefusedAndHungUp) {
  const Outcome outcome =
      handler_->handle(encode_frame(kWrongKey, request("unexport").dump()));
  EXPECT_TRUE(outcome.close);
  // The reply is signed with the service's key: the client cannot verify
  // it, and learns nothing from it but "auth".
  EXPECT_THROW(open_frame(kWrongKey, outcome.reply), ExportError);
  const Reply reply = parse_reply(open_frame(kKey, outcome.reply));
  EXPECT_EQ(reply.error, ErrorCode::kAuth);
  EXPECT_EQ(reply.nonce, "");
  EXPECT_TRUE(backend_.calls.empty());
}

TEST_F(HandlerTest, ReplayIsRefused) {
  const std::string frame = encode_frame(kKey, request("unexport").dump());
  EXPECT_TRUE(send(frame).ok);
  now_ += 30;
  const Reply again = send(frame);
  EXPECT_FALSE(again.ok);
  EXPECT_EQ(again.error, ErrorCode::kReplay);
  // Later still, it is stale (and the nonce forgotten).
  now_ += 60;
  EXPECT_EQ(send(frame).error, ErrorCode::kStale);
  EXPECT_EQ(backend_.call_count(), 1u);
}

TEST_F(HandlerTest, StaleOrFutureTimesAreRefused) {
  json body = request("export");
  body["time"] = kNow - 61;
  EXPECT_EQ(send(body).error, ErrorCode::kStale);
  body["time"] = kNow + 61;
  EXPECT_EQ(send(body).error, ErrorCode::kStale);
  body["time"] = kNow + 60;
  EXPECT_TRUE(send(body).ok);
  EXPECT_EQ(backend_.call_count(), 1u);
}

TEST_F(HandlerTest, RequestsFromBeforeAStartAreRefused) {
  // Captured before a restart, replayed after it within the window.
  json body = request("unexport");
  body["time"] = kNow - 5;
  const std::string frame = encode_frame(kKey, body.dump());
  const Reply reply = send(frame);
  EXPECT_EQ(reply.error, ErrorCode::kStale);
  EXPECT_NE(reply.message.find("before the service started"),
            std::string::npos);
  EXPECT_TRUE(backend_.calls.empty());
}

TEST_F(HandlerTest, MalformedRequestsGetErrorsAndTouchNothing) {
  bool closed = false;
  json body = request("export");
  body["op"] = "format";
  Reply reply = send(body, &closed);
  EXPECT_EQ(reply.error, ErrorCode::kUnknownOp);
  EXPECT_EQ(reply.nonce, body["nonce"]);  // echoed, for the client
  EXPECT_FALSE(closed);                   // a signed client may go on

  body = request("export");
  body["handles"] = {0};
  EXPECT_EQ(send(body).error, ErrorCode::kBadRequest);
  body = request("export");
  body["size"] = 1000;
  EXPECT_EQ(send(body).error, ErrorCode::kBadRequest);
  EXPECT_EQ(send(encode_frame(kKey, "not json")).error, ErrorCode::kBadJson);

  const std::string frame = encode_frame(kKey, request("export").dump());
  EXPECT_EQ(send(frame.substr(0, frame.size() - 1), &closed).error,
            ErrorCode::kBadFrame);
  EXPECT_TRUE(closed);
  EXPECT_EQ(send(std::string("PLE1\x00\x10\x00\x00", 8), &closed).error,
            ErrorCode::kTooLarge);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(backend_.calls.empty());
}

// A valid frame with one byte changed, at every offset: an error reply
// every time (the MAC no longer verifies, or the header is broken), never
// a crash, never a backend call.
TEST_F(HandlerTest, GarbageAtEveryByteOffset) {
  const std::string frame = encode_frame(kKey, request("unexport").dump());
  for (size_t i = 0; i < frame.size(); i++) {
    for (unsigned char x : {0x01, 0x80, 0xff}) {
      std::string altered = frame;
      altered[i] = static_cast<char>(altered[i] ^ x);
      const Outcome outcome = handler_->handle(altered);
      const Reply reply = parse_reply(open_frame(kKey, outcome.reply));
      EXPECT_FALSE(reply.ok) << "offset " << i;
      EXPECT_TRUE(outcome.close) << "offset " << i;
    }
  }
  EXPECT_TRUE(backend_.calls.empty());
  // Signed garbage bodies reach the parser and stop there.
  const std::string body = request("unexport").dump();
  for (size_t i = 0; i < body.size(); i++) {
    std::string altered = body;
    altered[i] = '}';
    const Reply reply = send(encode_frame(kKey, altered));
    if (reply.ok) continue;  // e.g. a digit of the nonce: still valid
    EXPECT_NE(reply.error, ErrorCode::kFailed) << i;
  }
}

TEST_F(HandlerTest, GlobalRateLimit) {
  HandlerLimits limits;
  limits.global_rate = 2;
  limits.global_burst = 3;
  make_handler(limits);
  for (int i = 0; i < 3; i++) EXPECT_TRUE(send(request("list")).ok) << i;
  EXPECT_EQ(send(request("list")).error, ErrorCode::kRateLimited);
  mono_ += 0.5;  // one token back
  EXPECT_TRUE(send(request("list")).ok);
  EXPECT_EQ(send(request("list")).error, ErrorCode::kRateLimited);
  EXPECT_EQ(backend_.call_count(), 4u);
  // Requests that fail authentication do not use up the budget.
  mono_ += 10;
  for (int i = 0; i < 10; i++)
    handler_->handle(encode_frame(kWrongKey, request("list").dump()));
  EXPECT_TRUE(send(request("list")).ok);
}

TEST_F(HandlerTest, NonceMemoryIsBounded) {
  HandlerLimits limits;
  limits.max_nonces = 3;
  make_handler(limits);
  for (int i = 0; i < 3; i++) EXPECT_TRUE(send(request("list")).ok);
  EXPECT_EQ(send(request("list")).error, ErrorCode::kRateLimited);
  now_ += 61;  // the first three leave the window
  EXPECT_TRUE(send(request("list")).ok);
}

TEST_F(HandlerTest, BackendFailuresBecomeErrorReplies) {
  backend_.fail_with = ExportError(ErrorCode::kNoSpace, "no free LUN");
  Reply reply = send(request("export"));
  EXPECT_EQ(reply.error, ErrorCode::kNoSpace);
  EXPECT_EQ(reply.message, "no free LUN");
  backend_.fail_with_runtime_error = true;
  reply = send(request("export"));
  EXPECT_EQ(reply.error, ErrorCode::kFailed);
  EXPECT_EQ(reply.message, "disk on fire");
  EXPECT_TRUE(send(request("export")).ok);
}

TEST(ReplayGuard, Window) {
  ReplayGuard guard(1000, 60, 10);
  guard.check(1000, "a", 1000);
  EXPECT_THROW(guard.check(1000, "a", 1001), ExportError);
  EXPECT_THROW(guard.check(999, "b", 1001), ExportError);   // before start
  EXPECT_THROW(guard.check(1100, "c", 1001), ExportError);  // future
  guard.check(1060, "d", 1001);
  EXPECT_EQ(guard.remembered(), 2u);
  guard.check(1110, "e", 1110);  // "a" (1000) left the window, "d" not
  EXPECT_EQ(guard.remembered(), 2u);
  EXPECT_THROW(guard.check(1110, "d", 1110), ExportError);
}

TEST(TokenBucket, RefillsAtItsRate) {
  TokenBucket bucket(10, 2);
  EXPECT_TRUE(bucket.take(0));
  EXPECT_TRUE(bucket.take(0));
  EXPECT_FALSE(bucket.take(0));
  EXPECT_FALSE(bucket.take(0.05));
  EXPECT_TRUE(bucket.take(0.1));
  EXPECT_TRUE(bucket.take(100));
  EXPECT_TRUE(bucket.take(100));
  EXPECT_FALSE(bucket.take(100));  // burst caps what accrued
}

}  // namespace
