#include "protocol/endpoint.h"

#include <arpa/inet.h>

#include <cstring>

#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf::lun_export {

std::string Endpoint::text() const {
  const std::string addr = ipv6 ? "[" + address + "]" : address;
  return addr + ":" + std::to_string(port);
}

bool Endpoint::unspecified() const {
  unsigned char buf[sizeof(in6_addr)] = {};
  if (::inet_pton(ipv6 ? AF_INET6 : AF_INET, address.c_str(), buf) != 1)
    return false;
  const size_t size = ipv6 ? sizeof(in6_addr) : sizeof(in_addr);
  for (size_t i = 0; i < size; i++)
    if (buf[i]) return false;
  return true;
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

Endpoint parse_endpoint(std::string_view text, std::string_view what,
                        uint16_t default_port) {
  const std::string quoted = std::string(what) + " '" + std::string(text) + "'";
  Endpoint endpoint;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos)
      throw UsageError(quoted + ": '[' without ']'");
    endpoint.address = std::string(text.substr(1, close - 1));
    endpoint.ipv6 = true;
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':'))
        throw UsageError(quoted + ": expected ':PORT' after ']'");
      port_text = rest.substr(1);
      if (port_text.empty()) throw UsageError(quoted + ": empty port");
    }
  } else {
    const size_t colon = text.find(':');
    if (colon != std::string_view::npos &&
        text.find(':', colon + 1) != std::string_view::npos)
      throw UsageError(quoted + ": write an IPv6 address as [ADDR]:PORT");
    endpoint.address = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = text.substr(colon + 1);
      if (port_text.empty()) throw UsageError(quoted + ": empty port");
    }
  }
  unsigned char buf[sizeof(in6_addr)];
  const int family = endpoint.ipv6 ? AF_INET6 : AF_INET;
  if (endpoint.address.empty() ||
      ::inet_pton(family, endpoint.address.c_str(), buf) != 1)
    throw UsageError(quoted + ": not a numeric " +
                     (endpoint.ipv6 ? "IPv6" : "IPv4") + " address");
  endpoint.port = default_port;
  if (!port_text.empty()) {
    const uint32_t port = parse_u32(port_text, std::string(what) + " port");
    if (port == 0 || port > 65535)
      throw UsageError(quoted + ": port must be 1 to 65535");
    endpoint.port = static_cast<uint16_t>(port);
  }
  return endpoint;
}

std::string endpoint_text(const sockaddr_storage& addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof(buf));
    return "[" + std::string(buf) +
           "]:" + std::to_string(ntohs(sin6->sin6_port));
  }
  const auto* sin = reinterpret_cast<const sockaddr_in*>(&addr);
  ::inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf));
  return std::string(buf) + ":" + std::to_string(ntohs(sin->sin_port));
}

}  // namespace pvfsf::lun_export
