// The checks of a layout's string fields: server names, iSCSI names, BMI
// addresses and "HOST:PORT" endpoints.  Each throws LayoutError
// "<what>: <problem>" and is shared by every reader and by validate().
#ifndef PVFSF_HELPER_LAYOUT_FIELDS_H
#define PVFSF_HELPER_LAYOUT_FIELDS_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pvfsf::layout {

// A server's name (its key in "servers"): 1..255 of letters, digits, '.',
// '_' and '-', starting with a letter or digit.  Other tools use it in
// file and target names, so nothing else is let through.
void check_server_name(std::string_view name, const std::string& what);

// An iSCSI name, checked loosely (RFC 3720 3.2.6.3, RFC 3721):
//   iqn.YYYY-MM.<authority>[:<anything>]  letters, digits, '.', '-', ':'
//   eui.<16 hex digits>
//   naa.<16 or 32 hex digits>
// at most 223 bytes.
void check_iqn(std::string_view iqn, const std::string& what);

// A BMI address list as pvfs2-viewdist prints it: one or more
// "<scheme>://<rest>" joined by ',', printable ASCII without spaces, at
// most 1024 bytes.  Returns the addresses.
std::vector<std::string> split_bmi(std::string_view bmi,
                                   const std::string& what);

// "HOST:PORT", "HOST", "[IPV6]:PORT" or "[IPV6]".  HOST is a dotted IPv4
// address, a bracketed IPv6 address or a DNS host name (RFC 1123 labels);
// PORT is 1..65535, @default_port when left out.
struct Endpoint {
  std::string host;  // without brackets
  uint16_t port = 0;
};
Endpoint parse_endpoint(std::string_view text, uint16_t default_port,
                        const std::string& what);

// "HOST:PORT", IPv6 hosts in brackets: the form the readers store.
std::string format_endpoint(const Endpoint& endpoint);

// parse_endpoint() then format_endpoint(): the port made explicit.
std::string normalize_endpoint(std::string_view text, uint16_t default_port,
                               const std::string& what);

}  // namespace pvfsf::layout

#endif
