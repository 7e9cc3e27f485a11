// The request protocol between clients and `pvfs-lun-export serve`
// (docs/export-protocol.md), inside TLS 1.3 (tls.h).  A frame, either way:
//
//   body length, u32 big-endian, 1..65536 | body (JSON)
//
// A request body holds "v", "op", "server" (the name of the server it is
// for) and the op's fields; a reply carries "ok" and either the result or
// "error": {"code", "message"}.  Parsers here are strict and total: any
// input gives a value or an ExportError, never anything else.
#ifndef PVFSF_HELPER_PROTOCOL_PROTOCOL_H
#define PVFSF_HELPER_PROTOCOL_PROTOCOL_H

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/export_error.h"
#include "protocol/types.h"

namespace pvfsf::lun_export {

constexpr size_t kFrameHeaderSize = 4;
constexpr size_t kMaxBodySize = 65536;
constexpr size_t kMaxFrameSize = kFrameHeaderSize + kMaxBodySize;
// 2: TLS with the cluster key's PSK, "server" named; 1 had a MAC, a time
// and a nonce in every frame.
constexpr int kProtocolVersion = 2;

// A frame carrying @body.  Throws ExportError kTooLarge for a body above
// kMaxBodySize, which no peer would read.
std::string encode_frame(std::string_view body);
// The body length a frame header announces.  Throws ExportError kBadFrame
// (truncated, length 0) or kTooLarge (above kMaxBodySize).
size_t check_frame_header(std::string_view header);
// The body of the complete frame @frame.  Throws ExportError kBadFrame
// (truncated, trailing bytes) or kTooLarge.
std::string_view open_frame(std::string_view frame);

enum class Op { kExport, kUnexport, kSetSize, kList };
std::string_view op_name(Op op);

struct Request {
  Op op = Op::kList;
  std::string server;           // the server it is for (its configured name)
  FsId fs_id = 0;               // export, unexport, set-size
  bool has_fs_id = false;       // list: filter by fs_id
  uint64_t from_lun = 0;        // list: the page that starts at this LUN
  uint64_t size = 0;            // export: LUN size; set-size: bstream size
  std::vector<Handle> handles;  // export, unexport; set-size: exactly one
  // export, unexport: the iSCSI initiator name of the client whose access
  // the request adds or drops (the LUNs map to that name's node ACL).
  std::string initiator;
};

// Throws ExportError kBadJson, kBadRequest or kUnknownOp.
Request parse_request(std::string_view body);
std::string encode_request(const Request& request);
// A request object's fields, only those of its op.  from_json() refuses
// what parse_request() refuses but the JSON syntax (kBadRequest or
// kUnknownOp): unknown fields, missing ones, wrong types and ranges.
void to_json(nlohmann::json& out, const Request& request);
void from_json(const nlohmann::json& in, Request& request);
struct Reply {
  bool ok = false;
  ErrorCode error = ErrorCode::kFailed;   // !ok
  std::string message;                    // !ok
  Op op = Op::kList;                      // ok
  TargetInfo target;                      // ok
  std::vector<ExportedLun> exported;      // export
  std::vector<UnexportedLun> unexported;  // unexport
  SizeChange size_change;                 // set-size
  std::vector<LunInfo> luns;              // list, one page
  std::optional<uint64_t> next_lun;       // list: where the next page starts
};

std::string encode_reply(const Reply& reply);
// Throws ExportError kBadJson or kBadRequest if @body is no reply.
Reply parse_reply(std::string_view body);
// A reply object; from_json() throws ExportError kBadRequest.
void to_json(nlohmann::json& out, const Reply& reply);
void from_json(const nlohmann::json& in, Reply& reply);

// Fills a list reply (its other fields set) with the page of @luns that
// starts at LUN @from_lun, in LUN order: as many entries as keep the body
// within kMaxBodySize, and next_lun if more remain.  Throws ExportError
// kTooLarge if one entry alone cannot fit.
void fill_list_page(Reply& reply, std::vector<LunInfo> luns,
                    uint64_t from_lun);

}  // namespace pvfsf::lun_export

#endif
