#include "export/chap_secret.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>
#include <sstream>
#include <system_error>

#include "common/error.h"
#include "common/unique_fd.h"

namespace pvfsf::lun_export {

namespace {

// LIO keeps each in a 256-byte buffer and refuses a write that fills it.
constexpr size_t kMaxChapValue = 255;
constexpr size_t kMinChapSecret = 12;
constexpr off_t kMaxChapFile = 4096;

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
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd)
    throw UsageError(name +
                     ": cannot open: " + std::system_category().message(errno));
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) throw_errno(errno, "fstat " + path.string());
  if (!S_ISREG(st.st_mode)) throw UsageError(name + ": not a regular file");
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o",
                  static_cast<unsigned>(st.st_mode & 07777));
    throw UsageError(name + " has mode " + mode +
                     ": it holds a secret, group and others must have no "
                     "access (chmod 600 " +
                     path.string() + ")");
  }
  if (st.st_size > kMaxChapFile)
    throw UsageError(name + ": larger than 4096 bytes");
  std::string text(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t got =
        ::read(fd.get(), text.data() + done, text.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw_errno(errno, "read " + path.string());
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  text.resize(done);
  return parse_chap_secret(text, path.string());
}

}  // namespace pvfsf::lun_export
