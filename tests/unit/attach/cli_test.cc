// pvfs-stripe-attach as users run it, on a host without the pvfsf module
// and without iSCSI: the overview and each command's --help, usage errors
// (exit 2 and "Try ... --help"), layouts and configurations that are
// refused, and every command that needs /dev/pvfsf-control ending in exit
// 3 before it touches anything.
//
// Steps: run the built binary (PVFS_STRIPE_ATTACH_BIN) with an argument
// vector, standard input /dev/null; files it reads are made in a scratch
// directory with explicit modes.
// What must hold: the exit code, the whole of standard error (or its first
// line where the rest is someone else's text), nothing on standard output
// for a failure, and no /run/pvfsf made by a command that failed early.
//
// Not here: `logout --idle` with a valid configuration; it needs no module
// and would take its lock under the host's real /run/pvfsf (the tool has
// no option to point it elsewhere).  The VM tests run it.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/process.h"
#include "layout/load.h"

namespace pvfsf::attach {
namespace {

namespace fs = std::filesystem;

constexpr const char* kControl = "/dev/pvfsf-control";
constexpr const char* kRunDir = "/run/pvfsf";

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs pvfs-stripe-attach with @args.
CliRun run_attach(const std::vector<std::string>& args) {
  std::vector<std::string> argv{PVFS_STRIPE_ATTACH_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult r = run_process(argv, std::chrono::seconds(60));
  return {r.exit_status, r.out, r.err};
}

// The first line of @text, without its newline.
std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// @args joined by blanks, to say which run an expectation is about.
std::string joined(const std::vector<std::string>& args) {
  std::string text;
  for (const std::string& arg : args) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// What a usage error of @command prints on standard error.
std::string usage_error(const std::string& command,
                        const std::string& message) {
  return "pvfs-stripe-attach " + command + ": " + message +
         "\nTry 'pvfs-stripe-attach " + command + " --help'.\n";
}

// What any other failure of @command prints.
std::string failure(const std::string& command, const std::string& message) {
  return "pvfs-stripe-attach " + command + ": " + message + "\n";
}

const char kNoModule[] =
    "/dev/pvfsf-control: no such device: the pvfsf module is not loaded "
    "(modprobe pvfsf)";

// The commands and their usage lines, as the overview and --help show them.
struct CommandUsage {
  std::string name;
  std::string usage;  // what follows "pvfs-stripe-attach "
};
const std::vector<CommandUsage> kCommands = {
    {"attach",
     "attach LAYOUT|PATH [--read-only] [--timeout SECONDS] [--force] "
     "[--extent BYTES] [--fs-conf FILE] [--servers FILE]"},
    {"cleanup", "cleanup"},
    {"commit", "commit DEVICE|HANDLE|PATH --size BYTES"},
    {"detach", "detach DEVICE|HANDLE|PATH [--lazy] [--size BYTES] [--keep-cache]"},
    {"incremental", "incremental [--log stderr|kmsg] DEVNODE"},
    {"list", "list [--json]"},
    {"logout", "logout --idle"},
    {"status", "status DEVICE|HANDLE|PATH [--json]"},
};

// A scratch directory holding a valid layout (docs/examples'
// layout-4-servers.json) and a valid configuration (mode 0600).
class AttachCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "pvfsf-attach-cli-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(pattern.data()));
    dir_ = pattern;
    layout_ = path("layout.json");
    fs::copy_file(fs::path(PVFSF_DOCS_EXAMPLES) / "layout-4-servers.json",
                  layout_);
    // The example must be a layout the current code takes.
    ASSERT_NO_THROW(layout::load_layout(layout_));
    config_ = path("attach.conf");
    write(
        config_,
        "# scratch\nlogin_timeout = 5\ncluster_key = /etc/pvfsf/cluster.key\n",
        0600);
    run_dir_existed_ = fs::exists(kRunDir);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    // A command that failed before its lock must not have made it.
    if (!run_dir_existed_) {
      EXPECT_FALSE(fs::exists(kRunDir)) << kRunDir << " was made";
    }
  }

  std::string path(const std::string& name) const {
    return (dir_ / name).string();
  }
  // Writes @text to @file and gives it @mode, whatever the umask.
  static void write(const std::string& file, const std::string& text,
                    mode_t mode) {
    std::ofstream(file) << text;
    ASSERT_EQ(::chmod(file.c_str(), mode), 0) << file;
  }

  fs::path dir_;
  std::string layout_;
  std::string config_;
  bool run_dir_existed_ = false;
};

// The overview on @text: usage line, the eight commands with their
// synopses, the exit status.
void expect_overview(const std::string& text) {
  std::string expected =
      "usage: pvfs-stripe-attach COMMAND [options] [arguments]\n";
  EXPECT_EQ(text.substr(0, expected.size()), expected);
  std::string commands = "\nCommands:\n";
  for (const CommandUsage& c : kCommands) commands += "  " + c.usage + "\n";
  commands +=
      "\nRun 'pvfs-stripe-attach COMMAND --help' for a command's "
      "options.\nExit status: ";
  const size_t at = text.find(commands);
  ASSERT_NE(at, std::string::npos) << text;
  ASSERT_EQ(text.back(), '\n') << "no newline at the end";
  // The exit status paragraph is wrapped: look at it as one line.
  std::string status = text.substr(at + commands.size());
  for (char& c : status)
    if (c == '\n') c = ' ';
  for (const char* code :
       {"0 done, ", "1 failed, ", "2 bad usage or invalid layout, ",
        "3 pvfsf module not loaded, ", "4 export service unreachable",
        "5 iSCSI ", "6 a member disk did not appear in time, ",
        "7 a disk is not the datafile it should be, ", "8 device busy, ",
        "9 not attached."})
    EXPECT_NE(status.find(code), std::string::npos)
        << "'" << code << "' not in: " << status;
}

TEST_F(AttachCli, Overview) {
  // No command: the overview on standard error, exit 2.
  CliRun r = run_attach({});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  expect_overview(r.err);
  // Asked for: on standard output, exit 0.
  for (const std::string help : {"--help", "-h", "help"}) {
    SCOPED_TRACE(help);
    r = run_attach({help});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "");
    expect_overview(r.out);
  }
}

TEST_F(AttachCli, CommandHelp) {
  for (const CommandUsage& c : kCommands) {
    for (const std::string help : {"--help", "-h"}) {
      SCOPED_TRACE(c.name + " " + help);
      const CliRun r = run_attach({c.name, help});
      EXPECT_EQ(r.status, 0);
      EXPECT_EQ(r.err, "");
      EXPECT_EQ(first_line(r.out), "usage: pvfs-stripe-attach " + c.usage);
      EXPECT_NE(r.out.find("\n  --config arg "), std::string::npos) << r.out;
    }
  }
  // --help wins over what else is wrong on the line.
  const CliRun r = run_attach({"attach", "a.json", "b.json", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(first_line(r.out),
            "usage: pvfs-stripe-attach " + kCommands[0].usage);
}

TEST_F(AttachCli, UnknownCommand) {
  const CliRun r = run_attach({"frobnicate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  const std::string line = "pvfs-stripe-attach: unknown command 'frobnicate'\n";
  EXPECT_EQ(r.err.substr(0, line.size()), line);
  expect_overview(r.err.substr(line.size()));
}

TEST_F(AttachCli, UsageErrors) {
  // LAYOUT names no file where it is given: the options are checked before
  // the layout is read.
  const std::string missing = path("missing.json");
  const std::string bad_ref =
      "': expected a device (/dev/pvfsfN, pvfsfN, a node or link) or a file "
      "as HANDLE or FSID-HANDLE, decimal, or by its path on an OrangeFS mount";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"list", "--bogus"}, "unrecognised option '--bogus'"},
      {{"cleanup", "extra"},
       "too many positional options have been specified "
       "on the command line"},
      {{"attach"}, "expected one LAYOUT|PATH"},
      {{"attach", missing, layout_}, "expected one LAYOUT|PATH"},
      {{"attach", missing, "--timeout", "0"}, "--timeout: at least 1 second"},
      {{"attach", missing, "--timeout", "-1"},
       "--timeout '-1': negative numbers are not allowed"},
      {{"attach", missing, "--timeout", "abc"},
       "--timeout 'abc': not a decimal or 0x-hex number"},
      {{"attach", missing, "--timeout", "4294967296"},
       "--timeout '4294967296': does not fit in 32 bits"},
      {{"attach", missing, "--extent", "junk"},
       "--extent 'junk': not a decimal or 0x-hex number"},
      {{"detach"}, "expected one DEVICE|HANDLE|PATH"},
      {{"detach", "1", "2"}, "expected one DEVICE|HANDLE|PATH"},
      {{"detach", "x"}, "'x" + bad_ref},
      {{"detach", "7-"}, "'7-" + bad_ref},
      {{"detach", "12a"}, "'12a" + bad_ref},
      // "-5" is an option to the parser; after "--" it is the argument.
      {{"detach", "-5"}, "unrecognised option '-5'"},
      {{"detach", "--", "-5"}, "'-5" + bad_ref},
      {{"detach", ""}, "empty DEVICE|HANDLE|PATH"},
      {{"detach", "1234", "--size", "junk"},
       "--size 'junk': not a decimal or 0x-hex number"},
      {{"status"}, "expected one DEVICE|HANDLE|PATH"},
      {{"status", "12a"}, "'12a" + bad_ref},
      {{"commit", "1234"}, "the option '--size' is required but missing"},
      {{"commit", "1234", "--size", "junk"},
       "--size 'junk': not a decimal or 0x-hex number"},
      {{"commit", "--size", "1"}, "expected one DEVICE|HANDLE|PATH"},
      {{"commit", "x", "--size", "1"}, "'x" + bad_ref},
      {{"logout"}, "say --idle"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(joined(c.args));
    const CliRun r = run_attach(c.args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, usage_error(c.args[0], c.message));
  }
}

TEST_F(AttachCli, LayoutRefused) {
  // Unreadable: exit 1, no "Try" line.
  const std::string missing = path("missing.json");
  CliRun r = run_attach({"attach", missing, "--config", config_});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, failure("attach",
                           "read " + missing + ": No such file or directory"));

  // No valid layout: exit 2, "FILE: layout: ..." and the "Try" line.
  const std::string json = path("cut.json");
  write(json, "{\"pvfsf_layout\": 1,\n", 0644);
  // Not JSON: the rest of the line is the JSON library's.
  for (const auto& [layout, prefix] :
       std::vector<std::pair<std::string, std::string>>{
           {json, json + ": layout: not JSON: parse error at line 2, column "
                         "1: "},
           {"-",
            "standard input: layout: not JSON: parse error at line 1, "
            "column 1: "}}) {
    SCOPED_TRACE(layout);
    r = run_attach({"attach", layout, "--config", config_});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    const std::string expected = "pvfs-stripe-attach attach: " + prefix;
    EXPECT_EQ(first_line(r.err).substr(0, expected.size()), expected);
    EXPECT_EQ(r.err.substr(r.err.find('\n') + 1),
              "Try 'pvfs-stripe-attach attach --help'.\n");
  }
  // JSON, but no layout pvfsf takes: the example with a strip of 1000
  // bytes.  The layout is read before the configuration, so a missing
  // --config changes nothing.
  std::string strip_1000;
  {
    std::ifstream in(layout_);
    strip_1000.assign(std::istreambuf_iterator<char>(in),
                      std::istreambuf_iterator<char>());
  }
  const std::string strip = "\"strip_size\": 65536";
  const size_t at = strip_1000.find(strip);
  ASSERT_NE(at, std::string::npos);
  strip_1000.replace(at, strip.size(), "\"strip_size\": 1000");
  const std::string small = path("strip-1000.json");
  write(small, strip_1000, 0644);
  const std::string strip_message =
      small +
      ": layout: distribution.strip_size: 1000 is below 4096 bytes "
      "(PVFSF_MIN_STRIP)";
  for (const std::string& config : {config_, path("none.conf")}) {
    SCOPED_TRACE(config);
    r = run_attach({"attach", small, "--config", config});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, usage_error("attach", strip_message));
  }
}

TEST_F(AttachCli, ConfigRefused) {
  const std::string unknown = path("unknown.conf");
  write(unknown, "# a comment\nfoo = 1\n", 0600);
  const std::string relative = path("relative.conf");
  write(relative, "\ncluster_key = cluster.key\n", 0600);
  const std::string group_writable = path("group-writable.conf");
  write(group_writable, "login_timeout = 5\n", 0620);
  const std::string secret = path("secret.conf");
  write(secret, "chap_username = initiator\nchap_password = secret\n", 0640);
  const std::string missing = path("missing.conf");
  struct Case {
    std::string config;
    std::string message;
  };
  for (const Case& c : {
           Case{missing, "config " + missing + ": No such file or directory"},
           Case{unknown, unknown + ":2: unknown setting 'foo'"},
           Case{relative,
                relative + ":2: cluster_key must be an absolute path"},
           Case{group_writable, group_writable +
                                    ": mode 0620 lets others than its owner "
                                    "write it: chmod go-w it"},
           Case{secret, secret + ": holds a CHAP secret but its mode 0640 "
                                 "lets its group read it: chmod 600 it"},
       }) {
    SCOPED_TRACE(c.config);
    const CliRun r = run_attach({"list", "--config", c.config});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, failure("list", c.message));
  }
  // Every command reads it first (logout too: before its lock).
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"attach", layout_},
                                             {"cleanup"},
                                             {"commit", "1234", "--size", "1"},
                                             {"detach", "1234"},
                                             {"list"},
                                             {"logout", "--idle"},
                                             {"status", "1234"}}) {
    args.insert(args.end(), {"--config", missing});
    SCOPED_TRACE(joined(args));
    const CliRun r = run_attach(args);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, failure(args[0], "config " + missing +
                                          ": No such file or directory"));
  }
}

TEST_F(AttachCli, NoModule) {
  if (fs::exists(kControl))
    GTEST_SKIP() << kControl << " exists: the pvfsf module is loaded";
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"attach", layout_},
           {"attach", layout_, "--read-only", "--extent", "4M"},
           {"list"},
           {"list", "--json"},
           {"status", "1234"},
           {"status", "/dev/pvfsf0", "--json"},
           {"detach", "1234"},
           {"detach", "1234567-1234", "--lazy", "--size", "1"},
           {"commit", "1234", "--size", "1"},
           {"commit", "pvfsf0", "--size", "1M"},
           {"cleanup"}}) {
    args.insert(args.end(), {"--config", config_});
    SCOPED_TRACE(joined(args));
    const CliRun r = run_attach(args);
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, failure(args[0], kNoModule));
  }
}

}  // namespace
}  // namespace pvfsf::attach
