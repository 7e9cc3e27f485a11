// The request handler (behind TLS): the order of its checks, and that no
// request that fails one reaches the backend.
#include "export/request_handler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_backend.h"

namespace {

using namespace pvfsf::lun_export;
using nlohmann::json;
using pvfsf::lun_export::testing::FakeBackend;

class HandlerTest : public ::testing::Test {
 protected:
  HandlerTest() { make_handler({}); }

  void make_handler(HandlerLimits limits) {
    handler_ = std::make_unique<RequestHandler>(backend_, limits,
                                                [this] { return mono_; });
  }

  json request(const char* op) {
    json body = {{"v", 2}, {"op", op}, {"server", "srv1"}};
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

  // Sends @frame; returns the reply.
  Reply send(const std::string& frame, bool* closed = nullptr) {
    const Outcome outcome = handler_->handle(frame);
    if (closed) *closed = outcome.close;
    EXPECT_FALSE(outcome.log.empty());
    return parse_reply(open_frame(outcome.reply));
  }
  Reply send(const json& body, bool* closed = nullptr) {
    return send(encode_frame(body.dump()), closed);
  }

  FakeBackend backend_;
  double mono_ = 1000;
  std::unique_ptr<RequestHandler> handler_;
};

TEST_F(HandlerTest, EachOpReachesTheBackend) {
  json body = request("export");
  Reply reply = send(body);
  ASSERT_TRUE(reply.ok) << reply.message;
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

// A request captured on its way to one server and sent to another, or
// sent to the wrong address, changes nothing there and says why.
TEST_F(HandlerTest, ARequestForAnotherServerIsRefused) {
  for (const char* op : {"export", "unexport", "set-size", "list"}) {
    json body = request(op);
    body["server"] = "srv2";
    bool closed = true;
    const Reply reply = send(body, &closed);
    EXPECT_EQ(reply.error, ErrorCode::kWrongServer) << op;
    EXPECT_NE(
        reply.message.find("for server \"srv2\"; this is server \"srv1\""),
        std::string::npos)
        << reply.message;
    EXPECT_FALSE(closed);  // the peer holds the key: it may go on
  }
  json body = request("list");
  body.erase("server");
  EXPECT_EQ(send(body).error, ErrorCode::kBadRequest);
  body["server"] = "";
  EXPECT_EQ(send(body).error, ErrorCode::kWrongServer);
  EXPECT_TRUE(backend_.calls.empty());
}

TEST_F(HandlerTest, MalformedRequestsGetErrorsAndTouchNothing) {
  bool closed = false;
  json body = request("export");
  body["op"] = "format";
  Reply reply = send(body, &closed);
  EXPECT_EQ(reply.error, ErrorCode::kUnknownOp);
  EXPECT_FALSE(closed);  // an authenticated client may go on

  body = request("export");
  body["handles"] = {0};
  EXPECT_EQ(send(body).error, ErrorCode::kBadRequest);
  body = request("export");
  body["size"] = 1000;
  EXPECT_EQ(send(body).error, ErrorCode::kBadRequest);
  EXPECT_EQ(send(encode_frame("not json")).error, ErrorCode::kBadJson);

  const std::string frame = encode_frame(request("export").dump());
  EXPECT_EQ(send(frame.substr(0, frame.size() - 1), &closed).error,
            ErrorCode::kBadFrame);
  EXPECT_TRUE(closed);
  EXPECT_EQ(send(std::string("\x00\x10\x00\x00", 4), &closed).error,
            ErrorCode::kTooLarge);
  EXPECT_TRUE(closed);
  EXPECT_EQ(send(std::string(4, '\0'), &closed).error, ErrorCode::kBadFrame);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(backend_.calls.empty());
}

// A valid frame with one byte of its header changed, and its body with
// one byte changed at every offset: an error reply every time (the header
// is broken, or the body no request), never a crash, never a backend call.
TEST_F(HandlerTest, GarbageAtEveryByteOffset) {
  const std::string frame = encode_frame(request("unexport").dump());
  for (size_t i = 0; i < kFrameHeaderSize; i++) {
    for (unsigned char x : {0x01, 0x80, 0xff}) {
      std::string altered = frame;
      altered[i] = static_cast<char>(altered[i] ^ x);
      const Outcome outcome = handler_->handle(altered);
      const Reply reply = parse_reply(open_frame(outcome.reply));
      EXPECT_FALSE(reply.ok) << "offset " << i;
      EXPECT_TRUE(outcome.close) << "offset " << i;
    }
  }
  EXPECT_TRUE(backend_.calls.empty());
  const std::string body = request("unexport").dump();
  for (size_t i = 0; i < body.size(); i++) {
    std::string altered = body;
    altered[i] = '}';
    if (altered == body) continue;
    const Reply reply = send(encode_frame(altered));
    EXPECT_FALSE(reply.ok) << i;
    EXPECT_NE(reply.error, ErrorCode::kFailed) << i;
  }
  EXPECT_TRUE(backend_.calls.empty());
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
  // Requests for another server do not use up the budget.
  mono_ += 10;
  json other = request("list");
  other["server"] = "srv2";
  for (int i = 0; i < 10; i++) send(other);
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
