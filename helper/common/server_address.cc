#include "common/server_address.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "common/error.h"

namespace pvfsf {

namespace {

constexpr size_t kMaxServerName = 32;
constexpr size_t kMaxIqn = 223;       // RFC 3720 3.2.6.1
constexpr size_t kMaxHostName = 253;  // RFC 1035, without the final dot
constexpr size_t kMaxLabel = 63;

[[noreturn]] void refuse(const std::string& what, const std::string& why) {
  throw UsageError(what + ": " + why);
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool is_xdigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)); }

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

// @address of @family in inet_ntop()'s form, or "" if it is not one.
std::string canonical(int family, const std::string& address) {
  unsigned char bytes[sizeof(in6_addr)];
  char text[INET6_ADDRSTRLEN];
  if (::inet_pton(family, address.c_str(), bytes) != 1 ||
      !::inet_ntop(family, bytes, text, sizeof(text)))
    return "";
  return text;
}

}  // namespace

std::string Endpoint::text() const {
  const std::string port_text = std::to_string(port);
  return ipv6 ? "[" + address + "]:" + port_text : address + ":" + port_text;
}

bool Endpoint::numeric() const {
  unsigned char bytes[sizeof(in6_addr)];
  return ::inet_pton(ipv6 ? AF_INET6 : AF_INET, address.c_str(), bytes) == 1;
}

bool Endpoint::unspecified() const {
  unsigned char bytes[sizeof(in6_addr)] = {};
  if (::inet_pton(ipv6 ? AF_INET6 : AF_INET, address.c_str(), bytes) != 1)
    return false;
  const size_t size = ipv6 ? sizeof(in6_addr) : sizeof(in_addr);
  return std::all_of(bytes, bytes + size, [](unsigned char b) { return !b; });
}

socklen_t Endpoint::sockaddr(sockaddr_storage* out) const {
  std::memset(out, 0, sizeof(*out));
  if (ipv6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    ::inet_pton(AF_INET6, address.c_str(), &sin6->sin6_addr);
    return sizeof(*sin6);
  }
  auto* sin = reinterpret_cast<sockaddr_in*>(out);
  sin->sin_family = AF_INET;
  sin->sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sin->sin_addr);
  return sizeof(*sin);
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
    endpoint.ipv6 = true;
    endpoint.address =
        canonical(AF_INET6, std::string(text.substr(1, close - 1)));
    if (endpoint.address.empty())
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
  const std::string host(text.substr(0, colon));
  if (colon != std::string_view::npos)
    endpoint.port = parse_port(text.substr(colon + 1), what, text);
  if (host.empty()) refuse(what, quote(text) + ": no host");
  // All digits and dots: an IPv4 address or nothing (not a host name).
  if (all_of(host, [](char c) { return is_digit(c) || c == '.'; })) {
    endpoint.address = canonical(AF_INET, host);
    if (endpoint.address.empty())
      refuse(what, quote(text) + ": not a valid IPv4 address");
    return endpoint;
  }
  if (!host_name_form(host))
    refuse(what,
           quote(text) + ": not an IPv4 address, [IPv6] address or host name");
  endpoint.address = host;
  return endpoint;
}

Endpoint resolve_endpoint(std::string_view text, uint16_t default_port,
                          const std::string& what) {
  Endpoint endpoint = parse_endpoint(text, default_port, what);
  if (endpoint.numeric()) return endpoint;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(endpoint.address.c_str(), nullptr, &hints, &found);
  if (rc != 0)
    refuse(what, quote(text) + ": host name " + quote(endpoint.address) +
                     " does not resolve (" + ::gai_strerror(rc) + ")");
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(
      found, ::freeaddrinfo);
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  char host[INET6_ADDRSTRLEN] = "";
  if (found->ai_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr,
                host, sizeof(host));
  else
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address)->sin_addr,
                host, sizeof(host));
  endpoint.address = host;
  endpoint.ipv6 = found->ai_family == AF_INET6;
  return endpoint;
}

Endpoint parse_numeric_endpoint(std::string_view text, uint16_t default_port,
                                const std::string& what) {
  Endpoint endpoint = parse_endpoint(text, default_port, what);
  if (!endpoint.numeric())
    refuse(what, quote(text) +
                     ": not a numeric address (host names are resolved where "
                     "a layout or a server's configuration is read)");
  return endpoint;
}

Endpoint endpoint_of(std::string_view address, uint16_t port) {
  Endpoint endpoint;
  endpoint.ipv6 = address.find(':') != std::string_view::npos;
  endpoint.address = canonical(endpoint.ipv6 ? AF_INET6 : AF_INET,
                               std::string(address));
  if (endpoint.address.empty()) endpoint.address = address;
  endpoint.port = port;
  return endpoint;
}

std::string address_text(const sockaddr_storage& addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET6)
    ::inet_ntop(AF_INET6,
                &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, buf,
                sizeof(buf));
  else
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr,
                buf, sizeof(buf));
  return buf;
}

std::string endpoint_text(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET6)
    return "[" + address_text(addr) + "]:" +
           std::to_string(
               ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port));
  return address_text(addr) + ":" +
         std::to_string(
             ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port));
}

void check_server_name(std::string_view name, const std::string& what) {
  auto lower_or_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  if (name.empty() || name.size() > kMaxServerName ||
      !lower_or_digit(name.front()) ||
      !std::all_of(name.begin(), name.end(), [&](char c) {
        return lower_or_digit(c) || c == '.' || c == '-';
      }))
    refuse(what, "server name " + quote(name) +
                     ": use 1 to 32 of a-z, 0-9, '.' and '-', starting with a "
                     "letter or digit");
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

}  // namespace pvfsf
