// The iscsiadm actions: their argument vectors, the meaning of iscsiadm's
// exit status, and a run against a fake iscsiadm that records what it got.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "attach/iscsiadm.h"
#include "fake_iscsiadm.h"

namespace pvfsf::attach {
namespace {

using Args = std::vector<std::string>;
using test::FakeIscsiadm;

const Endpoint kPortal{"127.0.10.1", 3260};
const std::string kTarget = "iqn.2003-01.org.pvfsf.test:srv1";

TEST(AttachIscsiadmExit, DocumentedCodes) {
  EXPECT_EQ(describe_iscsiadm_exit(0), "exit 0 (ISCSI_SUCCESS: command executed successfully)");
  EXPECT_EQ(describe_iscsiadm_exit(15), "exit 15 (ISCSI_ERR_SESS_EXISTS: session is logged in)");
  EXPECT_EQ(describe_iscsiadm_exit(21),
            "exit 21 (ISCSI_ERR_NO_OBJS_FOUND: no records/targets/sessions/portals found to "
            "execute operation on)");
  EXPECT_EQ(describe_iscsiadm_exit(24),
            "exit 24 (ISCSI_ERR_LOGIN_AUTH_FAILED: login failed due to authorization failure)");
  EXPECT_EQ(describe_iscsiadm_exit(32),
            "exit 32 (ISCSI_ERR_SESSION_NOT_CONNECTED: session likely not connected)");
  EXPECT_EQ(describe_iscsiadm_exit(33), "exit 33 (not documented)");
  EXPECT_EQ(describe_iscsiadm_exit(-1), "exit -1 (not documented)");
}

TEST(AttachIscsiadmExit, NamesMatchTheEnum) {
  // Each named constant is where iscsiadm(8) puts it.
  const std::pair<int, const char*> named[] = {
      {kIscsiErrSessNotFound, "ISCSI_ERR_SESS_NOT_FOUND"},
      {kIscsiErrTrans, "ISCSI_ERR_TRANS"},
      {kIscsiErrLogin, "ISCSI_ERR_LOGIN"},
      {kIscsiErrTransTimeout, "ISCSI_ERR_TRANS_TIMEOUT"},
      {kIscsiErrSessExists, "ISCSI_ERR_SESS_EXISTS"},
      {kIscsiErrIscsidNotconn, "ISCSI_ERR_ISCSID_NOTCONN"},
      {kIscsiErrNoObjsFound, "ISCSI_ERR_NO_OBJS_FOUND"},
      {kIscsiErrSysfsLookup, "ISCSI_ERR_SYSFS_LOOKUP"},
      {kIscsiErrLoginAuthFailed, "ISCSI_ERR_LOGIN_AUTH_FAILED"},
  };
  for (auto [code, name] : named) {
    ASSERT_TRUE(iscsiadm_exit_info(code)) << code;
    EXPECT_STREQ(iscsiadm_exit_info(code)->name, name);
  }
  // Every documented code has a name starting ISCSI_.
  for (int code = 0; code <= 32; code++) {
    ASSERT_TRUE(iscsiadm_exit_info(code)) << code;
    EXPECT_EQ(std::string(iscsiadm_exit_info(code)->name).rfind("ISCSI_", 0), 0u) << code;
  }
}

TEST(AttachIscsiadmExit, ErrorMessageSaysWhatAndWhy) {
  ProcessResult r;
  r.exit_status = 24;
  r.err = "iscsiadm: Could not login to [iface: default, target: x, portal: 1.2.3.4,3260].\n"
          "iscsiadm: initiator reported error (24 - iSCSI login failed due to authorization failure)\n"
          "iscsiadm: Could not log into all portals\n";
  const IscsiadmError e("iscsiadm login to x at 1.2.3.4:3260", r);
  EXPECT_EQ(e.exit_code(), 24);
  EXPECT_EQ(std::string(e.what()),
            "iscsiadm login to x at 1.2.3.4:3260: exit 24 (ISCSI_ERR_LOGIN_AUTH_FAILED: login "
            "failed due to authorization failure): the target refused our CHAP credentials, or "
            "wants CHAP and none is configured: iscsiadm: Could not login to [iface: default, "
            "target: x, portal: 1.2.3.4,3260].; iscsiadm: initiator reported error (24 - iSCSI "
            "login failed due to authorization failure); iscsiadm: Could not log into all portals");
}

TEST(AttachIscsiadmExit, HintsForTheCodesAnAttachMeets) {
  const std::pair<int, const char*> hints[] = {
      {15, "a session to this target and portal is logged in already"},
      {21, "no node record, target or session matched"},
      {20, "iscsid is not running or not answering"},
      {22, "the session is not in sysfs"},
      {4, "could not connect to the portal"},
  };
  for (auto [code, hint] : hints) {
    ProcessResult r;
    r.exit_status = code;
    const std::string what = IscsiadmError("act", r).what();
    EXPECT_NE(what.find(hint), std::string::npos) << what;
  }
  ProcessResult killed;
  killed.timed_out = true;
  killed.signal = 9;
  const IscsiadmError e("iscsiadm login to x at y", killed);
  EXPECT_EQ(e.exit_code(), -1);
  EXPECT_EQ(std::string(e.what()), "iscsiadm login to x at y: timed out and was killed");
}

TEST(AttachIscsiadmArgs, Discover) {
  // A discovery record of the portal's own, with our timeouts, then the
  // discovery from it: "-m discovery" would take iscsid.conf's.
  EXPECT_EQ(iscsiadm_args::new_discovery_record("iscsiadm", kPortal),
            (Args{"iscsiadm", "-m", "discoverydb", "-t", "sendtargets", "-p", "127.0.10.1:3260",
                  "-o", "new"}));
  NodeSettings s;
  s.login_timeout = 4;
  s.login_retry_max = 3;
  EXPECT_EQ(iscsiadm_args::update_discovery_record("iscsiadm", kPortal, s),
            (Args{"iscsiadm", "-m", "discoverydb", "-t", "sendtargets", "-p", "127.0.10.1:3260",
                  "-o", "update",
                  "-n", "discovery.sendtargets.timeo.login_timeout", "-v", "4",
                  "-n", "discovery.sendtargets.reopen_max", "-v", "2"}));
  EXPECT_EQ(iscsiadm_args::discover("iscsiadm", kPortal),
            (Args{"iscsiadm", "-m", "discoverydb", "-t", "sendtargets", "-p", "127.0.10.1:3260",
                  "--discover", "-o", "new"}));
  EXPECT_EQ(iscsiadm_args::discover("iscsiadm", endpoint_of("fe80::7", 3261))[6], "[fe80::7]:3261");
}

TEST(AttachIscsiadmSettings, BoundedByTheAttachTimeout) {
  NodeSettings s;
  s.replacement_timeout = 15;
  s.login_timeout = 15;
  s.login_retry_max = 2;
  // Within the limit already: unchanged.
  NodeSettings b = bounded_settings(s, std::chrono::seconds(30));
  EXPECT_EQ(b.login_timeout, 15u);
  EXPECT_EQ(b.login_retry_max, 2u);
  EXPECT_EQ(b.replacement_timeout, 15u);  // not a wait of the attach
  // Fewer attempts first, then shorter ones: attempts x timeout <= limit.
  b = bounded_settings(s, std::chrono::seconds(20));
  EXPECT_EQ(b.login_timeout, 15u);
  EXPECT_EQ(b.login_retry_max, 1u);
  b = bounded_settings(s, std::chrono::seconds(3));
  EXPECT_EQ(b.login_timeout, 3u);
  EXPECT_EQ(b.login_retry_max, 1u);
  // Never below one attempt of one second.
  b = bounded_settings(s, std::chrono::seconds(0));
  EXPECT_EQ(b.login_timeout, 1u);
  EXPECT_EQ(b.login_retry_max, 1u);
  // The discovery record gets the same: reopen_max counts the attempts
  // after the first.
  EXPECT_EQ(discovery_setting_pairs(bounded_settings(s, std::chrono::seconds(30))),
            (std::vector<std::pair<std::string, std::string>>{
                {"discovery.sendtargets.timeo.login_timeout", "15"},
                {"discovery.sendtargets.reopen_max", "1"}}));
}

TEST(AttachIscsiadmArgs, UpdateNode) {
  NodeSettings s;
  s.replacement_timeout = 10;
  s.login_timeout = 5;
  s.login_retry_max = 3;
  EXPECT_EQ(iscsiadm_args::update_node("iscsiadm", kTarget, kPortal, s),
            (Args{"iscsiadm", "-m", "node", "-T", kTarget, "-p", "127.0.10.1:3260", "-o", "update",
                  "-n", "node.startup", "-v", "manual",
                  "-n", "node.session.timeo.replacement_timeout", "-v", "10",
                  "-n", "node.conn[0].timeo.login_timeout", "-v", "5",
                  "-n", "node.session.initial_login_retry_max", "-v", "3",
                  "-n", "node.session.auth.authmethod", "-v", "None",
                  // what an attach with CHAP left in the record goes
                  "-n", "node.session.auth.username", "-v", "",
                  "-n", "node.session.auth.password", "-v", "",
                  "-n", "node.session.auth.username_in", "-v", "",
                  "-n", "node.session.auth.password_in", "-v", ""}));
  s.chap = Chap{"user name", "s3cret 'with' \"quotes\" $(x)"};
  const Args args = iscsiadm_args::update_node("iscsiadm", kTarget, kPortal, s);
  const Args tail(args.end() - 16, args.end());
  // One-way CHAP: the target's credentials an earlier mutual attach left
  // go, or iscsid would demand that the target prove them.
  EXPECT_EQ(tail, (Args{"-n", "node.session.auth.authmethod", "-v", "CHAP",
                        "-n", "node.session.auth.username", "-v", "user name",
                        "-n", "node.session.auth.username_in", "-v", "",
                        "-n", "node.session.auth.password_in", "-v", ""}));
  // The password never goes on a command line (/proc/PID/cmdline).
  for (const std::string& arg : args) EXPECT_EQ(arg.find("s3cret"), std::string::npos);

  s.chap = Chap{"user name", "s3cret"};
  s.target_chap = Chap{"target name", "t4rget-secret"};
  const Args mutual = iscsiadm_args::update_node("iscsiadm", kTarget, kPortal, s);
  const Args mutual_tail(mutual.end() - 12, mutual.end());
  EXPECT_EQ(mutual_tail, (Args{"-n", "node.session.auth.authmethod", "-v", "CHAP",
                               "-n", "node.session.auth.username", "-v", "user name",
                               "-n", "node.session.auth.username_in", "-v", "target name"}));
  for (const std::string& arg : mutual) EXPECT_EQ(arg.find("secret"), std::string::npos);
}

TEST(AttachIscsiadmArgs, LoginLogoutRescan) {
  EXPECT_EQ(iscsiadm_args::login("/sbin/iscsiadm", kTarget, kPortal),
            (Args{"/sbin/iscsiadm", "-m", "node", "-T", kTarget, "-p", "127.0.10.1:3260", "--login"}));
  EXPECT_EQ(iscsiadm_args::logout("iscsiadm", 7),
            (Args{"iscsiadm", "-m", "session", "-r", "7", "--logout"}));
  EXPECT_EQ(iscsiadm_args::rescan("iscsiadm", 4294967295u),
            (Args{"iscsiadm", "-m", "session", "-r", "4294967295", "--rescan"}));
}

TEST(AttachIscsiadmArgs, OddTargetNamesStayOneArgument) {
  // The builders neither quote nor check: one element per argument, as is.
  for (const std::string odd : {"iqn.x:a b", "iqn.x:'q'\"dq\"", "iqn.x:$(reboot)", "-T",
                                "iqn.x:;rm -rf /", "iqn.x:\n-m session"}) {
    const Args args = iscsiadm_args::login("iscsiadm", odd, kPortal);
    ASSERT_EQ(args.size(), 8u);
    EXPECT_EQ(args[4], odd);
  }
}

TEST(AttachIscsiadmRun, OddTargetNameReachesIscsiadmVerbatim) {
  FakeIscsiadm fake;
  const Iscsiadm iscsiadm(fake.program());
  const std::string odd = "iqn.2003-01.org.x:it's \"odd\"; $(touch /tmp/pwned) `id` *\\";
  iscsiadm.login(odd, kPortal);
  ASSERT_EQ(fake.calls(), 1);
  EXPECT_EQ(fake.args(1), (Args{"-m", "node", "-T", odd, "-p", "127.0.10.1:3260", "--login"}));
}

TEST(AttachIscsiadmRun, EachActionRunsItsVector) {
  FakeIscsiadm fake;
  const Iscsiadm iscsiadm(fake.program());
  fake.answer(3, 0, "127.0.10.1:3260,1 " + kTarget + "\n[fe80::1]:3260,2 iqn.x:y\n");
  const auto found = iscsiadm.discover(kPortal, NodeSettings{});
  EXPECT_EQ(found, (std::vector<DiscoveredTarget>{{kPortal, 1, kTarget},
                                                  {endpoint_of("fe80::1", 3260), 2, "iqn.x:y"}}));
  iscsiadm.update_node(kTarget, kPortal, NodeSettings{});
  iscsiadm.login(kTarget, kPortal);
  iscsiadm.rescan(3);
  iscsiadm.logout(3);
  ASSERT_EQ(fake.calls(), 7);
  const Args record = iscsiadm_args::new_discovery_record("x", kPortal);
  EXPECT_EQ(fake.args(1), Args(record.begin() + 1, record.end()));
  const Args update = iscsiadm_args::update_discovery_record("x", kPortal, NodeSettings{});
  EXPECT_EQ(fake.args(2), Args(update.begin() + 1, update.end()));
  const Args discover = iscsiadm_args::discover("x", kPortal);
  EXPECT_EQ(fake.args(3), Args(discover.begin() + 1, discover.end()));
  EXPECT_EQ(fake.args(4)[7], "update");
  EXPECT_EQ(fake.args(5).back(), "--login");
  EXPECT_EQ(fake.args(6), (Args{"-m", "session", "-r", "3", "--rescan"}));
  EXPECT_EQ(fake.args(7), (Args{"-m", "session", "-r", "3", "--logout"}));
}

// A node record as discovery makes it, under a temporary nodes directory.
class AttachIscsiadmChap : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "pvfsf-nodes-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(pattern.data()));
    nodes_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(nodes_); }
  std::filesystem::path record(const std::string& portal_dir) {
    const std::filesystem::path dir = nodes_ / kTarget / portal_dir;
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "default") << "# BEGIN RECORD 2.1.8\nnode.name = " << kTarget
                                   << "\nnode.session.auth.authmethod = None\n"
                                      "node.session.auth.chap_algs = MD5\n# END RECORD\n";
    return dir / "default";
  }
  static std::string text_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::filesystem::path nodes_;
};

TEST_F(AttachIscsiadmChap, PasswordGoesIntoTheRecordNotTheArguments) {
  const std::filesystem::path ours = record("127.0.10.1,3260,1");
  const std::filesystem::path other = record("127.0.10.2,3260,1");
  FakeIscsiadm fake;
  const Iscsiadm iscsiadm(fake.program(), std::chrono::seconds(5), nodes_);
  NodeSettings s;
  s.chap = Chap{"client", "very-secret-1"};
  iscsiadm.update_node(kTarget, kPortal, s);
  ASSERT_EQ(fake.calls(), 1);
  for (const std::string& arg : fake.args(1)) EXPECT_EQ(arg.find("very-secret"), std::string::npos);
  EXPECT_EQ(text_of(ours),
            "# BEGIN RECORD 2.1.8\nnode.name = " + kTarget +
                "\nnode.session.auth.authmethod = None\nnode.session.auth.chap_algs = MD5\n"
                "node.session.auth.password = very-secret-1\n# END RECORD\n");
  EXPECT_EQ(text_of(other).find("very-secret"), std::string::npos);
  struct stat st;
  ASSERT_EQ(::stat(ours.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  // Again, with another password: the line is replaced, not added.
  s.chap->password = "other-secret-2";
  iscsiadm.update_node(kTarget, kPortal, s);
  const std::string again = text_of(ours);
  EXPECT_EQ(again.find("very-secret"), std::string::npos);
  EXPECT_NE(again.find("node.session.auth.password = other-secret-2\n# END RECORD\n"),
            std::string::npos);
}

TEST_F(AttachIscsiadmChap, MutualPasswordGoesIntoTheRecordToo) {
  const std::filesystem::path ours = record("127.0.10.1,3260,1");
  FakeIscsiadm fake;
  const Iscsiadm iscsiadm(fake.program(), std::chrono::seconds(5), nodes_);
  NodeSettings s;
  s.chap = Chap{"client", "very-secret-1"};
  s.target_chap = Chap{"target", "target-secret-2"};
  iscsiadm.update_node(kTarget, kPortal, s);
  ASSERT_EQ(fake.calls(), 1);
  for (const std::string& arg : fake.args(1)) EXPECT_EQ(arg.find("secret"), std::string::npos);
  EXPECT_EQ(text_of(ours),
            "# BEGIN RECORD 2.1.8\nnode.name = " + kTarget +
                "\nnode.session.auth.authmethod = None\nnode.session.auth.chap_algs = MD5\n"
                "node.session.auth.password = very-secret-1\n"
                "node.session.auth.password_in = target-secret-2\n# END RECORD\n");
}

TEST_F(AttachIscsiadmChap, NoRecordToHoldThePasswordIsAnError) {
  FakeIscsiadm fake;
  const Iscsiadm iscsiadm(fake.program(), std::chrono::seconds(5), nodes_);
  NodeSettings s;
  s.chap = Chap{"client", "very-secret-1"};
  try {
    iscsiadm.update_node(kTarget, kPortal, s);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "no node record of " + kTarget + " at 127.0.10.1:3260 under " +
                                         nodes_.string() + " to hold the CHAP password");
  }
}

TEST_F(AttachIscsiadmChap, RecordMadeByHandAndNotARecord) {
  const std::filesystem::path flat = nodes_ / kTarget / "127.0.10.1,3260";
  std::filesystem::create_directories(flat.parent_path());
  std::ofstream(flat) << "node.name = x\n# END RECORD\n";
  EXPECT_EQ(node_record_files(nodes_, kTarget, kPortal), std::vector<std::filesystem::path>{flat});
  set_node_record_value(flat, "node.session.auth.password", "p");
  EXPECT_EQ(text_of(flat), "node.name = x\nnode.session.auth.password = p\n# END RECORD\n");
  std::ofstream(flat) << "garbage\n";
  EXPECT_THROW(set_node_record_value(flat, "node.session.auth.password", "p"), std::runtime_error);
  // A portal whose address only begins alike is another portal.
  std::filesystem::remove(flat);
  record("127.0.10.12,3260,1");
  EXPECT_TRUE(node_record_files(nodes_, kTarget, kPortal).empty());
}

TEST(AttachIscsiadmRun, FailureCarriesStatusAndStderr) {
  FakeIscsiadm fake;
  const Iscsiadm iscsiadm(fake.program());
  // What the 6.1 guest's iscsiadm says for a sid that does not exist.
  fake.answer(1, 22, "",
              "iscsiadm: could not read session targetname: 5\n"
              "iscsiadm: Could not get session info for sid 99\n");
  try {
    iscsiadm.rescan(99);
    FAIL() << "no exception";
  } catch (const IscsiadmError& e) {
    EXPECT_EQ(e.exit_code(), 22);
    EXPECT_EQ(std::string(e.what()),
              "iscsiadm rescan of session 99: exit 22 (ISCSI_ERR_SYSFS_LOOKUP: could not lookup "
              "object in sysfs): the session is not in sysfs (logged out already?): iscsiadm: "
              "could not read session targetname: 5; iscsiadm: Could not get session info for sid 99");
  }
}

TEST(AttachIscsiadmRun, MissingIscsiadm) {
  const Iscsiadm iscsiadm("/nonexistent/iscsiadm");
  try {
    iscsiadm.logout(1);
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()), "run /nonexistent/iscsiadm: No such file or directory");
  }
}

TEST(AttachDiscovery, ParsesOutput) {
  EXPECT_EQ(parse_discovery_output("127.0.10.1:3260,1 iqn.2003-01.org.pvfsf.test:srv1\n"),
            (std::vector<DiscoveredTarget>{{kPortal, 1, "iqn.2003-01.org.pvfsf.test:srv1"}}));
  // Noise and malformed lines are skipped.
  EXPECT_EQ(parse_discovery_output("iscsiadm: something\n\n1.2.3.4:3260 iqn.x\n"
                                   "1.2.3.4:3260,x iqn.x\n1.2.3.4:3260,1 \n"
                                   "1.2.3.4:3260,1 iqn.a b\n10.0.0.1:860,7 iqn.ok"),
            (std::vector<DiscoveredTarget>{
                {Endpoint{"10.0.0.1", 860}, 7, "iqn.ok"}}));
  EXPECT_TRUE(parse_discovery_output("").empty());
}

}  // namespace
}  // namespace pvfsf::attach
