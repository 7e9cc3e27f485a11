// ADDR:PORT of a portal or a service: a numeric IPv4 address, or an IPv6
// one in brackets ("[::1]:3263"), as LIO names its network portals.
#ifndef PVFSF_HELPER_PROTOCOL_ENDPOINT_H
#define PVFSF_HELPER_PROTOCOL_ENDPOINT_H

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace pvfsf::lun_export {

struct Endpoint {
  std::string address;  // numeric, without brackets
  uint16_t port = 0;
  bool ipv6 = false;

  // "ADDR:PORT" or "[ADDR]:PORT": LIO's np/ directory name.
  std::string text() const;
  // The wildcard address (0.0.0.0 or ::).
  bool unspecified() const;
  // A socket address for bind() or connect(); returns its length.
  socklen_t sockaddr(sockaddr_storage* out) const;
  bool operator==(const Endpoint&) const = default;
};

// Parses "ADDR[:PORT]" or "[ADDR6][:PORT]"; a missing port is
// @default_port.  No host names: LIO takes numbers only.  Throws
// UsageError naming @what.
Endpoint parse_endpoint(std::string_view text, std::string_view what,
                        uint16_t default_port);

// The peer of a connected socket as "ADDR:PORT", for logs.
std::string endpoint_text(const sockaddr_storage& addr);

}  // namespace pvfsf::lun_export

#endif
