#include "protocol/export_error.h"

#include <array>
#include <utility>

namespace pvfsf::lun_export {

namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 13> kNames{{
    {ErrorCode::kBadFrame, "bad-frame"},
    {ErrorCode::kTooLarge, "too-large"},
    {ErrorCode::kAuth, "auth"},
    {ErrorCode::kWrongServer, "wrong-server"},
    {ErrorCode::kBadJson, "bad-json"},
    {ErrorCode::kBadRequest, "bad-request"},
    {ErrorCode::kUnknownOp, "unknown-op"},
    {ErrorCode::kRateLimited, "rate-limited"},
    {ErrorCode::kConflict, "conflict"},
    {ErrorCode::kNoSpace, "no-space"},
    {ErrorCode::kNotFound, "not-found"},
    {ErrorCode::kUnavailable, "unavailable"},
    {ErrorCode::kFailed, "failed"},
}};

}  // namespace

std::string_view error_code_name(ErrorCode code) {
  for (const auto& [c, name] : kNames)
    if (c == code) return name;
  return "failed";
}

std::optional<ErrorCode> parse_error_code(std::string_view name) {
  for (const auto& [c, n] : kNames)
    if (n == name) return c;
  return std::nullopt;
}

}  // namespace pvfsf::lun_export
