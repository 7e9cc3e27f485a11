// The names iSCSI is addressed by: a portal (address and TCP port) and a
// target name (IQN).  Pure functions, no I/O.
#ifndef PVFSF_HELPER_ATTACH_ISCSI_NAMES_H
#define PVFSF_HELPER_ATTACH_ISCSI_NAMES_H

#include <cstdint>
#include <string>
#include <string_view>

namespace pvfsf::attach {

constexpr uint16_t kIscsiPort = 3260;

struct Portal {
  std::string address;  // "127.0.10.1", "fe80::1" (no brackets), a host name
  uint16_t port = kIscsiPort;
  // As iscsiadm's --portal takes it: "127.0.10.1:3260", "[fe80::1]:3260".
  std::string str() const;
  bool operator==(const Portal&) const = default;
};

// "ADDR", "ADDR:PORT", "[IPV6]" or "[IPV6]:PORT"; the port is 1-65535 and
// defaults to 3260.  An IPv6 address needs the brackets (else its colons
// would be read as a port).  Throws UsageError.
Portal parse_portal(std::string_view text);

// Whether @a and @b are the same endpoint: equal ports, and addresses equal
// as IP addresses when both are numeric ("::1" is "0:0::1"), else equal
// ignoring case (host names).
bool same_portal(const Portal& a, const Portal& b);

// An iSCSI target name we will hand to iscsiadm: "iqn.", "eui." or "naa."
// then letters, digits and . : - _ only, 5 to 223 bytes (RFC 3720 3.2.6).
// No whitespace, no '/', no shell or option syntax can get through.
// Throws UsageError saying what is wrong.
void check_target_name(std::string_view name);

}  // namespace pvfsf::attach

#endif
