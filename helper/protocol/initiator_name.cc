#include "protocol/initiator_name.h"

#include <cerrno>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/server_address.h"
#include "protocol/export_error.h"

namespace pvfsf::lun_export {

namespace {

std::string_view trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

void check_initiator_name(std::string_view name, const std::string& what) {
  try {
    check_iqn(name, what);
  } catch (const UsageError& e) {
    throw ExportError(ErrorCode::kBadRequest, e.what());
  }
}

std::string parse_initiator_name(std::string_view text,
                                 const std::string& source) {
  constexpr std::string_view kKey = "InitiatorName=";
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    const std::string_view item = trimmed(line);
    if (!item.starts_with(kKey)) continue;
    const std::string name(trimmed(item.substr(kKey.size())));
    check_initiator_name(name, source + ": InitiatorName");
    return name;
  }
  throw ExportError(ErrorCode::kBadRequest,
                    source +
                        ": no InitiatorName= line (open-iscsi's "
                        "initiator name)");
}

std::string read_initiator_name(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw_errno(errno, "open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_initiator_name(text.str(), path);
}

}  // namespace pvfsf::lun_export
