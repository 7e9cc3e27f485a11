// Robustness: cut or damaged input is refused with a LayoutError whose
// message is one line, never a crash or another exception; whatever is
// accepted round-trips.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "layout/layout_json.h"
#include "layout/viewdist.h"
#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::read_source;
using test::refusal;

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.pop_back();
  return text;
}

ViewdistContext example_context() {
  ViewdistContext ctx;
  ctx.fs_id = 1234567;
  ctx.handle = 9223372036854775806u;
  ctx.size = 1000000;
  ctx.servers = parse_servers_json(read_source("docs/examples/servers.json"));
  return ctx;
}

// Parses @text and checks the outcome: refused with one line, or accepted
// and then stable through to_json().  Returns whether it was accepted.
// refusal() turns any other exception into a message that fails both.
bool json_outcome(const std::string& text) {
  Layout layout;
  const std::string why = refusal([&] { layout = parse_layout_json(text); });
  if (why.empty()) {
    EXPECT_EQ(parse_layout_json(to_json(layout)), layout);
    return true;
  }
  EXPECT_TRUE(why.starts_with("layout: ")) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos) << why;
  return false;
}

bool viewdist_outcome(const std::string& text, const ViewdistContext& ctx) {
  Layout layout;
  const std::string why = refusal([&] { layout = parse_viewdist(text, ctx); });
  if (why.empty()) {
    EXPECT_EQ(parse_layout_json(to_json(layout)), layout);
    return true;
  }
  EXPECT_TRUE(why.starts_with("viewdist: ") || why.starts_with("layout: "))
      << why;
  EXPECT_EQ(why.find('\n'), std::string::npos) << why;
  return false;
}

// Every proper prefix is refused, except the document without its final
// newline, which is the same document.
TEST(LayoutFuzz, JsonTruncatedAtEveryByte) {
  for (const char* example : {"docs/examples/layout-4-servers.json",
                              "docs/examples/layout-1-server.json"}) {
    const std::string text = read_source(example);
    for (size_t cut = 0; cut < text.size(); ++cut) {
      const std::string prefix = text.substr(0, cut);
      EXPECT_EQ(json_outcome(prefix), trimmed(prefix) == trimmed(text))
          << example << " cut at " << cut;
    }
  }
}

TEST(LayoutFuzz, JsonRandomByteFlips) {
  const std::string text = read_source("docs/examples/layout-4-servers.json");
  std::mt19937 random(20261125);
  std::uniform_int_distribution<size_t> where(0, text.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> flips(1, 4);
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string damaged = text;
    for (int i = flips(random); i > 0; --i)
      damaged[where(random)] = static_cast<char>(byte(random));
    accepted += json_outcome(damaged);
  }
  // Most damage is caught; some (a digit for a digit) is still a layout.
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, 20000);
}

// Damage aimed at the JSON syntax: structural characters swapped about.
TEST(LayoutFuzz, JsonStructuralDamage) {
  const std::string text = read_source("docs/examples/layout-4-servers.json");
  const std::string tokens = "{}[]\":,-0123456789.eE+ \\xtfn";
  std::mt19937 random(7);
  std::uniform_int_distribution<size_t> where(0, text.size() - 1);
  std::uniform_int_distribution<size_t> token(0, tokens.size() - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string damaged = text;
    const size_t at = where(random);
    switch (round % 3) {
      case 0:
        damaged[at] = tokens[token(random)];
        break;
      case 1:
        damaged.erase(at, 1 + round % 7);
        break;
      default:
        damaged.insert(at, 1, tokens[token(random)]);
    }
    json_outcome(damaged);
  }
}

TEST(LayoutFuzz, ViewdistTruncatedAtEveryByte) {
  const std::string text = read_source("docs/examples/viewdist-4-servers.txt");
  const ViewdistContext ctx = example_context();
  for (size_t cut = 0; cut < text.size(); ++cut) {
    const std::string prefix = text.substr(0, cut);
    EXPECT_EQ(viewdist_outcome(prefix, ctx), trimmed(prefix) == trimmed(text))
        << "cut at " << cut;
  }
}

TEST(LayoutFuzz, ViewdistRandomByteFlips) {
  const std::string text = read_source("docs/examples/viewdist-4-servers.txt");
  const ViewdistContext ctx = example_context();
  std::mt19937 random(42);
  std::uniform_int_distribution<size_t> where(0, text.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 20000; ++round) {
    std::string damaged = text;
    for (int i = 1 + round % 3; i > 0; --i)
      damaged[where(random)] = static_cast<char>(byte(random));
    viewdist_outcome(damaged, ctx);
  }
}

TEST(LayoutFuzz, RandomGarbage) {
  const ViewdistContext ctx = example_context();
  std::mt19937 random(1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 300);
  for (int round = 0; round < 5000; ++round) {
    std::string garbage(length(random), '\0');
    for (char& c : garbage) c = static_cast<char>(byte(random));
    EXPECT_FALSE(json_outcome(garbage));
    EXPECT_FALSE(viewdist_outcome(garbage, ctx));
    const std::string why = refusal([&] { parse_servers_json(garbage); });
    EXPECT_TRUE(why.starts_with("servers file: ")) << why;
  }
}

}  // namespace
}  // namespace pvfsf::layout
