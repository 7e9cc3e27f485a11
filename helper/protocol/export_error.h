// The errors pvfs-lun-export reports, one code per kind.  The request
// protocol sends the code's name (docs/export-protocol.md), the command line
// tool prints the message; both say the same thing either way.
#ifndef PVFSF_HELPER_PROTOCOL_EXPORT_ERROR_H
#define PVFSF_HELPER_PROTOCOL_EXPORT_ERROR_H

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pvfsf::lun_export {

enum class ErrorCode {
  kBadFrame,     // framing broken: length, truncated, a TLS record fails
  kTooLarge,     // a frame's body is above the limit
  kAuth,         // the TLS handshake failed: another cluster key
  kWrongServer,  // the request names another server
  kBadJson,      // the body is not a JSON object
  kBadRequest,   // a field is missing, unknown or out of range
  kUnknownOp,    // "op" names no operation
  kRateLimited,  // too many requests; retry later
  kConflict,     // the request contradicts what is exported
  kNoSpace,      // no free LUN number left
  kNotFound,     // no such collection (wrong fs id or storage dir)
  kUnavailable,  // LIO is not loaded or configfs is not mounted
  kFailed,       // the system refused: the message says what and why
};

// The protocol word: "bad-frame", "too-large", "auth", ...
std::string_view error_code_name(ErrorCode code);
std::optional<ErrorCode> parse_error_code(std::string_view name);

class ExportError : public std::runtime_error {
 public:
  ExportError(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace pvfsf::lun_export

#endif
