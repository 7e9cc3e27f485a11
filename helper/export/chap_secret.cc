#include "export/chap_secret.h"

#include <map>
#include <sstream>

#include "common/error.h"
#include "common/secret_file.h"

namespace pvfsf::lun_export {

namespace {

// LIO keeps each in a 256-byte buffer and refuses a write that fills it.
constexpr size_t kMaxChapValue = 255;
constexpr size_t kMinChapSecret = 12;
constexpr size_t kMaxChapFile = 4096;

std::string_view trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

void check_value(const std::string& value, const std::string& where,
                 bool secret) {
  if (value.empty()) throw UsageError(where + ": empty");
  if (value.size() > kMaxChapValue)
    throw UsageError(where + ": longer than 255 characters (LIO's limit)");
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw UsageError(where + ": holds a control character");
  // LIO reads "NULL..." as "no value" and would leave CHAP unset.
  if (value.starts_with("NULL"))
    throw UsageError(where + ": LIO reads a value starting with NULL as none");
  if (secret && value.size() < kMinChapSecret)
    throw UsageError(where + ": shorter than 12 characters (RFC 3720 8.2.1)");
}

std::optional<ChapCredentials> credentials(
    std::map<std::string, std::string>& values, const std::string& user_key,
    const std::string& password_key, const std::string& source) {
  auto user = values.find(user_key);
  auto password = values.find(password_key);
  if (user == values.end() && password == values.end()) return std::nullopt;
  if (user == values.end() || password == values.end())
    throw UsageError(source + ": " + user_key + " and " + password_key +
                     " go together");
  return ChapCredentials{user->second, password->second};
}

}  // namespace

ChapSecret parse_chap_secret(std::string_view text, const std::string& source) {
  static const std::map<std::string, bool> kKeys = {{"username", false},
                                                    {"password", true},
                                                    {"mutual_username", false},
                                                    {"mutual_password", true}};
  std::map<std::string, std::string> values;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); number++) {
    const std::string_view item = trimmed(line);
    if (item.empty() || item.front() == '#') continue;
    const std::string where = source + ":" + std::to_string(number);
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos)
      throw UsageError(where + ": not a \"key = value\" line");
    const std::string key(trimmed(item.substr(0, equals)));
    const std::string value(trimmed(item.substr(equals + 1)));
    auto known = kKeys.find(key);
    if (known == kKeys.end())
      throw UsageError(where + ": unknown key \"" + key +
                       "\" (username, password, mutual_username, "
                       "mutual_password)");
    if (values.count(key)) throw UsageError(where + ": " + key + " again");
    check_value(value, where + ": " + key, known->second);
    values[key] = value;
  }
  std::optional<ChapCredentials> initiator =
      credentials(values, "username", "password", source);
  if (!initiator) throw UsageError(source + ": no username and password");
  return {*initiator,
          credentials(values, "mutual_username", "mutual_password", source)};
}

ChapSecret load_chap_secret(const std::filesystem::path& path) {
  const std::string name = "chap-file " + path.string();
  const std::string text = read_secret_file(path, name, kMaxChapFile);
  return parse_chap_secret(text, path.string());
}

}  // namespace pvfsf::lun_export
