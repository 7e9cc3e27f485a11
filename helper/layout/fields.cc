#include "layout/fields.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "layout/layout_error.h"

namespace pvfsf::layout {

namespace {

constexpr size_t kMaxServerName = 255;
constexpr size_t kMaxIqn = 223;  // RFC 3720 3.2.6.1
constexpr size_t kMaxBmi = 1024;
constexpr size_t kMaxHostName = 253;  // RFC 1035, without the final dot
constexpr size_t kMaxLabel = 63;

[[noreturn]] void refuse(const std::string& what, const std::string& why) {
  throw LayoutError(what + ": " + why);
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool is_xdigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)); }
bool is_graph(char c) { return c > ' ' && c < 0x7f; }  // printable, no space

bool all_of(std::string_view text, bool (*pred)(char)) {
  return std::all_of(text.begin(), text.end(), pred);
}

// "iqn.YYYY-MM.authority...": date and a non-empty authority.
bool iqn_form(std::string_view name) {
  if (!name.starts_with("iqn.")) return false;
  const std::string_view rest = name.substr(4);
  if (rest.size() < 9 || !all_of(rest.substr(0, 4), is_digit) ||
      rest[4] != '-' || !all_of(rest.substr(5, 2), is_digit) || rest[7] != '.')
    return false;
  const int month = (rest[5] - '0') * 10 + (rest[6] - '0');
  if (month < 1 || month > 12) return false;
  const std::string_view authority = rest.substr(8);
  return !authority.empty() && is_alnum(authority.front()) &&
         all_of(authority, [](char c) {
           return is_alnum(c) || c == '.' || c == '-' || c == ':';
         });
}

bool hex_form(std::string_view name, std::string_view prefix,
              std::initializer_list<size_t> lengths) {
  if (!name.starts_with(prefix)) return false;
  const std::string_view hex = name.substr(prefix.size());
  return std::find(lengths.begin(), lengths.end(), hex.size()) !=
             lengths.end() &&
         all_of(hex, is_xdigit);
}

bool host_name_form(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostName) return false;
  size_t start = 0;
  while (true) {
    const size_t dot = host.find('.', start);
    const std::string_view label =
        host.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > kMaxLabel || label.front() == '-' ||
        label.back() == '-' ||
        !all_of(label, [](char c) { return is_alnum(c) || c == '-'; }))
      return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

uint16_t parse_port(std::string_view text, const std::string& what,
                    std::string_view whole) {
  if (text.empty() || text.size() > 5 || !all_of(text, is_digit) ||
      (text.size() > 1 && text.front() == '0'))
    refuse(what, quote(whole) + ": the port is not a number 1..65535");
  unsigned value = 0;
  for (char c : text) value = value * 10 + static_cast<unsigned>(c - '0');
  if (value < 1 || value > 65535)
    refuse(what, quote(whole) + ": the port is not a number 1..65535");
  return static_cast<uint16_t>(value);
}

}  // namespace

void check_server_name(std::string_view name, const std::string& what) {
  if (name.empty() || name.size() > kMaxServerName || !is_alnum(name.front()) ||
      !all_of(name, [](char c) {
        return is_alnum(c) || c == '.' || c == '_' || c == '-';
      }))
    refuse(what, "server name " + quote(name) +
                     ": use 1 to 255 letters, digits, '.', '_' or '-', "
                     "starting with a letter or digit");
}

void check_iqn(std::string_view iqn, const std::string& what) {
  if (iqn.empty()) refuse(what, "empty; expected an iSCSI name");
  if (iqn.size() > kMaxIqn)
    refuse(what, quote(iqn) + ": longer than 223 bytes (RFC 3720)");
  if (!iqn_form(iqn) && !hex_form(iqn, "eui.", {16}) &&
      !hex_form(iqn, "naa.", {16, 32}))
    refuse(what, quote(iqn) +
                     " is not an iSCSI name (iqn.YYYY-MM.authority[:id], "
                     "eui.<16 hex> or naa.<16 or 32 hex>)");
}

std::vector<std::string> split_bmi(std::string_view bmi,
                                   const std::string& what) {
  if (bmi.empty()) refuse(what, "empty; expected a BMI address");
  if (bmi.size() > kMaxBmi)
    refuse(what, quote(bmi) + ": longer than 1024 bytes");
  std::vector<std::string> addresses;
  size_t start = 0;
  while (true) {
    const size_t comma = bmi.find(',', start);
    const std::string_view address = bmi.substr(
        start, comma == std::string_view::npos ? comma : comma - start);
    const size_t scheme_end = address.find("://");
    if (scheme_end == 0 || scheme_end == std::string_view::npos ||
        scheme_end + 3 == address.size() ||
        !all_of(address.substr(0, scheme_end), is_alnum) ||
        !all_of(address, is_graph))
      refuse(what, quote(bmi) +
                       " is not a BMI address list (scheme://host:port, "
                       "several joined by ',')");
    addresses.emplace_back(address);
    if (comma == std::string_view::npos) return addresses;
    start = comma + 1;
  }
}

Endpoint parse_endpoint(std::string_view text, uint16_t default_port,
                        const std::string& what) {
  if (text.empty()) refuse(what, "empty; expected HOST[:PORT]");
  Endpoint endpoint;
  endpoint.port = default_port;
  if (text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos)
      refuse(what, quote(text) + ": '[' without ']'");
    endpoint.host = std::string(text.substr(1, close - 1));
    in6_addr addr;
    if (endpoint.host.empty() ||
        ::inet_pton(AF_INET6, endpoint.host.c_str(), &addr) != 1)
      refuse(what, quote(text) + ": not an IPv6 address in brackets");
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':')
        refuse(what, quote(text) + ": expected ':PORT' after ']'");
      endpoint.port = parse_port(rest.substr(1), what, text);
    }
    return endpoint;
  }
  const size_t colon = text.find(':');
  if (colon != std::string_view::npos &&
      text.find(':', colon + 1) != std::string_view::npos)
    refuse(what, quote(text) +
                     ": write an IPv6 address in brackets, e.g. [::1]:" +
                     std::to_string(default_port));
  endpoint.host = std::string(text.substr(0, colon));
  if (colon != std::string_view::npos)
    endpoint.port = parse_port(text.substr(colon + 1), what, text);
  const std::string& host = endpoint.host;
  if (host.empty()) refuse(what, quote(text) + ": no host");
  // All digits and dots: an IPv4 address or nothing (not a host name).
  if (all_of(host, [](char c) { return is_digit(c) || c == '.'; })) {
    in_addr addr;
    if (::inet_pton(AF_INET, host.c_str(), &addr) != 1)
      refuse(what, quote(text) + ": not a valid IPv4 address");
    return endpoint;
  }
  if (!host_name_form(host))
    refuse(what,
           quote(text) + ": not an IPv4 address, [IPv6] address or host name");
  return endpoint;
}

std::string format_endpoint(const Endpoint& endpoint) {
  const std::string port = std::to_string(endpoint.port);
  if (endpoint.host.find(':') != std::string::npos)
    return "[" + endpoint.host + "]:" + port;
  return endpoint.host + ":" + port;
}

std::string normalize_endpoint(std::string_view text, uint16_t default_port,
                               const std::string& what) {
  return format_endpoint(parse_endpoint(text, default_port, what));
}

}  // namespace pvfsf::layout
