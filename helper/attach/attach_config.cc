#include "attach/attach_config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>

#include "common/error.h"
#include "common/parse_number.h"
#include "common/unique_fd.h"

namespace pvfsf::attach {

namespace {

// The most a config file may hold: it is a dozen lines.
constexpr size_t kMaxConfigBytes = 64 * 1024;

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

struct Range {
  uint32_t min, max;
};

uint32_t number(std::string_view value, const std::string& where, std::string_view key,
                Range range) {
  uint32_t n;
  try {
    n = parse_u32(value, key);
  } catch (const UsageError& e) {
    throw ConfigError(where + e.what());
  }
  if (n < range.min || n > range.max)
    throw ConfigError(where + std::string(key) + " " + std::to_string(n) + " is not " +
                      std::to_string(range.min) + "-" + std::to_string(range.max));
  return n;
}

}  // namespace

AttachConfig parse_attach_config(std::string_view text, const std::string& name) {
  AttachConfig config;
  config.source = name;
  std::map<std::string, unsigned> seen;  // key -> line
  std::optional<std::string> user, password, user_in, password_in;
  unsigned line_no = 0;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    std::string_view line = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    line_no++;
    const std::string where = name + ":" + std::to_string(line_no) + ": ";
    if (line.empty() || line.front() == '#') continue;
    const size_t equals = line.find('=');
    if (equals == std::string_view::npos)
      throw ConfigError(where + "expected 'key = value'");
    const std::string key(trim(line.substr(0, equals)));
    const std::string_view value = trim(line.substr(equals + 1));
    if (key.empty()) throw ConfigError(where + "no key before '='");
    if (auto [it, fresh] = seen.emplace(key, line_no); !fresh)
      throw ConfigError(where + key + " is set again (first on line " +
                        std::to_string(it->second) + ")");
    if (value.empty()) throw ConfigError(where + key + " has no value");
    if (key == "replacement_timeout") {
      config.node.replacement_timeout = number(value, where, key, {1, 86400});
    } else if (key == "login_timeout") {
      config.node.login_timeout = number(value, where, key, {1, 3600});
    } else if (key == "login_retry_max") {
      config.node.login_retry_max = number(value, where, key, {1, 100});
    } else if (key == "chap_username") {
      user = std::string(value);
    } else if (key == "chap_password") {
      password = std::string(value);
    } else if (key == "chap_username_in") {
      user_in = std::string(value);
    } else if (key == "chap_password_in") {
      password_in = std::string(value);
    } else if (key == "cluster_key") {
      if (value.front() != '/') throw ConfigError(where + "cluster_key must be an absolute path");
      config.cluster_key = std::string(value);
    } else {
      throw ConfigError(where + "unknown setting '" + key + "'");
    }
  }
  if (user.has_value() != password.has_value())
    throw ConfigError(name + ": " + (user ? "chap_username without chap_password"
                                          : "chap_password without chap_username"));
  if (user_in.has_value() != password_in.has_value())
    throw ConfigError(name + ": " + (user_in ? "chap_username_in without chap_password_in"
                                             : "chap_password_in without chap_username_in"));
  if (user_in && !user)
    throw ConfigError(name + ": chap_username_in needs chap_username: mutual CHAP is CHAP both ways");
  if (user) config.node.chap = Chap{*user, *password};
  if (user_in) config.node.target_chap = Chap{*user_in, *password_in};
  return config;
}

void check_config_permissions(const std::string& path, mode_t mode, uid_t owner, uid_t euid,
                              bool has_secret) {
  if (!S_ISREG(mode)) throw ConfigError(path + ": not a regular file");
  if (owner != 0 && owner != euid)
    throw ConfigError(path + ": owned by uid " + std::to_string(owner) +
                      ", not by root: refusing to trust it");
  if (mode & (S_IWGRP | S_IWOTH))
    throw ConfigError(path + ": mode " + octal_mode(mode) +
                      " lets others than its owner write it: chmod go-w it");
  if (has_secret && (mode & (S_IRGRP | S_IROTH)))
    throw ConfigError(path + ": holds a CHAP secret but its mode " + octal_mode(mode) +
                      " lets " + ((mode & S_IROTH) ? "everyone" : "its group") +
                      " read it: chmod 600 it");
}

AttachConfig load_attach_config(const std::string& path, bool must_exist) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) {
    if (errno == ENOENT && !must_exist) return AttachConfig{};
    throw_errno(errno, "config " + path);
  }
  // The checks are on the file opened, not on the name (no race).
  struct stat st;
  if (::fstat(fd.get(), &st) < 0) throw_errno(errno, "config " + path);
  if (!S_ISREG(st.st_mode)) throw ConfigError(path + ": not a regular file");
  if (static_cast<size_t>(st.st_size) > kMaxConfigBytes)
    throw ConfigError(path + ": " + std::to_string(st.st_size) + " bytes, more than a config holds");
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "config " + path);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxConfigBytes) throw ConfigError(path + ": more than a config holds");
  }
  // Ownership and write permission first, whatever the file says; then,
  // knowing whether it holds a secret, who may read it.
  check_config_permissions(path, st.st_mode, st.st_uid, ::geteuid(), false);
  AttachConfig config = parse_attach_config(text, path);
  check_config_permissions(path, st.st_mode, st.st_uid, ::geteuid(), config.node.chap.has_value());
  return config;
}

}  // namespace pvfsf::attach
