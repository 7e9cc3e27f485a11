// One model of how a server is reached, for the layout, the export server
// and the attach alike: its name, its endpoints (the iSCSI portal and the
// export service) and its target name.  Every check throws UsageError
// "<what>: <problem>", input quoted with quote().
//
// The rule for host names: a name is resolved once, where a layout or a
// server's configuration is read (resolve_endpoint()), and refused there if
// it does not resolve.  Everything after that (LIO portals, iscsiadm, the
// service client, comparisons) holds numeric addresses only, so two
// endpoints are the same exactly when they compare equal.
#ifndef PVFSF_HELPER_COMMON_SERVER_ADDRESS_H
#define PVFSF_HELPER_COMMON_SERVER_ADDRESS_H

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace pvfsf {

inline constexpr uint16_t kIscsiPort = 3260;    // default port of a portal
inline constexpr uint16_t kServicePort = 3263;  // default export service port

// An address and a TCP port.  A numeric address is held in the canonical
// form inet_ntop() writes ("::1", never "0:0::1"), so == compares addresses.
struct Endpoint {
  std::string address;  // without brackets; a host name only before resolving
  uint16_t port = 0;
  bool ipv6 = false;

  // "ADDR:PORT" or "[ADDR]:PORT": as layouts store it, LIO names its np/
  // directories and iscsiadm's --portal takes it.
  std::string text() const;
  // Whether the address is numeric, not a host name.
  bool numeric() const;
  // The wildcard address (0.0.0.0 or ::).
  bool unspecified() const;
  // A socket address for bind() or connect() of a numeric endpoint;
  // returns its length.
  socklen_t sockaddr(sockaddr_storage* out) const;
  bool operator==(const Endpoint&) const = default;
};

// "HOST:PORT", "HOST", "[IPV6]:PORT" or "[IPV6]".  HOST is a dotted IPv4
// address, a bracketed IPv6 address (no zone id) or a DNS host name (RFC
// 1123 labels); PORT is 1..65535 without leading zeros, @default_port when
// left out.  An IPv6 address without brackets is refused, not guessed at.
// Only checks the form: a host name is returned as it is written.
Endpoint parse_endpoint(std::string_view text, uint16_t default_port,
                        const std::string& what);

// parse_endpoint(), then a host name resolved (getaddrinfo(), the first
// address it gives): the one place a name becomes an address.
Endpoint resolve_endpoint(std::string_view text, uint16_t default_port,
                          const std::string& what);

// parse_endpoint() of an endpoint that must already be numeric (one that a
// layout, a configuration or a state file stores): a host name is refused.
Endpoint parse_numeric_endpoint(std::string_view text, uint16_t default_port,
                                const std::string& what);

// An address without brackets (as libopeniscsiusr gives it) and a port:
// canonical if numeric, as parse_endpoint() makes it.
Endpoint endpoint_of(std::string_view address, uint16_t port);

// The peer of a connected socket as "ADDR:PORT", for logs, and its address
// alone ("ADDR", no brackets), which names the host.
std::string endpoint_text(const sockaddr_storage& addr);
std::string address_text(const sockaddr_storage& addr);

// A server's name: 1 to 32 of a-z, 0-9, '.' and '-', starting with a
// letter or digit.  The same name keys a layout's servers and names the
// server in its configuration; it becomes part of file names, LIO backstore
// names and the default target name (lowercase, as iSCSI names are), so
// nothing else is let through.
void check_server_name(std::string_view name, const std::string& what);

// An iSCSI name, checked loosely (RFC 3720 3.2.6.3, RFC 3721):
//   iqn.YYYY-MM.<authority>[:<anything>]  letters, digits, '.', '-', ':'
//   eui.<16 hex digits>
//   naa.<16 or 32 hex digits>
// at most 223 bytes.  No whitespace, '/', shell or option syntax can get
// through, so the name is safe to hand to iscsiadm and configfs.
void check_iqn(std::string_view iqn, const std::string& what);

}  // namespace pvfsf

#endif
