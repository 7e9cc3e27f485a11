// Portals and target names as the attach hands them to iscsiadm.
#include <gtest/gtest.h>

#include <string>

#include "attach/iscsi_names.h"
#include "common/error.h"

namespace pvfsf::attach {
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

TEST(AttachPortal, Parses) {
  EXPECT_EQ(parse_portal("127.0.10.1"), (Portal{"127.0.10.1", 3260}));
  EXPECT_EQ(parse_portal("127.0.10.1:3261"), (Portal{"127.0.10.1", 3261}));
  EXPECT_EQ(parse_portal("[fe80::1]"), (Portal{"fe80::1", 3260}));
  EXPECT_EQ(parse_portal("[::1]:860"), (Portal{"::1", 860}));
  EXPECT_EQ(parse_portal("data-7.example.org:3260"), (Portal{"data-7.example.org", 3260}));
}

TEST(AttachPortal, PrintsAsIscsiadmTakesIt) {
  EXPECT_EQ((Portal{"127.0.10.1", 3260}).str(), "127.0.10.1:3260");
  EXPECT_EQ((Portal{"fe80::1", 3260}).str(), "[fe80::1]:3260");
  for (const char* text : {"127.0.10.1:3260", "[::1]:860", "host:1"})
    EXPECT_EQ(parse_portal(text).str(), text);
}

TEST(AttachPortal, Refuses) {
  EXPECT_EQ(refusal([] { parse_portal(""); }), "portal '': no address");
  EXPECT_EQ(refusal([] { parse_portal(":3260"); }), "portal ':3260': no address");
  EXPECT_EQ(refusal([] { parse_portal("1.2.3.4:"); }), "portal '1.2.3.4:': empty port");
  EXPECT_EQ(refusal([] { parse_portal("1.2.3.4:0"); }), "portal '1.2.3.4:0': port 0 is not 1-65535");
  EXPECT_EQ(refusal([] { parse_portal("1.2.3.4:65536"); }),
            "portal '1.2.3.4:65536': port 65536 is not 1-65535");
  EXPECT_NE(refusal([] { parse_portal("1.2.3.4:32a"); }), "");
  EXPECT_EQ(refusal([] { parse_portal("fe80::1"); }),
            "portal 'fe80::1': an IPv6 address needs brackets, [ADDR]:PORT");
  EXPECT_EQ(refusal([] { parse_portal("[fe80::1"); }),
            "portal '[fe80::1': no ']' after the IPv6 address");
  EXPECT_EQ(refusal([] { parse_portal("[1.2.3.4]"); }),
            "portal '[1.2.3.4]': '1.2.3.4' in brackets is no IPv6 address");
  EXPECT_EQ(refusal([] { parse_portal("a b:3260"); }), "portal 'a b:3260': the address holds ' '");
  EXPECT_EQ(refusal([] { parse_portal("$(reboot)"); }), "portal '$(reboot)': the address holds '$'");
}

TEST(AttachPortal, SameEndpoint) {
  EXPECT_TRUE(same_portal({"127.0.10.1", 3260}, {"127.0.10.1", 3260}));
  EXPECT_FALSE(same_portal({"127.0.10.1", 3260}, {"127.0.10.1", 3261}));
  EXPECT_FALSE(same_portal({"127.0.10.1", 3260}, {"127.0.10.2", 3260}));
  EXPECT_TRUE(same_portal({"::1", 3260}, {"0:0::1", 3260}));
  EXPECT_TRUE(same_portal({"Data.Example.org", 3260}, {"data.example.org", 3260}));
  // A name is not resolved: it differs from the address it may stand for.
  EXPECT_FALSE(same_portal({"localhost", 3260}, {"127.0.0.1", 3260}));
}

TEST(AttachTargetName, Accepts) {
  for (const char* name : {"iqn.2003-01.org.pvfsf.test:srv1", "iqn.2003-01.org.linux-iscsi.h:sn.1234",
                           "eui.02004567A425678D", "naa.52004567BA64678D",
                           "iqn.1991-05.com.microsoft:host_name", "iqn.x"})
    EXPECT_EQ(refusal([&] { check_target_name(name); }), "") << name;
}

TEST(AttachTargetName, Refuses) {
  EXPECT_EQ(refusal([] { check_target_name(""); }),
            "target name '': does not start with iqn., eui. or naa.");
  EXPECT_EQ(refusal([] { check_target_name("iqn."); }), "target name 'iqn.': nothing after the type");
  EXPECT_EQ(refusal([] { check_target_name("-T iqn.x"); }),
            "target name '-T iqn.x': does not start with iqn., eui. or naa.");
  EXPECT_EQ(refusal([] { check_target_name("iqn.2003-01.org.x:a b"); }),
            "target name 'iqn.2003-01.org.x:a b': byte 19 is ' ', not a letter, digit, '.', ':', '-' or '_'");
  EXPECT_EQ(refusal([] { check_target_name("iqn.x/../../etc"); }),
            "target name 'iqn.x/../../etc': byte 5 is '/', not a letter, digit, '.', ':', '-' or '_'");
  EXPECT_EQ(refusal([] { check_target_name(std::string("iqn.x\n", 6)); }),
            "target name 'iqn.x\\x0a': byte 5 is '\\x0a', not a letter, digit, '.', ':', '-' or '_'");
  EXPECT_EQ(refusal([] { check_target_name("iqn." + std::string(220, 'a')); }),
            "target name 'iqn." + std::string(76, 'a') + "'...: 224 bytes, more than 223");
  EXPECT_EQ(refusal([] { check_target_name("iqn." + std::string(219, 'a')); }), "");
}

}  // namespace
}  // namespace pvfsf::attach
