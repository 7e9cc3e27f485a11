#include "attach/iscsi_names.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>

#include <cctype>
#include <cstring>

#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf::attach {

namespace {

constexpr size_t kMaxTargetName = 223;

// The address as binary (family, bytes), if it is a numeric one.
struct IpAddress {
  int family = 0;
  unsigned char bytes[16] = {};
};
bool parse_ip(const std::string& text, IpAddress& ip) {
  if (inet_pton(AF_INET, text.c_str(), ip.bytes) == 1) {
    ip.family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), ip.bytes) == 1) {
    ip.family = AF_INET6;
    return true;
  }
  return false;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out + "'";
}

}  // namespace

std::string Portal::str() const {
  const bool v6 = address.find(':') != std::string::npos;
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

Portal parse_portal(std::string_view text) {
  const std::string what = "portal " + quoted(text);
  Portal portal;
  std::string_view port;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) throw UsageError(what + ": no ']' after the IPv6 address");
    portal.address = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') throw UsageError(what + ": ']' must be followed by ':PORT'");
      port = rest.substr(1);
      if (port.empty()) throw UsageError(what + ": empty port");
    }
    IpAddress ip;
    if (!parse_ip(portal.address, ip) || ip.family != AF_INET6)
      throw UsageError(what + ": '" + portal.address + "' in brackets is no IPv6 address");
  } else {
    const size_t colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos)
      throw UsageError(what + ": an IPv6 address needs brackets, [ADDR]:PORT");
    portal.address = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = text.substr(colon + 1);
      if (port.empty()) throw UsageError(what + ": empty port");
    }
  }
  if (portal.address.empty()) throw UsageError(what + ": no address");
  for (unsigned char c : portal.address)
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '%' || c == '_'))
      throw UsageError(what + ": the address holds " + quoted(std::string(1, c)));
  if (!port.empty()) {
    const uint32_t value = parse_u32(port, what + " port");
    if (value == 0 || value > 65535) throw UsageError(what + ": port " + std::string(port) + " is not 1-65535");
    portal.port = static_cast<uint16_t>(value);
  }
  return portal;
}

bool same_portal(const Portal& a, const Portal& b) {
  if (a.port != b.port) return false;
  IpAddress x, y;
  if (parse_ip(a.address, x) && parse_ip(b.address, y))
    return x.family == y.family && std::memcmp(x.bytes, y.bytes, sizeof(x.bytes)) == 0;
  return strcasecmp(a.address.c_str(), b.address.c_str()) == 0;
}

void check_target_name(std::string_view name) {
  const std::string what = "target name " + quoted(name.substr(0, 80)) +
                           (name.size() > 80 ? "..." : "");
  if (name.size() > kMaxTargetName)
    throw UsageError(what + ": " + std::to_string(name.size()) + " bytes, more than " +
                     std::to_string(kMaxTargetName));
  if (!name.starts_with("iqn.") && !name.starts_with("eui.") && !name.starts_with("naa."))
    throw UsageError(what + ": does not start with iqn., eui. or naa.");
  if (name.size() < 5) throw UsageError(what + ": nothing after the type");
  for (size_t i = 0; i < name.size(); i++) {
    const unsigned char c = name[i];
    if (!(std::isalnum(c) || c == '.' || c == ':' || c == '-' || c == '_'))
      throw UsageError(what + ": byte " + std::to_string(i) + " is " +
                       quoted(std::string(1, static_cast<char>(c))) +
                       ", not a letter, digit, '.', ':', '-' or '_'");
  }
}

}  // namespace pvfsf::attach
