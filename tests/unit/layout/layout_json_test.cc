// The JSON format of a layout: examples, exact round trips, and every
// refusal with its one-line message.
#include "layout/layout_json.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::make_layout;
using test::read_source;
using test::refusal;

const std::string kBase = R"({
  "pvfsf_layout": 1, "fs_id": 7, "handle": 100,
  "distribution": {"name": "simple_stripe", "strip_size": 65536},
  "size": 1000,
  "servers": {
    "a": {"portal": "10.0.0.1:3260", "iqn": "iqn.2026-11.org.test:a", "service": "10.0.0.1:3263", "bmi": "tcp://a:3334"},
    "b": {"portal": "10.0.0.2:3260", "iqn": "iqn.2026-11.org.test:b", "service": "10.0.0.2:3263"}
  },
  "datafiles": [{"handle": 1, "server": "a"}, {"handle": 2, "server": "b"}]
})";

// kBase with the one occurrence of @from replaced by @to.
std::string with(const std::string& from, const std::string& to) {
  const size_t at = kBase.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(kBase.find(from, at + 1), std::string::npos) << from;
  if (at == std::string::npos) return kBase;
  return kBase.substr(0, at) + to + kBase.substr(at + from.size());
}

std::string parse_refusal(const std::string& text) {
  return refusal([&] { parse_layout_json(text); });
}

TEST(LayoutJson, BaseDocumentIsValid) {
  const Layout layout = parse_layout_json(kBase);
  EXPECT_EQ(layout.fs_id, 7u);
  EXPECT_EQ(layout.handle, 100u);
  EXPECT_EQ(layout.distribution, "simple_stripe");
  EXPECT_EQ(layout.strip_size, 65536u);
  EXPECT_EQ(layout.size, 1000u);
  ASSERT_EQ(layout.servers.size(), 2u);
  EXPECT_EQ(layout.servers.at("a"),
            (Server{"a", "10.0.0.1:3260", "iqn.2026-11.org.test:a",
                    "10.0.0.1:3263", "tcp://a:3334"}));
  EXPECT_EQ(layout.servers.at("b").bmi, "");
  EXPECT_EQ(layout.datafiles, (std::vector<Datafile>{{1, "a"}, {2, "b"}}));
}

TEST(LayoutJson, FourServerExample) {
  const Layout layout =
      parse_layout_json(read_source("docs/examples/layout-4-servers.json"));
  EXPECT_EQ(layout.fs_id, 1234567u);
  EXPECT_EQ(layout.handle, 9223372036854775806u);
  EXPECT_EQ(layout.size, 1000000u);
  ASSERT_EQ(layout.datafiles.size(), 4u);
  EXPECT_EQ(layout.datafiles[3].handle, 7378697629483820681u);
  EXPECT_EQ(layout.datafiles[3].server, "server4");
  EXPECT_EQ(layout.servers.at("server4").portal, "127.0.10.4:3260");
  EXPECT_EQ(layout.servers.at("server4").iqn,
            "iqn.2026-11.org.pvfsf.sim:server4");
  EXPECT_EQ(layout.servers.at("server4").bmi, "tcp://node4:3334");
}

// The example is written in the writer's own form, byte for byte.
TEST(LayoutJson, WriterReproducesFourServerExample) {
  const std::string text = read_source("docs/examples/layout-4-servers.json");
  EXPECT_EQ(to_json(parse_layout_json(text)), text);
}

// Handles as strings, default ports, IPv6 portal, host name service, no bmi.
TEST(LayoutJson, OneServerExample) {
  const Layout layout =
      parse_layout_json(read_source("docs/examples/layout-1-server.json"));
  EXPECT_EQ(layout.handle, 0x7ffffffffffffff0u);
  EXPECT_EQ(layout.strip_size, 1048576u);
  EXPECT_EQ(layout.size, 0u);
  ASSERT_EQ(layout.datafiles.size(), 1u);
  EXPECT_EQ(layout.datafiles[0].handle, 4611686018427387904u);
  const Server& server = layout.servers.at("node1.example.org");
  EXPECT_EQ(server.portal, "[fd00::10]:3260");
  // The host name is resolved as the layout is read.
  EXPECT_TRUE(server.service == "127.0.0.1:3263" ||
              server.service == "[::1]:3263")
      << server.service;
  EXPECT_EQ(server.bmi, "");
  EXPECT_EQ(parse_layout_json(to_json(layout)), layout);
  EXPECT_EQ(to_json(layout).find("bmi"), std::string::npos);
}

TEST(LayoutJson, HandleMaxAsNumberAndStrings) {
  for (const char* handle :
       {"18446744073709551615", "\"0xffffffffffffffff\"",
        "\"0XFFFFFFFFFFFFFFFF\"", "\"18446744073709551615\""}) {
    const Layout layout = parse_layout_json(
        with("{\"handle\": 2,", std::string("{\"handle\": ") + handle + ","));
    EXPECT_EQ(layout.datafiles[1].handle, UINT64_MAX) << handle;
    const std::string text = to_json(layout);
    EXPECT_NE(
        text.find("{\"handle\": 18446744073709551615, \"server\": \"b\"}"),
        std::string::npos)
        << text;
    EXPECT_EQ(parse_layout_json(text), layout) << handle;
  }
  const Layout file = parse_layout_json(
      with("\"handle\": 100", "\"handle\": \"0xffffffffffffffff\""));
  EXPECT_EQ(file.handle, UINT64_MAX);
  EXPECT_EQ(parse_layout_json(to_json(file)), file);
}

TEST(LayoutJson, RoundTrips1024Datafiles) {
  const Layout layout = make_layout(1024);
  const std::string text = to_json(layout);
  EXPECT_EQ(parse_layout_json(text), layout);
  EXPECT_EQ(to_json(parse_layout_json(text)), text);
}

TEST(LayoutJson, WriterRefusesInvalidLayout) {
  Layout layout = make_layout(2);
  layout.strip_size = 1000;
  EXPECT_EQ(refusal([&] { to_json(layout); }),
            "layout: distribution.strip_size: 1000 is below 4096 bytes "
            "(PVFSF_MIN_STRIP)");
  layout = make_layout(2);
  layout.servers.at("s0").name = "x";
  EXPECT_EQ(refusal([&] { to_json(layout); }),
            "layout: servers.s0.name: \"x\" differs from its key");
}

TEST(LayoutJson, AcceptsEdgesOfRanges) {
  EXPECT_EQ(
      parse_layout_json(with("\"fs_id\": 7", "\"fs_id\": 2147483647")).fs_id,
      2147483647u);
  EXPECT_EQ(parse_layout_json(with("\"fs_id\": 7", "\"fs_id\": 0")).fs_id, 0u);
  for (uint64_t strip : {4096ULL, 4608ULL, 1073741824ULL})
    EXPECT_EQ(
        parse_layout_json(with("\"strip_size\": 65536",
                               "\"strip_size\": " + std::to_string(strip)))
            .strip_size,
        strip);
  EXPECT_EQ(
      parse_layout_json(with("\"size\": 1000", "\"size\": 9223372036854775807"))
          .size,
      9223372036854775807u);
  EXPECT_EQ(parse_layout_json(with("\"size\": 1000", "\"size\": 0")).size, 0u);
}

struct Case {
  const char* name;
  std::string text;
  std::string message;
};

TEST(LayoutJson, Refusals) {
  const std::string not_whole =
      " is not an unsigned integer (no fraction, no exponent, at most "
      "18446744073709551615)";
  const std::vector<Case> cases = {
      {"unknown top-level key",
       with("\"size\": 1000", "\"size\": 1000, \"strip_size\": 4096"),
       "layout: unknown key \"strip_size\" (a layout has pvfsf_layout, fs_id, "
       "handle, distribution, size, servers and datafiles)"},
      {"unknown server key",
       with("\"bmi\": \"tcp://a:3334\"",
            "\"bmi\": \"tcp://a:3334\", \"iqm\": \"x\""),
       "layout: servers.a: unknown key \"iqm\" (a server has portal, iqn, "
       "service and bmi)"},
      {"unknown distribution key",
       with("\"strip_size\": 65536", "\"strip_size\": 65536, \"strips\": 1"),
       "layout: distribution: unknown key \"strips\" (a distribution has name "
       "and strip_size)"},
      {"unknown datafile key",
       with("{\"handle\": 1, \"server\": \"a\"}",
            "{\"handle\": 1, \"server\": \"a\", \"size\": 5}"),
       "layout: datafiles[0]: unknown key \"size\" (a datafile has handle and "
       "server)"},
      {"missing size", with("\"size\": 1000,", ""), "layout: size: missing"},
      {"missing strip", with(", \"strip_size\": 65536", ""),
       "layout: distribution.strip_size: missing"},
      {"missing iqn", with("\"iqn\": \"iqn.2026-11.org.test:b\", ", ""),
       "layout: servers.b.iqn: missing"},
      {"missing datafile server",
       with("{\"handle\": 2, \"server\": \"b\"}", "{\"handle\": 2}"),
       "layout: datafiles[1].server: missing"},
      {"missing version", with("\"pvfsf_layout\": 1, ", ""),
       "layout: pvfsf_layout: missing; this is no pvfsf layout"},
      {"version 2", with("\"pvfsf_layout\": 1", "\"pvfsf_layout\": 2"),
       "layout: pvfsf_layout: version 2 is not supported; this reader knows "
       "version 1"},
      {"version 0", with("\"pvfsf_layout\": 1", "\"pvfsf_layout\": 0"),
       "layout: pvfsf_layout: version 0 is not supported; this reader knows "
       "version 1"},
      {"version string", with("\"pvfsf_layout\": 1", "\"pvfsf_layout\": \"1\""),
       "layout: pvfsf_layout: expected the format version 1, got a string "
       "\"1\""},
      {"fs_id string", with("\"fs_id\": 7", "\"fs_id\": \"7\""),
       "layout: fs_id: expected an unsigned integer, got a string \"7\""},
      {"fs_id null", with("\"fs_id\": 7", "\"fs_id\": null"),
       "layout: fs_id: expected an unsigned integer, got null null"},
      {"fs_id above INT32_MAX", with("\"fs_id\": 7", "\"fs_id\": 2147483648"),
       "layout: fs_id: 2147483648 is above 2147483647 (PVFS_fs_id is "
       "int32_t)"},
      {"fs_id huge", with("\"fs_id\": 7", "\"fs_id\": 18446744073709551615"),
       "layout: fs_id: 18446744073709551615 is above 2147483647 (PVFS_fs_id "
       "is int32_t)"},
      {"negative handle", with("\"handle\": 100", "\"handle\": -5"),
       "layout: handle: -5 is negative"},
      {"minus zero", with("\"size\": 1000", "\"size\": -0"),
       "layout: size: -0 is not an unsigned integer"},
      {"fractional handle", with("\"handle\": 100", "\"handle\": 1.5"),
       "layout: handle: 1.5" + not_whole},
      {"exponent", with("\"size\": 1000", "\"size\": 1e3"),
       "layout: size: 1000.0" + not_whole},
      {"whole float", with("\"size\": 1000", "\"size\": 1000.0"),
       "layout: size: 1000.0" + not_whole},
      {"handle above 2^64-1",
       with("\"handle\": 100", "\"handle\": 18446744073709551616"),
       "layout: handle: 1.8446744073709552e+19" + not_whole},
      {"handle string not a number",
       with("\"handle\": 100", "\"handle\": \"0xzz\""),
       "layout: handle: string '0xzz': not a decimal or 0x-hex number"},
      {"handle string negative", with("\"handle\": 100", "\"handle\": \"-1\""),
       "layout: handle: string '-1': negative numbers are not allowed"},
      {"handle string too big",
       with("\"handle\": 100", "\"handle\": \"0x10000000000000000\""),
       "layout: handle: string '0x10000000000000000': does not fit in 64 "
       "bits"},
      {"handle string with newline",
       with("\"handle\": 100", "\"handle\": \"1\\n\""),
       "layout: handle: \"1\\n\" is not a decimal or 0x-hex number"},
      {"handle string empty", with("\"handle\": 100", "\"handle\": \"\""),
       "layout: handle: string '': empty, expected a number"},
      {"handle boolean", with("\"handle\": 100", "\"handle\": true"),
       "layout: handle: expected an unsigned integer, got a boolean true"},
      {"handle 0", with("\"handle\": 100", "\"handle\": 0"),
       "layout: handle: 0 is PVFS_HANDLE_NULL, no file's handle"},
      {"datafile handle 0", with("{\"handle\": 1,", "{\"handle\": \"0x0\","),
       "layout: datafiles[0].handle: 0 is PVFS_HANDLE_NULL, no datafile's "
       "handle"},
      {"datafile handle is the file's",
       with("{\"handle\": 1,", "{\"handle\": 100,"),
       "layout: datafiles[0].handle: 100 is the file's own handle"},
      {"strip 0", with("\"strip_size\": 65536", "\"strip_size\": 0"),
       "layout: distribution.strip_size: 0 is below 4096 bytes "
       "(PVFSF_MIN_STRIP)"},
      {"strip 512", with("\"strip_size\": 65536", "\"strip_size\": 512"),
       "layout: distribution.strip_size: 512 is below 4096 bytes "
       "(PVFSF_MIN_STRIP)"},
      {"strip unaligned",
       with("\"strip_size\": 65536", "\"strip_size\": 66000"),
       "layout: distribution.strip_size: 66000 is not a multiple of 512 "
       "bytes"},
      {"strip above 1 GiB",
       with("\"strip_size\": 65536", "\"strip_size\": 1073742336"),
       "layout: distribution.strip_size: 1073742336 is above 1073741824 bytes "
       "(PVFSF_MAX_STRIP)"},
      {"strip huge",
       with("\"strip_size\": 65536", "\"strip_size\": 18446744073709551615"),
       "layout: distribution.strip_size: 18446744073709551615 is above "
       "1073741824 bytes (PVFSF_MAX_STRIP)"},
      {"basic_dist", with("\"simple_stripe\"", "\"basic_dist\""),
       "layout: distribution.name: \"basic_dist\" is not supported; the fast "
       "path stripes simple_stripe files only"},
      {"distribution as a string",
       with("{\"name\": \"simple_stripe\", \"strip_size\": 65536}",
            "\"simple_stripe\""),
       "layout: distribution: expected an object, got a string "
       "\"simple_stripe\""},
      {"size above INT64_MAX",
       with("\"size\": 1000", "\"size\": 9223372036854775808"),
       "layout: size: 9223372036854775808 is above 9223372036854775807 "
       "(PVFS_size is int64_t)"},
      {"no datafiles",
       with("[{\"handle\": 1, \"server\": \"a\"}, {\"handle\": 2, \"server\": "
            "\"b\"}]",
            "[]"),
       "layout: datafiles: empty; a file has at least one datafile"},
      {"datafiles an object",
       with("[{\"handle\": 1, \"server\": \"a\"}, {\"handle\": 2, \"server\": "
            "\"b\"}]",
            "{}"),
       "layout: datafiles: expected an array, got an object {}"},
      {"datafile a number", with("{\"handle\": 1, \"server\": \"a\"}", "1"),
       "layout: datafiles[0]: expected an object, got a number 1"},
      {"duplicate datafile handle", with("{\"handle\": 2,", "{\"handle\": 1,"),
       "layout: datafiles[1].handle: 1 repeats datafiles[0].handle"},
      {"duplicate handle in hex",
       with("{\"handle\": 2,", "{\"handle\": \"0x1\","),
       "layout: datafiles[1].handle: 1 repeats datafiles[0].handle"},
      {"unknown server", with("\"server\": \"b\"", "\"server\": \"c\""),
       "layout: datafiles[1].server: \"c\" is not a key of servers"},
      {"server number", with("\"server\": \"b\"", "\"server\": 2"),
       "layout: datafiles[1].server: expected a string, got a number 2"},
      {"server used twice", with("\"server\": \"b\"", "\"server\": \"a\""),
       "layout: datafiles[1].server: a already holds datafiles[0]; PVFS puts "
       "each datafile of a file on a different server"},
      {"unused server",
       with("\"b\": {",
            "\"c\": {\"portal\": \"10.0.0.3\", \"iqn\": "
            "\"iqn.2026-11.org.test:c\", \"service\": "
            "\"10.0.0.3\"}, \"b\": {"),
       "layout: servers.c: no datafile is on this server; list only the "
       "file's servers"},
      {"servers an array",
       R"({"pvfsf_layout": 1, "fs_id": 7, "handle": 100, "distribution": )"
       R"({"name": "simple_stripe", "strip_size": 65536}, "size": 1000, )"
       R"("servers": [], "datafiles": []})",
       "layout: servers: expected an object, got an array []"},
      {"bad server name", with("\"b\": {", "\"b c\": {"),
       "layout: servers: server name \"b c\": use 1 to 32 of a-z, 0-9, '.' "
       "and '-', starting with a letter or digit"},
      {"port out of range", with("10.0.0.1:3260", "10.0.0.1:99999"),
       "layout: servers.a.portal: \"10.0.0.1:99999\": the port is not a "
       "number 1..65535"},
      {"IPv6 without brackets", with("10.0.0.1:3260", "fd00::1"),
       "layout: servers.a.portal: \"fd00::1\": write an IPv6 address in "
       "brackets, e.g. [::1]:3260"},
      {"bad IPv4", with("10.0.0.1:3263", "10.0.0.256:3263"),
       "layout: servers.a.service: \"10.0.0.256:3263\": not a valid IPv4 "
       "address"},
      {"portal number", with("\"10.0.0.1:3260\"", "3260"),
       "layout: servers.a.portal: expected a string, got a number 3260"},
      {"bad iqn", with("iqn.2026-11.org.test:a", "iqn.2026-13.org.test:a"),
       "layout: servers.a.iqn: \"iqn.2026-13.org.test:a\" is not an iSCSI "
       "name (iqn.YYYY-MM.authority[:id], eui.<16 hex> or naa.<16 or 32 "
       "hex>)"},
      {"empty bmi", with("\"tcp://a:3334\"", "\"\""),
       "layout: servers.a.bmi: empty; expected a BMI address"},
      {"bad bmi", with("\"tcp://a:3334\"", "\"a:3334\""),
       "layout: servers.a.bmi: \"a:3334\" is not a BMI address list "
       "(scheme://host:port, several joined by ',')"},
      {"bmi of two servers",
       with("\"service\": \"10.0.0.2:3263\"",
            "\"service\": \"10.0.0.2:3263\", \"bmi\": "
            "\"tcp://b:1,tcp://a:3334\""),
       "layout: servers.b.bmi: tcp://a:3334 is also servers.a.bmi; a BMI "
       "address names one server"},
      {"duplicate key",
       with("\"size\": 1000", "\"size\": 1000, \"size\": 2000"),
       "layout: key \"size\" appears twice"},
      {"duplicate server", with("\"b\": {", "\"a\": {"),
       "layout: servers: key \"a\" appears twice"},
      {"duplicate key in a datafile",
       with("{\"handle\": 2, \"server\": \"b\"}",
            "{\"handle\": 2, \"server\": \"b\", \"handle\": 3}"),
       "layout: datafiles[1]: key \"handle\" appears twice"},
      {"top level array", "[1, 2]",
       "layout: expected an object, got an array [1,2]"},
      {"top level number", "5", "layout: expected an object, got a number 5"},
  };
  for (const Case& c : cases) {
    const std::string got = parse_refusal(c.text);
    EXPECT_EQ(got, c.message) << c.name;
    EXPECT_EQ(got.find('\n'), std::string::npos) << c.name;
  }
}

// The example of the brief, word for word.
TEST(LayoutJson, RepeatedHandleNamesBothDatafiles) {
  Layout layout = make_layout(3);
  layout.datafiles[0].handle = 123;
  layout.datafiles[2].handle = 123;
  EXPECT_EQ(refusal([&] { validate(layout); }),
            "layout: datafiles[2].handle: 123 repeats datafiles[0].handle");
}

TEST(LayoutJson, RefusesMoreThan1024Datafiles) {
  // Written by hand: to_json() would refuse it.
  std::string text = to_json(make_layout(1024));
  const std::string last = "\"server\": \"s1023\"}";
  const size_t at = text.find(last);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + last.size(), ",\n    {\"handle\": 5, \"server\": \"s0\"}");
  EXPECT_EQ(parse_refusal(text),
            "layout: datafiles: 1025 datafiles; pvfsf takes at most 1024 "
            "(PVFSF_MAX_MEMBERS)");
  Layout layout = make_layout(1025);
  EXPECT_EQ(refusal([&] { validate(layout); }),
            "layout: datafiles: 1025 datafiles; pvfsf takes at most 1024 "
            "(PVFSF_MAX_MEMBERS)");
}

TEST(LayoutJson, RefusesNonJson) {
  for (const std::string& text :
       {std::string(""), std::string("hello"), std::string("{"),
        kBase.substr(0, kBase.size() / 2), kBase + "x", kBase + "{}",
        std::string("{\"a\": \"\xff\"}"), std::string("{\"a\": 1} // x"),
        std::string("\0{}", 3), std::string("{'pvfsf_layout': 1}")}) {
    const std::string got = parse_refusal(text);
    EXPECT_TRUE(got.starts_with("layout: not JSON: ")) << got;
    EXPECT_EQ(got.find('\n'), std::string::npos) << got;
  }
  EXPECT_EQ(parse_refusal(""),
            "layout: not JSON: parse error at line 1, column 1: syntax error "
            "while parsing value - unexpected end of input; expected '[', '{', "
            "or a literal");
}

TEST(LayoutJson, RefusesDeepNesting) {
  const std::string deep =
      with("\"size\": 1000",
           "\"size\": " + std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(parse_refusal(deep),
            "layout: size[0][0][0][0][0][0][0]: nested deeper than 8 levels");
}

TEST(LayoutJson, RefusesHugeInput) {
  const std::string huge = kBase + std::string(kMaxJsonBytes, ' ');
  EXPECT_EQ(parse_refusal(huge),
            "layout: " + std::to_string(huge.size()) +
                " bytes, more than 16777216; not a layout");
  EXPECT_EQ(
      parse_refusal(kBase + std::string(kMaxJsonBytes - kBase.size(), ' ')),
      "");
}

TEST(LayoutServersFile, Example) {
  const auto servers =
      parse_servers_json(read_source("docs/examples/servers.json"));
  ASSERT_EQ(servers.size(), 5u);
  EXPECT_EQ(
      servers.at("server1"),
      (Server{"server1", "127.0.10.1:3260", "iqn.2026-11.org.pvfsf.sim:server1",
              "127.0.10.1:3263", "tcp://node1:3334"}));
  EXPECT_EQ(servers.at("server5").portal, "127.0.10.5:3260");
  EXPECT_EQ(servers.at("server5").service, "127.0.10.5:3263");
  EXPECT_EQ(servers.at("server5").bmi, "tcp://node5:3334,ib://node5-ib:3335");
}

TEST(LayoutServersFile, AcceptsAWholeLayout) {
  const std::string text = read_source("docs/examples/layout-4-servers.json");
  EXPECT_EQ(parse_servers_json(text), parse_layout_json(text).servers);
  EXPECT_EQ(refusal([&] { parse_servers_json(with("\"size\": 1000,", "")); }),
            "layout: size: missing");
}

TEST(LayoutServersFile, Refusals) {
  const std::string server =
      "{\"portal\": \"localhost\", \"iqn\": \"iqn.2026-11.org.t:a\", "
      "\"service\": \"localhost\", \"bmi\": \"tcp://h:1\"}";
  const std::vector<Case> cases = {
      {"other key", "{\"servers\": {}, \"server\": {}}",
       "servers file: unknown key \"server\" (a servers file has only "
       "servers, or is a whole layout)"},
      {"no servers", "{}", "servers file: servers: missing"},
      {"empty", "{\"servers\": {}}",
       "servers file: servers: empty; no server to use"},
      {"array", "[]", "servers file: expected an object, got an array []"},
      {"not JSON", "servers:",
       "servers file: not JSON: parse error at line 1, "
       "column 1: syntax error while parsing value - "
       "invalid literal; last read: 's'"},
      {"bad portal",
       "{\"servers\": {\"a\": {\"portal\": \"h:x\", \"iqn\": "
       "\"iqn.2026-11.org.t:a\", \"service\": \"h\"}}}",
       "servers file: servers.a.portal: \"h:x\": the port is not a number "
       "1..65535"},
      {"shared bmi",
       "{\"servers\": {\"a\": " + server + ", \"b\": " + server + "}}",
       "servers file: servers.b.bmi: tcp://h:1 is also servers.a.bmi; a BMI "
       "address names one server"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(refusal([&] { parse_servers_json(c.text); }), c.message)
        << c.name;
}

}  // namespace
}  // namespace pvfsf::layout
