// The string fields: portals and services, iSCSI names, server names, BMI
// addresses.
#include <gtest/gtest.h>

#include "layout/fields.h"
#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::refusal;

void expect_endpoint(const std::string& text, const std::string& host,
                     uint16_t port, const std::string& normal) {
  const Endpoint endpoint = parse_endpoint(text, 3260, "portal");
  EXPECT_EQ(endpoint.host, host) << text;
  EXPECT_EQ(endpoint.port, port) << text;
  EXPECT_EQ(format_endpoint(endpoint), normal) << text;
}

TEST(LayoutEndpoint, Accepted) {
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
  EXPECT_EQ(normalize_endpoint("h", 3263, "service"), "h:3263");
}

TEST(LayoutEndpoint, Refused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "portal: empty; expected HOST[:PORT]"},
      {":3260", "portal: \":3260\": no host"},
      {"1.2.3", "portal: \"1.2.3\": not a valid IPv4 address"},
      {"256.1.1.1", "portal: \"256.1.1.1\": not a valid IPv4 address"},
      {"01.2.3.4", "portal: \"01.2.3.4\": not a valid IPv4 address"},
      {"::1",
       "portal: \"::1\": write an IPv6 address in brackets, e.g. "
       "[::1]:3260"},
      {"[::1", "portal: \"[::1\": '[' without ']'"},
      {"[::1]3260", "portal: \"[::1]3260\": expected ':PORT' after ']'"},
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
  EXPECT_EQ(parse_endpoint(longest, 3260, "portal").host, longest);
  EXPECT_FALSE(
      refusal([&] { parse_endpoint(longest + "b", 3260, "p"); }).empty());
}

TEST(LayoutIqn, Accepted) {
  for (const char* iqn :
       {"iqn.2026-11.org.pvfsf.sim:server1", "iqn.2001-04.com.example",
        "iqn.2001-04.com.example:storage:diskarrays-sn-a8675309",
        "iqn.1994-05.com.redhat:5f4a7b2c", "eui.02004567A425678D",
        "naa.6001405a1b2c3d4e", "naa.6001405A1B2C3D4E5F60718293A4B5C6"})
    EXPECT_EQ(refusal([&] { check_iqn(iqn, "iqn"); }), "") << iqn;
  const std::string longest = "iqn.2026-11.org.x:" + std::string(205, 'a');
  ASSERT_EQ(longest.size(), 223u);
  EXPECT_EQ(refusal([&] { check_iqn(longest, "iqn"); }), "");
}

TEST(LayoutIqn, Refused) {
  const std::string form =
      " is not an iSCSI name (iqn.YYYY-MM.authority[:id], eui.<16 hex> or "
      "naa.<16 or 32 hex>)";
  for (const char* iqn :
       {"iqn.2026-11", "iqn.2026-11.", "iqn.26-11.org", "iqn.2026-00.org",
        "iqn.2026-13.org", "iqn.2026-1.org", "iqn.2026-11.org test",
        "iqn.2026-11.org_x", "iqn.2026-11.:x", "eui.0200456",
        "eui.02004567A425678Z", "naa.123", "naa.6001405a1b2c3d4e5", "foo",
        "IQN.2026-11.org", "iqn.2026-11.org/x"})
    EXPECT_EQ(refusal([&] { check_iqn(iqn, "iqn"); }),
              "iqn: \"" + std::string(iqn) + "\"" + form);
  EXPECT_EQ(refusal([&] { check_iqn("", "iqn"); }),
            "iqn: empty; expected an iSCSI name");
  const std::string too_long = "iqn.2026-11.org.x:" + std::string(206, 'a');
  EXPECT_EQ(refusal([&] { check_iqn(too_long, "iqn"); }),
            "iqn: \"" + too_long.substr(0, 64) +
                "...\": longer than 223 bytes (RFC 3720)");
}

TEST(LayoutServerName, AcceptedAndRefused) {
  for (const char* name : {"server1", "node1.example.org", "a_b-c", "1", "A"})
    EXPECT_EQ(refusal([&] { check_server_name(name, "servers"); }), "") << name;
  const std::string too_long(256, 'a');
  for (const std::string& name :
       {std::string(""), std::string("-a"), std::string(".a"),
        std::string("a b"), std::string("a/b"), std::string("a:b"),
        std::string("\xc3\xa9"), too_long})
    EXPECT_FALSE(refusal([&] { check_server_name(name, "servers"); }).empty())
        << name;
  EXPECT_EQ(refusal([&] { check_server_name(std::string(255, 'a'), "s"); }),
            "");
  EXPECT_EQ(refusal([] { check_server_name("a\nb", "servers"); }),
            "servers: server name \"a\\nb\": use 1 to 255 letters, digits, "
            "'.', '_' or '-', starting with a letter or digit");
}

TEST(LayoutBmi, SplitAndRefused) {
  EXPECT_EQ(split_bmi("tcp://node1:3334", "bmi"),
            (std::vector<std::string>{"tcp://node1:3334"}));
  EXPECT_EQ(split_bmi("tcp://a:1,ib://b:2", "bmi"),
            (std::vector<std::string>{"tcp://a:1", "ib://b:2"}));
  for (const char* bmi : {"node1:3334", "tcp://", "://a", "tcp://a b",
                          "tcp://a,", ",tcp://a", "tcp://a,,ib://b", "t-p://a"})
    EXPECT_EQ(refusal([&] { split_bmi(bmi, "bmi"); }),
              "bmi: \"" + std::string(bmi) +
                  "\" is not a BMI address list (scheme://host:port, several "
                  "joined by ',')")
        << bmi;
  EXPECT_EQ(refusal([] { split_bmi("", "bmi"); }),
            "bmi: empty; expected a BMI address");
  EXPECT_FALSE(refusal([] {
                 split_bmi("tcp://" + std::string(1100, 'a'), "b");
               }).empty());
}

TEST(LayoutQuote, EscapesAndCuts) {
  EXPECT_EQ(quote("a\"b\\c\n\r\t\x01\xff"),
            "\"a\\\"b\\\\c\\n\\r\\t\\x01\\xff\"");
  EXPECT_EQ(quote(std::string(70, 'x')), "\"" + std::string(64, 'x') + "...\"");
}

}  // namespace
}  // namespace pvfsf::layout
