// docs/layout.schema.json agrees with the reader: the examples and the
// writer's output are valid, and documents the reader refuses for what a
// schema can express are invalid.  Needs python3's jsonschema; skipped
// without it.
#include <gtest/gtest.h>

#include <string>

#include "layout/layout_json.h"
#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::read_source;
using test::refusal;
using test::run_program;
using test::source_path;
using test::temp_file;

// Runs check_schema.py; skips the test when the checker cannot run.
#define CHECK_SCHEMA(expect, files)                                  \
  do {                                                               \
    std::vector<std::string> argv = {                                \
        "python3", source_path("tests/unit/layout/check_schema.py"), \
        source_path("docs/layout.schema.json"), expect};             \
    argv.insert(argv.end(), (files).begin(), (files).end());         \
    const auto r = run_program(argv);                                \
    if (r.status == 77 || r.status == 127)                           \
      GTEST_SKIP() << "no python3 jsonschema: " << r.err;            \
    EXPECT_EQ(r.status, 0) << r.err;                                 \
  } while (0)

TEST(LayoutSchema, ExamplesAndWriterOutputAreValid) {
  const std::vector<std::string> files = {
      source_path("docs/examples/layout-4-servers.json"),
      source_path("docs/examples/layout-1-server.json"),
      temp_file("1024.json", to_json(test::make_layout(1024))),
      temp_file("max.json", to_json(parse_layout_json(
                                R"({"pvfsf_layout": 1, "fs_id": 2147483647,
                        "handle": 18446744073709551615,
                        "distribution": {"name": "simple_stripe",
                                         "strip_size": 1073741824},
                        "size": 9223372036854775807,
                        "servers": {"a": {"portal": "[::1]:65535",
                          "iqn": "naa.6001405a1b2c3d4e",
                          "service": "localhost", "bmi": "tcp://a:1,ib://a:2"}},
                        "datafiles": [{"handle": "0xfffffffffffffffe",
                                       "server": "a"}]})"))),
  };
  CHECK_SCHEMA("valid", files);
}

TEST(LayoutSchema, RefusesWhatTheReaderRefuses) {
  const std::string good = read_source("docs/examples/layout-4-servers.json");
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"size\": 1000000", "\"size\": 1000000, \"strip_size\": 4096"},
      {"\"pvfsf_layout\": 1", "\"pvfsf_layout\": 2"},
      {"\"fs_id\": 1234567", "\"fs_id\": 2147483648"},
      {"\"handle\": 9223372036854775806", "\"handle\": -1"},
      {"\"handle\": 9223372036854775806", "\"handle\": 0"},
      {"\"handle\": 9223372036854775806", "\"handle\": \"0x\""},
      {"\"handle\": 9223372036854775806", "\"handle\": \"0x0\""},
      {"\"handle\": 9223372036854775806", "\"handle\": \"012\""},
      {"\"handle\": 9223372036854775806", "\"handle\": 18446744073709551616"},
      {"\"strip_size\": 65536", "\"strip_size\": 66000"},
      {"\"strip_size\": 65536", "\"strip_size\": 2048"},
      {"\"strip_size\": 65536", "\"strip_size\": 2147483648"},
      {"\"simple_stripe\"", "\"basic_dist\""},
      {"\"size\": 1000000", "\"size\": 9223372036854775808"},
      {"\"size\": 1000000", "\"size\": \"1000000\""},
      {"iqn.2026-11.org.pvfsf.sim:server1",
       "iqn.2026-13.org.pvfsf.sim:server1"},
      {"127.0.10.1:3260", "fd00::1"},
      {"127.0.10.1:3260", "127.0.10.1:"},
      {"\"bmi\": \"tcp://node1:3334\"", "\"bmi\": \"node1\""},
      {"\"bmi\": \"tcp://node1:3334\"", "\"bmi\": \"\""},
      {"\"bmi\": \"tcp://node1:3334\"",
       "\"bmi\": \"tcp://node1:3334\", \"x\": 1"},
      {"\"server1\": {", "\"server 1\": {"},
      {"{\"handle\": 1844674407370955213, \"server\": \"server1\"}",
       "{\"handle\": 1844674407370955213}"},
  };
  std::vector<std::string> files;
  for (size_t i = 0; i < edits.size(); ++i) {
    const auto& [from, to] = edits[i];
    std::string text = good;
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    EXPECT_FALSE(refusal([&] { parse_layout_json(text); }).empty()) << to;
    files.push_back(temp_file("bad" + std::to_string(i) + ".json", text));
  }
  CHECK_SCHEMA("invalid", files);
}

}  // namespace
}  // namespace pvfsf::layout
