// The request protocol inside TLS: frames, request and reply bodies.  Every
// malformed input must end in an ExportError with the right code, never in
// anything else.
#include "protocol/names.h"
#include "protocol/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace {

using namespace pvfsf::lun_export;
using nlohmann::json;

json base(const char* op) { return {{"v", 2}, {"op", op}, {"server", "srv1"}}; }

json export_body() {
  json body = base("export");
  body["fs_id"] = 7;
  body["size"] = 1048576;
  body["handles"] = {65, 66, 18446744073709551615ull};
  body["initiator"] = "iqn.2025-11.org.pvfsf:client-a";
  return body;
}

// The code of the ExportError @f throws, kFailed if another exception.
template <typename F>
ErrorCode code_of(F&& f) {
  try {
    f();
  } catch (const ExportError& e) {
    return e.code();
  } catch (...) {
    ADD_FAILURE() << "an exception that is no ExportError";
    return ErrorCode::kFailed;
  }
  ADD_FAILURE() << "no error";
  return ErrorCode::kFailed;
}

ErrorCode request_error(const json& body) {
  return code_of([&] { parse_request(body.dump()); });
}

TEST(Frame, RoundTrip) {
  const std::string frame = encode_frame("{\"a\":1}");
  EXPECT_EQ(frame.size(), 4u + 7u);
  EXPECT_EQ(frame.substr(0, 4), std::string("\0\0\0\x07", 4));
  EXPECT_EQ(check_frame_header(frame), 7u);
  EXPECT_EQ(open_frame(frame), "{\"a\":1}");
}

TEST(Frame, OversizedBodyIsNeverSent) {
  EXPECT_EQ(code_of([] { encode_frame(std::string(kMaxBodySize + 1, 'x')); }),
            ErrorCode::kTooLarge);
  EXPECT_EQ(encode_frame(std::string(kMaxBodySize, 'x')).size(), kMaxFrameSize);
}

TEST(Frame, TruncatedOversizedAndForeign) {
  const std::string frame = encode_frame(export_body().dump());
  for (size_t len = 0; len < frame.size(); len++)
    EXPECT_EQ(code_of([&] { open_frame(frame.substr(0, len)); }),
              ErrorCode::kBadFrame)
        << len;
  EXPECT_EQ(code_of([&] { open_frame(frame + "x"); }), ErrorCode::kBadFrame);
  const std::string big("\x00\x01\x00\x01", 4);  // 65537
  EXPECT_EQ(code_of([&] { check_frame_header(big); }), ErrorCode::kTooLarge);
  const std::string huge("\xff\xff\xff\xff", 4);
  EXPECT_EQ(code_of([&] { check_frame_header(huge); }), ErrorCode::kTooLarge);
  // "GET " read as a length is far above the limit.
  EXPECT_EQ(code_of([&] { check_frame_header("GET / HTTP/1.1\r\n"); }),
            ErrorCode::kTooLarge);
  EXPECT_EQ(code_of([&] { check_frame_header(std::string(4, '\0')); }),
            ErrorCode::kBadFrame);
  const std::string limit("\x00\x01\x00\x00", 4);  // exactly 64 KiB: allowed
  EXPECT_EQ(check_frame_header(limit), kMaxBodySize);
}

TEST(Request, EachOp) {
  Request r = parse_request(export_body().dump());
  EXPECT_EQ(r.op, Op::kExport);
  EXPECT_EQ(r.fs_id, 7);
  EXPECT_EQ(r.size, 1048576u);
  EXPECT_EQ(r.handles, (std::vector<Handle>{65, 66, 18446744073709551615ull}));
  EXPECT_EQ(r.server, "srv1");
  EXPECT_EQ(r.initiator, "iqn.2025-11.org.pvfsf:client-a");

  json unexport = base("unexport");
  unexport["fs_id"] = -5;
  unexport["handles"] = {1};
  unexport["initiator"] = "iqn.2025-11.org.pvfsf:client-b";
  r = parse_request(unexport.dump());
  EXPECT_EQ(r.op, Op::kUnexport);
  EXPECT_EQ(r.fs_id, -5);
  EXPECT_EQ(r.initiator, "iqn.2025-11.org.pvfsf:client-b");
  EXPECT_EQ(parse_request(encode_request(r)).initiator, r.initiator);

  json set_size = base("set-size");
  set_size["fs_id"] = 7;
  set_size["handle"] = 9;
  set_size["size"] = 777;  // a bstream size need not be a multiple of 512
  r = parse_request(set_size.dump());
  EXPECT_EQ(r.op, Op::kSetSize);
  EXPECT_EQ(r.handles, std::vector<Handle>{9});
  EXPECT_EQ(r.size, 777u);

  r = parse_request(base("list").dump());
  EXPECT_EQ(r.op, Op::kList);
  EXPECT_FALSE(r.has_fs_id);
  json list = base("list");
  list["fs_id"] = 7;
  EXPECT_TRUE(parse_request(list.dump()).has_fs_id);
  EXPECT_EQ(parse_request(list.dump()).from_lun, 0u);
  list["from_lun"] = 512;
  EXPECT_EQ(parse_request(list.dump()).from_lun, 512u);
  EXPECT_EQ(parse_request(encode_request(parse_request(list.dump()))).from_lun,
            512u);
  list["from_lun"] = -1;
  EXPECT_EQ(request_error(list), ErrorCode::kBadRequest);
  json paged_export = export_body();
  paged_export["from_lun"] = 1;  // only a list is paged
  EXPECT_EQ(request_error(paged_export), ErrorCode::kBadRequest);
}

TEST(Request, EncodeParsesBack) {
  Request r = parse_request(export_body().dump());
  const Request again = parse_request(encode_request(r));
  EXPECT_EQ(again.handles, r.handles);
  EXPECT_EQ(again.size, r.size);
  EXPECT_EQ(again.server, r.server);
  r.op = Op::kSetSize;
  r.handles = {5};
  r.size = 3;
  EXPECT_EQ(parse_request(encode_request(r)).handles, std::vector<Handle>{5});
}

TEST(Request, NotJsonOrNotAnObject) {
  for (const char* body :
       {"", "{", "[]", "7", "null", "\"x\"", "{\"v\":1,}", "{\"v\":1} trailing",
        "\xff\xfe", "{\"op\":\"\xc3\x28\"}"})
    EXPECT_EQ(code_of([&] { parse_request(body); }), ErrorCode::kBadJson)
        << body;
}

TEST(Request, UnknownOp) {
  EXPECT_EQ(request_error(base("format")), ErrorCode::kUnknownOp);
  EXPECT_EQ(request_error(base("EXPORT")), ErrorCode::kUnknownOp);
  json body = base("export");
  body["op"] = 3;
  EXPECT_EQ(request_error(body), ErrorCode::kBadRequest);
}

TEST(Request, MissingOrMisspeltFields) {
  for (const char* field :
       {"v", "op", "server", "fs_id", "size", "handles", "initiator"}) {
    json body = export_body();
    body.erase(field);
    EXPECT_NE(request_error(body), ErrorCode::kFailed) << field;
  }
  json body = export_body();
  body["handle"] = 1;  // set-size's field in an export
  EXPECT_EQ(request_error(body), ErrorCode::kBadRequest);
  body = export_body();
  body["sise"] = 1;
  EXPECT_EQ(request_error(body), ErrorCode::kBadRequest);
}

TEST(Request, BadHandles) {
  for (const json& handles :
       {json::array(), json{0}, json{-1}, json{1.5}, json{"65"}, json{nullptr},
        json{1, 1}, json(65), json::parse("[18446744073709551616]"),
        json{json::array({1})}}) {
    json body = export_body();
    body["handles"] = handles;
    EXPECT_EQ(request_error(body), ErrorCode::kBadRequest) << handles.dump();
  }
  json many = export_body();
  many["handles"] = json::array();
  for (Handle h = 1; h <= kMaxHandlesPerRequest + 1; h++)
    many["handles"].push_back(h);
  EXPECT_EQ(request_error(many), ErrorCode::kBadRequest);
  json set_size = base("set-size");
  set_size["fs_id"] = 7;
  set_size["size"] = 1;
  set_size["handle"] = 0;
  EXPECT_EQ(request_error(set_size), ErrorCode::kBadRequest);
}

// The initiator name becomes a configfs directory (the client's node ACL):
// nothing but an iSCSI name may get through.
TEST(Request, BadInitiatorNames) {
  for (const json& name :
       {json(""), json(7), json(nullptr), json("../../lun/lun_0"),
        json("iqn.2025-11.org.pvfsf:a b"), json("iqn.2025-11.org/x"),
        json("client"), json(std::string(224, 'a'))}) {
    json body = export_body();
    body["initiator"] = name;
    EXPECT_EQ(request_error(body), ErrorCode::kBadRequest) << name.dump();
  }
  json list = base("list");
  list["initiator"] = "iqn.2025-11.org.pvfsf:client-a";
  EXPECT_EQ(request_error(list), ErrorCode::kBadRequest);
}

TEST(Request, BadNumbers) {
  auto with = [](const char* field, const json& value) {
    json body = export_body();
    body[field] = value;
    return request_error(body);
  };
  EXPECT_EQ(with("size", 0), ErrorCode::kBadRequest);
  EXPECT_EQ(with("size", 1000), ErrorCode::kBadRequest);
  EXPECT_EQ(with("size", -512), ErrorCode::kBadRequest);
  EXPECT_EQ(with("size", 512.0), ErrorCode::kBadRequest);
  EXPECT_EQ(with("size", "512"), ErrorCode::kBadRequest);
  EXPECT_EQ(with("size", kMaxLunSize + 512), ErrorCode::kBadRequest);
  EXPECT_EQ(with("fs_id", 2147483648ll), ErrorCode::kBadRequest);
  EXPECT_EQ(with("fs_id", -2147483649ll), ErrorCode::kBadRequest);
  EXPECT_EQ(with("fs_id", "7"), ErrorCode::kBadRequest);
  EXPECT_EQ(with("server", 1), ErrorCode::kBadRequest);
  EXPECT_EQ(with("server", nullptr), ErrorCode::kBadRequest);
  // Version 1 carried a MAC, a time and a nonce: not spoken any more.
  EXPECT_EQ(with("v", 1), ErrorCode::kBadRequest);
  EXPECT_EQ(with("v", "2"), ErrorCode::kBadRequest);
  EXPECT_EQ(with("time", 1764000000), ErrorCode::kBadRequest);
  EXPECT_EQ(with("nonce", "0123456789abcdef0123456789abcdef"),
            ErrorCode::kBadRequest);
}

// Every byte of a valid body replaced by every value of a small set, and
// the body cut at every length: the parser answers each with a Request or
// an ExportError.
TEST(Request, GarbageAtEveryOffset) {
  const std::string body = export_body().dump();
  const unsigned char replacements[] = {0x00, 0x01, '"',  '\\', '{',  '}', '[',
                                        ']',  ',',  ':',  '-',  '0',  '9', 'e',
                                        'x',  ' ',  0x7f, 0x80, 0xc3, 0xff};
  size_t parsed = 0, refused = 0;
  for (size_t i = 0; i < body.size(); i++) {
    for (unsigned char c : replacements) {
      std::string altered = body;
      altered[i] = static_cast<char>(c);
      try {
        parse_request(altered);
        parsed++;
      } catch (const ExportError&) {
        refused++;
      }
    }
    try {
      parse_request(body.substr(0, i));
      ADD_FAILURE() << "a cut body parsed: " << body.substr(0, i);
    } catch (const ExportError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBadJson);
    }
  }
  EXPECT_GT(refused, 0u);
  EXPECT_GT(parsed, 0u);  // e.g. a digit of a handle changed
}

TEST(Request, DeepNestingIsRefusedNotACrash) {
  const std::string deep = std::string(30000, '[') + std::string(30000, ']');
  EXPECT_EQ(code_of([&] { parse_request(deep); }), ErrorCode::kBadJson);
  json body = export_body();
  body["handles"] =
      json::parse(std::string(1000, '[') + std::string(1000, ']'));
  EXPECT_EQ(request_error(body), ErrorCode::kBadRequest);
}

TEST(Reply, EveryOpRoundTrips) {
  Reply reply;
  reply.ok = true;
  reply.target = {"srv1", "iqn.2025-11.org.pvfsf:export.srv1",
                  "127.0.10.1:3260"};

  reply.op = Op::kExport;
  reply.exported = {{65, 0, 4096, true, false},
                    {18446744073709551615ull, 7, 8192, false, true}};
  Reply got = parse_reply(encode_reply(reply));
  EXPECT_TRUE(got.ok);
  EXPECT_EQ(got.target.portal, "127.0.10.1:3260");
  ASSERT_EQ(got.exported.size(), 2u);
  EXPECT_EQ(got.exported[1].handle, 18446744073709551615ull);
  EXPECT_EQ(got.exported[1].lun, 7u);
  EXPECT_TRUE(got.exported[1].grown);
  EXPECT_TRUE(got.exported[0].created);

  reply.op = Op::kUnexport;
  reply.unexported = {{65, 0, true}, {66, std::nullopt, false}, {67, 1, false}};
  got = parse_reply(encode_reply(reply));
  ASSERT_EQ(got.unexported.size(), 3u);
  EXPECT_EQ(got.unexported[0].lun, 0u);
  EXPECT_TRUE(got.unexported[0].removed);
  EXPECT_FALSE(got.unexported[1].lun);
  EXPECT_FALSE(got.unexported[2].removed);

  reply.op = Op::kSetSize;
  reply.size_change = {9, 777, 3};
  got = parse_reply(encode_reply(reply));
  EXPECT_EQ(got.size_change.size, 777u);
  EXPECT_EQ(got.size_change.lun, 3u);

  reply.op = Op::kList;
  LunInfo info;
  info.fs_id = -2;
  info.handle = 65;
  info.lun = 4;
  info.size = 512;
  info.backing = "/s/x.bstream";
  info.serial = unit_serial(-2, 65);
  info.initiators = {"iqn.2025-11.org.pvfsf:client-a",
                     "iqn.2025-11.org.pvfsf:client-b"};
  reply.luns = {info};
  got = parse_reply(encode_reply(reply));
  ASSERT_EQ(got.luns.size(), 1u);
  EXPECT_EQ(got.luns[0].fs_id, -2);
  EXPECT_FALSE(got.luns[0].bstream_size);
  EXPECT_EQ(got.luns[0].serial, info.serial);
  EXPECT_EQ(got.luns[0].initiators, info.initiators);
}

// A target as long as its fields may be: the IQN at RFC 3720's 223 bytes.
TargetInfo longest_target() {
  return {std::string(64, 's'), std::string(223, 'q'),
          "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535"};
}

TEST(Reply, LargestExportAndUnexportFitAFrame) {
  Request request;
  request.op = Op::kExport;
  request.server = std::string(32, 's');
  request.fs_id = INT32_MIN;
  request.size = kMaxLunSize;
  request.initiator = "iqn.2025-11." + std::string(211, 'i');  // 223 bytes
  Reply reply;
  reply.ok = true;
  reply.target = longest_target();
  reply.op = Op::kExport;
  reply.exported.assign(kMaxHandlesPerRequest,
                        {UINT64_MAX, kMaxLuns - 1, kMaxLunSize, false, true});
  for (Handle h = UINT64_MAX; request.handles.size() < kMaxHandlesPerRequest;)
    request.handles.push_back(h--);
  EXPECT_LE(encode_request(request).size(), kMaxBodySize);
  EXPECT_LE(encode_reply(reply).size(), kMaxBodySize);
  reply.op = Op::kUnexport;
  reply.unexported.assign(kMaxHandlesPerRequest,
                          {UINT64_MAX, kMaxLuns - 1, false});
  EXPECT_LE(encode_reply(reply).size(), kMaxBodySize);
}

TEST(Reply, ListIsPagedWithinAFrame) {
  Reply reply;
  reply.ok = true;
  reply.op = Op::kList;
  reply.target = longest_target();
  std::vector<LunInfo> luns;
  for (uint64_t lun = 0; lun < 3000; lun++) {
    LunInfo info;
    info.fs_id = INT32_MIN;
    info.handle = UINT64_MAX - lun;
    info.lun = 2999 - lun;  // given out of order: pages are in LUN order
    info.size = kMaxLunSize;
    info.backing = "/" + std::string(200, 'b');
    info.bstream_size = kMaxLunSize;
    info.serial = unit_serial(INT32_MIN, info.handle);
    luns.push_back(info);
  }
  std::vector<uint64_t> seen;
  uint64_t from = 0;
  for (int page = 0;; page++) {
    ASSERT_LT(page, 100) << "pages do not end";
    fill_list_page(reply, luns, from);
    const std::string body = encode_reply(reply);
    EXPECT_LE(body.size(), kMaxBodySize);
    const Reply got = parse_reply(body);
    EXPECT_EQ(got.next_lun, reply.next_lun);
    for (const LunInfo& info : got.luns) seen.push_back(info.lun);
    if (!got.next_lun) break;
    EXPECT_GT(*got.next_lun, from);
    EXPECT_GT(body.size(), kMaxBodySize - 1000) << "a page is full";
    from = *got.next_lun;
  }
  ASSERT_EQ(seen.size(), luns.size());
  for (uint64_t i = 0; i < seen.size(); i++) ASSERT_EQ(seen[i], i);
  // An entry that cannot fit alone is an error, not an endless page.
  luns.resize(1);
  luns[0].backing = std::string(kMaxBodySize, 'b');
  EXPECT_EQ(code_of([&] { fill_list_page(reply, luns, 0); }),
            ErrorCode::kTooLarge);
}

TEST(Reply, Errors) {
  Reply reply;
  reply.error = ErrorCode::kWrongServer;
  reply.message = "seen \xff before";  // not UTF-8: replaced, not thrown
  const Reply got = parse_reply(encode_reply(reply));
  EXPECT_FALSE(got.ok);
  EXPECT_EQ(got.error, ErrorCode::kWrongServer);
  EXPECT_NE(got.message.find("seen"), std::string::npos);
  EXPECT_EQ(code_of([] { parse_reply("{\"ok\":true}"); }),
            ErrorCode::kBadRequest);
  EXPECT_EQ(code_of([] { parse_reply("nope"); }), ErrorCode::kBadJson);
}

TEST(ErrorCodes, NamesRoundTrip) {
  for (ErrorCode code :
       {ErrorCode::kBadFrame, ErrorCode::kTooLarge, ErrorCode::kAuth,
        ErrorCode::kWrongServer, ErrorCode::kBadJson, ErrorCode::kBadRequest,
        ErrorCode::kUnknownOp, ErrorCode::kRateLimited, ErrorCode::kConflict,
        ErrorCode::kNoSpace, ErrorCode::kNotFound, ErrorCode::kUnavailable,
        ErrorCode::kFailed})
    EXPECT_EQ(parse_error_code(error_code_name(code)), code);
  EXPECT_EQ(error_code_name(ErrorCode::kRateLimited), "rate-limited");
  EXPECT_EQ(error_code_name(ErrorCode::kWrongServer), "wrong-server");
  EXPECT_FALSE(parse_error_code("nope"));
}

}  // namespace
