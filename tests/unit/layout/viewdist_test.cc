// The pvfs2-viewdist reader: the format OrangeFS prints, what it lacks and
// what it may get wrong.
#include "layout/viewdist.h"

#include <gtest/gtest.h>

#include <string>

#include "layout/layout_json.h"
#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::read_source;
using test::refusal;

const std::string kExample =
    read_source("docs/examples/viewdist-4-servers.txt");

ViewdistContext example_context() {
  ViewdistContext ctx;
  ctx.fs_id = 1234567;
  ctx.handle = 9223372036854775806u;
  ctx.size = 1000000;
  ctx.servers = parse_servers_json(read_source("docs/examples/servers.json"));
  return ctx;
}

// kExample with the one occurrence of @from replaced by @to.
std::string with(const std::string& from, const std::string& to) {
  const size_t at = kExample.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(kExample.find(from, at + 1), std::string::npos) << from;
  if (at == std::string::npos) return kExample;
  return kExample.substr(0, at) + to + kExample.substr(at + from.size());
}

std::string viewdist_refusal(const std::string& text,
                             const ViewdistContext& ctx = example_context()) {
  return refusal([&] { parse_viewdist(text, ctx); });
}

// pvfs2-viewdist's output for @n datafiles on servers s0.. (make_layout).
std::string viewdist_text(const Layout& layout, size_t count) {
  std::string text =
      "dist_name = simple_stripe\ndist_params:\nstrip_size:" +
      std::to_string(layout.strip_size) + "\n\nMetadataserver: " +
      layout.servers.at(layout.datafiles[0].server).bmi +
      "\nNumber of datafiles/servers = " + std::to_string(count) + "\n";
  for (size_t i = 0; i < layout.datafiles.size(); ++i) {
    const Datafile& datafile = layout.datafiles[i];
    text += "Datafile " + std::to_string(i) + " - " +
            layout.servers.at(datafile.server).bmi +
            ", handle: " + std::to_string(datafile.handle) + " (" +
            bstream_name(datafile.handle) + ")\n";
  }
  return text;
}

TEST(LayoutViewdist, Example) {
  const Layout layout = parse_viewdist(kExample, example_context());
  const Layout expected =
      parse_layout_json(read_source("docs/examples/layout-4-servers.json"));
  EXPECT_EQ(layout, expected);
  // The documented command's output is the example layout, byte for byte.
  EXPECT_EQ(to_json(layout),
            read_source("docs/examples/layout-4-servers.json"));
}

TEST(LayoutViewdist, ContextSuppliesWhatViewdistLacks) {
  ViewdistContext ctx = example_context();
  ctx.fs_id = 9;
  ctx.handle = 77;
  ctx.size.reset();
  const Layout layout = parse_viewdist(kExample, ctx);
  EXPECT_EQ(layout.fs_id, 9u);
  EXPECT_EQ(layout.handle, 77u);
  EXPECT_EQ(layout.size, 0u);
  // Only the servers that hold datafiles, though the file lists five.
  EXPECT_EQ(layout.servers.size(), 4u);
  EXPECT_FALSE(layout.servers.count("server5"));
}

TEST(LayoutViewdist, CrlfLineEndings) {
  std::string crlf;
  for (char c : kExample)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(parse_viewdist(crlf, example_context()),
            parse_viewdist(kExample, example_context()));
}

TEST(LayoutViewdist, LenientWhereHarmless) {
  const Layout expected = parse_viewdist(kExample, example_context());
  // No final newline, blank lines at the end, no blank line after the
  // parameters, upper-case bstream names.
  EXPECT_EQ(parse_viewdist(kExample.substr(0, kExample.size() - 1),
                           example_context()),
            expected);
  EXPECT_EQ(parse_viewdist(kExample + "\n\n", example_context()), expected);
  EXPECT_EQ(parse_viewdist(with("65536\n\n", "65536\n"), example_context()),
            expected);
  EXPECT_EQ(parse_viewdist(with("19999999999999cd", "19999999999999CD"),
                           example_context()),
            expected);
}

TEST(LayoutViewdist, ShortHexIsZeroPadded) {
  ViewdistContext ctx = example_context();
  const std::string text =
      with("1844674407370955213 (19999999999999cd.bstream)",
           "4097 (00001001.bstream)");
  EXPECT_EQ(parse_viewdist(text, ctx).datafiles[0].handle, 4097u);
  EXPECT_EQ(viewdist_refusal(
                with("1844674407370955213 (19999999999999cd", "4097 (1001")),
            "viewdist: line 7: Datafile 0: bstream name \"1001\" is not 8 to "
            "16 hex digits");
}

TEST(LayoutViewdist, CommaJoinedAddresses) {
  // server5's bmi lists two addresses; viewdist prints all an alias has.
  ViewdistContext ctx = example_context();
  Layout layout =
      parse_viewdist(with("Datafile 1 - tcp://node2:3334",
                          "Datafile 1 - tcp://node5:3334,ib://node5-ib:3335"),
                     ctx);
  EXPECT_EQ(layout.datafiles[1].server, "server5");
  // Any one printed address may match, in any position.
  layout =
      parse_viewdist(with("Datafile 1 - tcp://node2:3334",
                          "Datafile 1 - ib://node2-ib:3335,tcp://node2:3334"),
                     ctx);
  EXPECT_EQ(layout.datafiles[1].server, "server2");
  layout = parse_viewdist(
      with("Datafile 1 - tcp://node2:3334", "Datafile 1 - ib://node5-ib:3335"),
      ctx);
  EXPECT_EQ(layout.datafiles[1].server, "server5");
  // Addresses of two servers: which one holds it?
  EXPECT_EQ(
      viewdist_refusal(with("Datafile 1 - tcp://node2:3334",
                            "Datafile 1 - tcp://node2:3334,tcp://node5:3334")),
      "viewdist: line 8: Datafile 1: server "
      "\"tcp://node2:3334,tcp://node5:3334\" matches the bmi of both "
      "server2 and server5");
}

TEST(LayoutViewdist, SixtyFourDatafiles) {
  const Layout layout = test::make_layout(64);
  ViewdistContext ctx;
  ctx.fs_id = layout.fs_id;
  ctx.handle = layout.handle;
  ctx.size = layout.size;
  ctx.servers = layout.servers;
  EXPECT_EQ(parse_viewdist(viewdist_text(layout, 64), ctx), layout);
}

// viewdist has room for 256 and prints no more: 256 may be a cut list.
TEST(LayoutViewdist, TwoHundredFiftySixNeedsTheCount) {
  const Layout layout = test::make_layout(256);
  ViewdistContext ctx;
  ctx.fs_id = layout.fs_id;
  ctx.handle = layout.handle;
  ctx.size = layout.size;
  ctx.servers = layout.servers;
  const std::string text = viewdist_text(layout, 256);
  EXPECT_EQ(viewdist_refusal(text, ctx),
            "viewdist: line 6: 256 datafiles: pvfs2-viewdist prints at most "
            "256, so the list may be cut; give the file's datafile count to "
            "accept it");
  ctx.datafiles = 300;
  EXPECT_EQ(viewdist_refusal(text, ctx),
            "viewdist: line 6: 256 datafiles, but the file has 300");
  ctx.datafiles = 256;
  EXPECT_EQ(parse_viewdist(text, ctx), layout);
}

TEST(LayoutViewdist, DatafileCountMustMatchWhenGiven) {
  ViewdistContext ctx = example_context();
  ctx.datafiles = 4;
  EXPECT_EQ(parse_viewdist(kExample, ctx).datafiles.size(), 4u);
  ctx.datafiles = 5;
  EXPECT_EQ(viewdist_refusal(kExample, ctx),
            "viewdist: line 6: 4 datafiles, but the file has 5");
}

struct Case {
  const char* name;
  std::string text;
  std::string message;
};

TEST(LayoutViewdist, Refusals) {
  const std::string basic =
      "dist_name = basic_dist\ndist_params:\nnone\nMetadataserver: "
      "tcp://node1:3334\nNumber of datafiles/servers = 1\nDatafile 0 - "
      "tcp://node1:3334, handle: 4097 (00001001.bstream)\n";
  const std::string varstrip =
      "dist_name = varstrip_dist\ndist_params:\n0:65536;1:131072\n";
  const std::vector<Case> cases = {
      {"basic_dist", basic,
       "viewdist: line 1: distribution \"basic_dist\" is not supported; the "
       "fast path stripes simple_stripe files only"},
      {"varstrip", varstrip,
       "viewdist: line 1: distribution \"varstrip_dist\" is not supported; "
       "the fast path stripes simple_stripe files only"},
      {"empty", "", "viewdist: line 1: expected 'dist_name = ', got the end"},
      {"not viewdist", "hello\n",
       "viewdist: line 1: expected 'dist_name = ', got \"hello\""},
      {"count above", with("= 4", "= 5"),
       "viewdist: line 6: Number of datafiles/servers = 5 but 4 Datafile "
       "lines follow"},
      {"count below", with("= 4", "= 3"),
       "viewdist: line 10: Datafile 3 beyond the 3 datafiles of line 6"},
      {"count zero", with("= 4", "= 0"),
       "viewdist: line 6: 0 datafiles; a file has at least one"},
      {"count 257", with("= 4", "= 257"),
       "viewdist: line 6: 257 datafiles; pvfs2-viewdist prints at most 256"},
      {"count not a number", with("= 4", "= four"),
       "viewdist: line 6: number of datafiles: \"four\" is not a decimal "
       "number"},
      {"hex disagrees", with("4ccccccccccccce7", "4ccccccccccccce8"),
       "viewdist: line 9: Datafile 2: handle 5534023222112865511 is "
       "4ccccccccccccce7.bstream but the line says 4ccccccccccccce8.bstream"},
      {"decimal disagrees", with("5534023222112865511", "5534023222112865512"),
       "viewdist: line 9: Datafile 2: handle 5534023222112865512 is "
       "4ccccccccccccce8.bstream but the line says 4ccccccccccccce7.bstream"},
      {"handle above 2^64-1",
       with("5534023222112865511", "18446744073709551616"),
       "viewdist: line 9: Datafile 2: handle: number '18446744073709551616': "
       "does not fit in 64 bits"},
      {"hex handle", with("5534023222112865511", "0x4ccccccccccccce7"),
       "viewdist: line 9: Datafile 2: handle: \"0x4ccccccccccccce7\" is not a "
       "decimal number"},
      {"unknown server", with("tcp://node2:3334,", "tcp://node9:3334,"),
       "viewdist: line 8: Datafile 1: server \"tcp://node9:3334\" is no "
       "server's bmi in the servers file"},
      {"empty server", with("tcp://node2:3334,", ","),
       "viewdist: line 8: Datafile 1: no server address (pvfs2-viewdist could "
       "not look it up); cannot tell where this datafile lives"},
      {"server twice", with("tcp://node2:3334,", "tcp://node1:3334,"),
       "viewdist: line 8: Datafile 1: server \"tcp://node1:3334\" (server1) "
       "already holds Datafile 0; PVFS puts each datafile of a file on a "
       "different server"},
      {"handle twice",
       with("3689348814741910337 (3333333333333341",
            "1844674407370955213 (19999999999999cd"),
       "viewdist: line 8: Datafile 1: handle 1844674407370955213 repeats "
       "Datafile 0 (line 7)"},
      {"index out of order", with("Datafile 1 -", "Datafile 2 -"),
       "viewdist: line 8: Datafile \"2\" where Datafile 1 was expected "
       "(indices run 0..N-1 in order)"},
      {"index with leading zero", with("Datafile 1 -", "Datafile 01 -"),
       "viewdist: line 8: Datafile \"01\" where Datafile 1 was expected "
       "(indices run 0..N-1 in order)"},
      {"malformed datafile line",
       with(" (3333333333333341.bstream)", " 3333333333333341.bstream"),
       "viewdist: line 8: expected 'Datafile I - SERVER, handle: H "
       "(HEX.bstream)', got \"Datafile 1 - tcp://node2:3334, handle: "
       "3689348814741910337 33333...\""},
      {"trailing garbage", kExample + "oops\n",
       "viewdist: line 11: unexpected text after the datafiles: \"oops\""},
      {"garbage after a blank line", kExample + "\nDatafile 4 - x\n",
       "viewdist: line 12: unexpected text after the datafiles: \"Datafile 4 "
       "- x\""},
      {"strip too small", with("strip_size:65536", "strip_size:1000"),
       "viewdist: line 3: strip_size: 1000 is below 4096 bytes "
       "(PVFSF_MIN_STRIP)"},
      {"strip unaligned", with("strip_size:65536", "strip_size:65537"),
       "viewdist: line 3: strip_size: 65537 is not a multiple of 512 bytes"},
      {"strip missing", with("strip_size:65536\n", ""),
       "viewdist: line 3: expected 'strip_size:', got \"\""},
      {"no metadataserver", with("Metadataserver: tcp://node1:3334\n", ""),
       "viewdist: line 5: expected 'Metadataserver: ', got \"Number of "
       "datafiles/servers = 4\""},
      {"cut after the count", kExample.substr(0, kExample.find("Datafile 0")),
       "viewdist: line 6: Number of datafiles/servers = 4 but 0 Datafile "
       "lines follow"},
      {"NUL in a line",
       with("tcp://node3:3334,", std::string("tcp://node3\0:3334,", 18)),
       "viewdist: line 9: Datafile 2: server \"tcp://node3\\x00:3334\" is no "
       "server's bmi in the servers file"},
  };
  for (const Case& c : cases) {
    const std::string got = viewdist_refusal(c.text);
    EXPECT_EQ(got, c.message) << c.name;
    EXPECT_EQ(got.find('\n'), std::string::npos) << c.name;
  }
}

// What the text cannot say is checked by validate() on the result.
TEST(LayoutViewdist, ContextIsValidated) {
  ViewdistContext ctx = example_context();
  ctx.handle = 0;
  EXPECT_EQ(viewdist_refusal(kExample, ctx),
            "layout: handle: 0 is PVFS_HANDLE_NULL, no file's handle");
  ctx = example_context();
  ctx.fs_id = 0x80000000u;
  EXPECT_EQ(viewdist_refusal(kExample, ctx),
            "layout: fs_id: 2147483648 is above 2147483647 (PVFS_fs_id is "
            "int32_t)");
  ctx = example_context();
  ctx.handle = 1844674407370955213u;
  EXPECT_EQ(viewdist_refusal(kExample, ctx),
            "layout: datafiles[0].handle: 1844674407370955213 is the file's "
            "own handle");
  ctx = example_context();
  ctx.servers.clear();
  EXPECT_EQ(viewdist_refusal(kExample, ctx),
            "viewdist: line 7: Datafile 0: server \"tcp://node1:3334\" is no "
            "server's bmi in the servers file");
}

TEST(LayoutViewdist, ContextServerNameMustBeItsKey) {
  ViewdistContext ctx = example_context();
  ctx.servers.at("server2").name = "other";
  EXPECT_EQ(viewdist_refusal(kExample, ctx),
            "layout: servers.server2.name: \"other\" differs from its key");
}

TEST(LayoutViewdist, RefusesHugeInput) {
  EXPECT_EQ(viewdist_refusal(kExample + std::string(kMaxViewdistBytes, '\n')),
            "viewdist: " + std::to_string(kExample.size() + kMaxViewdistBytes) +
                " bytes, more than 1048576; not pvfs2-viewdist output");
}

}  // namespace
}  // namespace pvfsf::layout
