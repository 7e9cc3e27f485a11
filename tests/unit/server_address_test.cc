// The one model of a server's address, portal and target name
// (common/server_address.h) that layout, export and attach share: endpoints
// parsed, host names resolved once, portals compared as addresses, server
// names and iSCSI names checked.
#include "common/server_address.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace pvfsf {
namespace {

template <typename F>
std::string refusal(F f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

void expect_endpoint(const std::string& text, const std::string& address,
                     uint16_t port, const std::string& normal) {
  const Endpoint endpoint = parse_endpoint(text, 3260, "portal");
  EXPECT_EQ(endpoint.address, address) << text;
  EXPECT_EQ(endpoint.port, port) << text;
  EXPECT_EQ(endpoint.text(), normal) << text;
}

TEST(ServerEndpoint, Accepted) {
  expect_endpoint("127.0.10.1", "127.0.10.1", 3260, "127.0.10.1:3260");
  expect_endpoint("127.0.10.1:3261", "127.0.10.1", 3261, "127.0.10.1:3261");
  expect_endpoint("[::1]", "::1", 3260, "[::1]:3260");
  expect_endpoint("[fe80::1:2]:1", "fe80::1:2", 1, "[fe80::1:2]:1");
  expect_endpoint("[::ffff:10.0.0.1]:65535", "::ffff:10.0.0.1", 65535,
                  "[::ffff:10.0.0.1]:65535");
  expect_endpoint("node1", "node1", 3260, "node1:3260");
  expect_endpoint("node-1.example.org:3263", "node-1.example.org", 3263,
                  "node-1.example.org:3263");
  expect_endpoint("1e100.net", "1e100.net", 3260, "1e100.net:3260");
  EXPECT_EQ(parse_endpoint("h", 3263, "service").text(), "h:3263");
  // IPv6 in the form inet_ntop() writes.
  expect_endpoint("[0:0::1]:860", "::1", 860, "[::1]:860");
  expect_endpoint("[FD00:0::10]", "fd00::10", 3260, "[fd00::10]:3260");
}

TEST(ServerEndpoint, Flags) {
  const Endpoint v4 = parse_endpoint("127.0.10.1:3260", 1, "portal");
  EXPECT_FALSE(v4.ipv6);
  EXPECT_TRUE(v4.numeric());
  const Endpoint v6 = parse_endpoint("[fd00::1]:3263", 1, "listen");
  EXPECT_TRUE(v6.ipv6);
  EXPECT_TRUE(v6.numeric());
  EXPECT_FALSE(parse_endpoint("node1", 1, "x").numeric());
  EXPECT_TRUE(parse_endpoint("0.0.0.0:1", 1, "x").unspecified());
  EXPECT_TRUE(parse_endpoint("[::]:1", 1, "x").unspecified());
  EXPECT_TRUE(parse_endpoint("[0:0::0]:1", 1, "x").unspecified());
  EXPECT_FALSE(parse_endpoint("[::1]:1", 1, "x").unspecified());
}

TEST(ServerEndpoint, Refused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "portal: empty; expected HOST[:PORT]"},
      {":3260", "portal: \":3260\": no host"},
      {"1.2.3", "portal: \"1.2.3\": not a valid IPv4 address"},
      {"256.1.1.1", "portal: \"256.1.1.1\": not a valid IPv4 address"},
      {"01.2.3.4", "portal: \"01.2.3.4\": not a valid IPv4 address"},
      {"::1",
       "portal: \"::1\": write an IPv6 address in brackets, e.g. "
       "[::1]:3260"},
      {"1.2.3.4:3260:1",
       "portal: \"1.2.3.4:3260:1\": write an IPv6 address in brackets, e.g. "
       "[::1]:3260"},
      {"[::1", "portal: \"[::1\": '[' without ']'"},
      {"[::1]3260", "portal: \"[::1]3260\": expected ':PORT' after ']'"},
      {"[::1]:", "portal: \"[::1]:\": the port is not a number 1..65535"},
      {"[zz]:1", "portal: \"[zz]:1\": not an IPv6 address in brackets"},
      {"[10.0.0.1]",
       "portal: \"[10.0.0.1]\": not an IPv6 address in "
       "brackets"},
      {"[fe80::1%eth0]",
       "portal: \"[fe80::1%eth0]\": not an IPv6 address in "
       "brackets"},
      {"h:0", "portal: \"h:0\": the port is not a number 1..65535"},
      {"h:65536", "portal: \"h:65536\": the port is not a number 1..65535"},
      {"h:03260", "portal: \"h:03260\": the port is not a number 1..65535"},
      {"h:", "portal: \"h:\": the port is not a number 1..65535"},
      {"h:+1", "portal: \"h:+1\": the port is not a number 1..65535"},
      {"h:32a", "portal: \"h:32a\": the port is not a number 1..65535"},
      {"-h",
       "portal: \"-h\": not an IPv4 address, [IPv6] address or host "
       "name"},
      {"a..b",
       "portal: \"a..b\": not an IPv4 address, [IPv6] address or "
       "host name"},
      {"a_b",
       "portal: \"a_b\": not an IPv4 address, [IPv6] address or host "
       "name"},
      {"a b",
       "portal: \"a b\": not an IPv4 address, [IPv6] address or host "
       "name"},
      {"$(reboot)",
       "portal: \"$(reboot)\": not an IPv4 address, [IPv6] address or host "
       "name"},
      {"h.",
       "portal: \"h.\": not an IPv4 address, [IPv6] address or host "
       "name"},
      {std::string(64, 'a'), "portal: \"" + std::string(64, 'a') +
                                 "\": not an IPv4 address, [IPv6] address or "
                                 "host name"},
  };
  for (const auto& [text, message] : cases)
    EXPECT_EQ(refusal([&] { parse_endpoint(text, 3260, "portal"); }), message)
        << text;
  // The longest host name: 253 bytes in labels of 63 at most.
  const std::string label(63, 'a');
  const std::string longest =
      label + "." + label + "." + label + "." + std::string(61, 'b');
  ASSERT_EQ(longest.size(), 253u);
  EXPECT_EQ(parse_endpoint(longest, 3260, "portal").address, longest);
  EXPECT_FALSE(
      refusal([&] { parse_endpoint(longest + "b", 3260, "p"); }).empty());
}

// A host name is resolved once, where a layout or configuration is read;
// what comes out is numeric.
TEST(ServerEndpoint, ResolvedOnce) {
  const Endpoint local = resolve_endpoint("localhost:3263", 1, "service");
  EXPECT_TRUE(local.numeric());
  EXPECT_TRUE(local == parse_endpoint("127.0.0.1:3263", 1, "x") ||
              local == parse_endpoint("[::1]:3263", 1, "x"))
      << local.text();
  EXPECT_EQ(resolve_endpoint("127.0.10.1", 3260, "portal").text(),
            "127.0.10.1:3260");
  EXPECT_EQ(resolve_endpoint("[0::1]", 3260, "portal").text(), "[::1]:3260");
  // A reserved name (RFC 2606) never resolves; the message names the field.
  const std::string why = refusal(
      [] { resolve_endpoint("node1.invalid:3260", 1, "servers.a.portal"); });
  EXPECT_TRUE(why.starts_with("servers.a.portal: \"node1.invalid:3260\": host "
                              "name \"node1.invalid\" does not resolve ("))
      << why;
  // Malformed text is refused before any lookup.
  EXPECT_EQ(refusal([] { resolve_endpoint("a_b", 1, "portal"); }),
            "portal: \"a_b\": not an IPv4 address, [IPv6] address or host "
            "name");
}

// What a layout, a configuration or a state file stores is numeric.
TEST(ServerEndpoint, NumericOnly) {
  EXPECT_EQ(parse_numeric_endpoint("127.0.10.1", 3263, "service").text(),
            "127.0.10.1:3263");
  EXPECT_EQ(refusal([] { parse_numeric_endpoint("node1:3263", 1, "service"); }),
            "service: \"node1:3263\": not a numeric address (host names are "
            "resolved where a layout or a server's configuration is read)");
}

// Portals are compared as addresses, never as text.
TEST(ServerEndpoint, ComparedAsAddresses) {
  auto portal = [](const char* text) {
    return parse_endpoint(text, kIscsiPort, "portal");
  };
  EXPECT_EQ(portal("127.0.0.1:3260"), portal("127.0.0.1"));
  EXPECT_NE(portal("127.0.10.1:3260"), portal("127.0.10.1:3261"));
  EXPECT_NE(portal("127.0.10.1"), portal("127.0.10.2"));
  EXPECT_EQ(portal("[::1]"), portal("[0:0::1]:3260"));
  EXPECT_EQ(portal("[FE80::1]"), portal("[fe80:0:0::1]"));
  EXPECT_NE(portal("[::1]"), portal("127.0.0.1"));
  // Addresses as libopeniscsiusr gives them, without brackets.
  EXPECT_EQ(endpoint_of("0:0::1", 3260), portal("[::1]"));
  EXPECT_EQ(endpoint_of("127.0.10.1", 3260), portal("127.0.10.1"));
  // A name is not resolved here: it differs from the address it may stand
  // for, which is why names are resolved where they are read.
  EXPECT_NE(portal("localhost"), portal("127.0.0.1"));
}

TEST(ServerIqn, Accepted) {
  for (const char* iqn :
       {"iqn.2026-11.org.pvfsf.sim:server1", "iqn.2001-04.com.example",
        "iqn.2001-04.com.example:storage:diskarrays-sn-a8675309",
        "iqn.1994-05.com.redhat:5f4a7b2c", "iqn.2025-11.org.pvfsf:export.srv1",
        "iqn.2003-01.org.linux-iscsi.host.x8664:sn.1234",
        "eui.02004567A425678D", "naa.6001405a1b2c3d4e",
        "naa.6001405A1B2C3D4E5F60718293A4B5C6"})
    EXPECT_EQ(refusal([&] { check_iqn(iqn, "iqn"); }), "") << iqn;
  const std::string longest = "iqn.2026-11.org.x:" + std::string(205, 'a');
  ASSERT_EQ(longest.size(), 223u);
  EXPECT_EQ(refusal([&] { check_iqn(longest, "iqn"); }), "");
}

TEST(ServerIqn, Refused) {
  const std::string form =
      " is not an iSCSI name (iqn.YYYY-MM.authority[:id], eui.<16 hex> or "
      "naa.<16 or 32 hex>)";
  for (const char* iqn :
       {"iqn.2026-11", "iqn.2026-11.", "iqn.26-11.org", "iqn.2026-00.org",
        "iqn.2026-13.org", "iqn.2026-1.org", "iqn.2026-11.org test",
        "iqn.2026-11.org_x", "iqn.2026-11.:x", "eui.0200456",
        "eui.02004567A425678Z", "naa.123", "naa.6001405a1b2c3d4e5", "foo",
        "IQN.2026-11.org", "iqn.2026-11.org/x", "iqn.", "iqn.x", "-T iqn.x",
        "iqn.x/../../etc", "iqn.x:$(reboot)"})
    EXPECT_EQ(refusal([&] { check_iqn(iqn, "iqn"); }),
              "iqn: \"" + std::string(iqn) + "\"" + form);
  EXPECT_EQ(refusal([] { check_iqn(std::string("iqn.2026-11.x\n", 14),
                                   "target name"); }),
            "target name: \"iqn.2026-11.x\\n\"" + form);
  EXPECT_EQ(refusal([&] { check_iqn("", "iqn"); }),
            "iqn: empty; expected an iSCSI name");
  const std::string too_long = "iqn.2026-11.org.x:" + std::string(206, 'a');
  EXPECT_EQ(refusal([&] { check_iqn(too_long, "iqn"); }),
            "iqn: \"" + too_long.substr(0, 64) +
                "...\": longer than 223 bytes (RFC 3720)");
}

TEST(ServerName, AcceptedAndRefused) {
  for (const char* name :
       {"server1", "node1.example.org", "node-7.cluster", "srv1", "a", "1"})
    EXPECT_EQ(refusal([&] { check_server_name(name, "servers"); }), "") << name;
  EXPECT_EQ(refusal([&] { check_server_name(std::string(32, 'x'), "s"); }), "");
  for (const std::string& name :
       {std::string(""), std::string("-a"), std::string(".a"),
        std::string("a b"), std::string("a/b"), std::string("a:b"),
        std::string("a_b"), std::string("A"), std::string("Srv1"),
        std::string("\xc3\xa9"), std::string(33, 'x')})
    EXPECT_FALSE(refusal([&] { check_server_name(name, "servers"); }).empty())
        << name;
  EXPECT_EQ(refusal([] { check_server_name("a\nb", "servers"); }),
            "servers: server name \"a\\nb\": use 1 to 32 of a-z, 0-9, '.' and "
            "'-', starting with a letter or digit");
}

TEST(ServerQuote, EscapesAndCuts) {
  EXPECT_EQ(quote("a\"b\\c\n\r\t\x01\xff"),
            "\"a\\\"b\\\\c\\n\\r\\t\\x01\\xff\"");
  EXPECT_EQ(quote(std::string(70, 'x')), "\"" + std::string(64, 'x') + "...\"");
}

}  // namespace
}  // namespace pvfsf
