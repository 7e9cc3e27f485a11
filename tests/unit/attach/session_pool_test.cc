// ensure_session: reuse a logged-in session, log in only when none is
// there, and say which, so that a rollback undoes only our own login.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "attach/session_pool.h"
#include "common/error.h"
#include "fake_iscsiadm.h"
#include "fake_sysfs.h"

namespace pvfsf::attach {
namespace {

using Args = std::vector<std::string>;
using test::FakeIscsiadm;
using test::FakeSysfs;

const std::string kTarget = "iqn.2003-01.org.pvfsf.test:srv1";
const Endpoint kPortal{"127.0.10.1", 3260};

IscsiSession session(uint32_t sid, const std::string& target, Endpoint portal,
                     const std::string& state = "LOGGED_IN") {
  IscsiSession s;
  s.sid = sid;
  s.target = target;
  s.persistent_portal = portal;
  s.address = portal;
  s.state = state;
  return s;
}

// The sessions the pool sees, and how often it looked.
struct Sessions {
  std::vector<std::vector<IscsiSession>> answers;  // one per call, last repeats
  int calls = 0;
  SessionPool::Lister lister() {
    return [this] {
      const size_t i = std::min(static_cast<size_t>(calls++), answers.size() - 1);
      return answers[i];
    };
  }
};

TEST(AttachSessionPool, ReusesALoggedInSession) {
  FakeIscsiadm fake;
  Sessions sessions{{{session(3, "iqn.other:x", kPortal), session(5, kTarget, {"127.0.10.1", 3260})}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  const EnsuredSession s = pool.ensure_session(kTarget, {"127.0.10.1", 3260}, NodeSettings{});
  EXPECT_EQ(s.sid, 5u);
  EXPECT_FALSE(s.logged_in);
  EXPECT_EQ(fake.calls(), 0);  // iscsiadm not run at all
  // Rolling back a reused session does nothing.
  pool.rollback(s);
  EXPECT_EQ(fake.calls(), 0);
}

TEST(AttachSessionPool, SamePortalOtherPortIsAnotherSession) {
  FakeIscsiadm fake;
  fake.answer(3, 0, "127.0.10.1:3261,1 " + kTarget + "\n");
  Sessions sessions{{{session(5, kTarget, kPortal)}, {session(5, kTarget, kPortal), session(6, kTarget, {"127.0.10.1", 3261})}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  const EnsuredSession s = pool.ensure_session(kTarget, {"127.0.10.1", 3261}, NodeSettings{});
  EXPECT_EQ(s.sid, 6u);
  EXPECT_TRUE(s.logged_in);
}

TEST(AttachSessionPool, LogsInWhenNoSession) {
  FakeIscsiadm fake;
  fake.answer(3, 0, "127.0.10.1:3260,1 " + kTarget + "\n127.0.10.1:3260,1 iqn.other:y\n");
  Sessions sessions{{{}, {session(9, kTarget, kPortal)}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  NodeSettings settings;
  settings.replacement_timeout = 7;
  const EnsuredSession s = pool.ensure_session(kTarget, kPortal, settings);
  EXPECT_EQ(s.sid, 9u);
  EXPECT_TRUE(s.logged_in);
  ASSERT_EQ(fake.calls(), 5);
  // The discovery record's timeouts are those of the login.
  EXPECT_EQ(fake.args(2), (Args{"-m", "discoverydb", "-t", "sendtargets", "-p", "127.0.10.1:3260",
                                "-o", "update",
                                "-n", "discovery.sendtargets.timeo.login_timeout", "-v", "15",
                                "-n", "discovery.sendtargets.reopen_max", "-v", "1"}));
  EXPECT_EQ(fake.args(3), (Args{"-m", "discoverydb", "-t", "sendtargets", "-p", "127.0.10.1:3260",
                                "--discover", "-o", "new"}));
  const Args update = fake.args(4);
  EXPECT_EQ(Args(update.begin(), update.begin() + 8),
            (Args{"-m", "node", "-T", kTarget, "-p", "127.0.10.1:3260", "-o", "update"}));
  EXPECT_EQ(update[13], "node.session.timeo.replacement_timeout");
  EXPECT_EQ(update[15], "7");
  EXPECT_EQ(fake.args(5), (Args{"-m", "node", "-T", kTarget, "-p", "127.0.10.1:3260", "--login"}));
}

TEST(AttachSessionPool, BeforeLoginRunsJustBeforeTheLoginOnly) {
  FakeIscsiadm fake;
  fake.answer(3, 0, "127.0.10.1:3260,1 " + kTarget + "\n");
  Sessions sessions{{{}, {session(9, kTarget, kPortal)}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  // Where pvfs-stripe-attach records the session as its own: after the
  // discovery and the node update, before iscsiadm --login.
  std::vector<int> calls_then;
  pool.ensure_session(kTarget, kPortal, NodeSettings{}, [&] { calls_then.push_back(fake.calls()); });
  EXPECT_EQ(calls_then, std::vector<int>{4});
  EXPECT_EQ(fake.calls(), 5);
  // A session that is there already is reused: no login, no record.
  pool.ensure_session(kTarget, kPortal, NodeSettings{}, [&] { calls_then.push_back(fake.calls()); });
  EXPECT_EQ(calls_then, std::vector<int>{4});
}

TEST(AttachSessionPool, RollbackLogsOutOnlyItsOwnLogin) {
  FakeIscsiadm fake;
  fake.answer(3, 0, "127.0.10.1:3260,1 " + kTarget + "\n");
  Sessions sessions{{{}, {session(9, kTarget, kPortal)}}};
  FakeSysfs sysfs;  // session 9 has no disks: nothing holds it
  SessionPool pool(Iscsiadm(fake.program()), Sysfs(sysfs.root()), sessions.lister());
  const EnsuredSession s = pool.ensure_session(kTarget, kPortal, NodeSettings{});
  pool.rollback(s);
  ASSERT_EQ(fake.calls(), 6);
  EXPECT_EQ(fake.args(6), (Args{"-m", "session", "-r", "9", "--logout"}));
}

TEST(AttachSessionPool, RollbackRefusesAHeldSession) {
  FakeIscsiadm fake;
  FakeSysfs sysfs;
  // Session 9's disk sdc is held by pvfsf0 (as pvfsf.ko links its members).
  sysfs.link("class/iscsi_session/session9", "../../devices/platform/host4/session9/iscsi_session/session9");
  sysfs.link("devices/platform/host4/session9/iscsi_session/session9/device", "../../../session9");
  sysfs.dir("devices/platform/host4/session9/target4:0:0/4:0:0:1/block/sdc/holders/pvfsf0");
  sysfs.link("block/sdc", "../devices/platform/host4/session9/target4:0:0/4:0:0:1/block/sdc");
  SessionPool pool(Iscsiadm(fake.program()), Sysfs(sysfs.root()), [] { return std::vector<IscsiSession>{}; });
  const EnsuredSession s{9, true, kTarget, kPortal};
  try {
    pool.rollback(s);
    FAIL() << "no exception";
  } catch (const SessionError& e) {
    EXPECT_EQ(std::string(e.what()),
              "not logging out session 9 to " + kTarget +
                  " at 127.0.10.1:3260: its disks are in use: sdc (held by pvfsf0)");
  }
  EXPECT_EQ(fake.calls(), 0);
}

TEST(AttachSessionPool, LostLoginRaceReusesTheWinner) {
  FakeIscsiadm fake;
  fake.answer(3, 0, "127.0.10.1:3260,1 " + kTarget + "\n");
  fake.answer(5, 15, "", "iscsiadm: default: 1 session requested, but 1 already present.\n");
  Sessions sessions{{{}, {session(4, kTarget, kPortal)}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  const EnsuredSession s = pool.ensure_session(kTarget, kPortal, NodeSettings{});
  EXPECT_EQ(s.sid, 4u);
  EXPECT_FALSE(s.logged_in);  // someone else's: our rollback leaves it
  EXPECT_EQ(fake.calls(), 5);
}

TEST(AttachSessionPool, LoginFailureIsReported) {
  FakeIscsiadm fake;
  fake.answer(3, 0, "127.0.10.1:3260,1 " + kTarget + "\n");
  fake.answer(5, 24, "", "iscsiadm: Could not log into all portals\n");
  Sessions sessions{{{}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  try {
    pool.ensure_session(kTarget, kPortal, NodeSettings{});
    FAIL() << "no exception";
  } catch (const IscsiadmError& e) {
    EXPECT_EQ(e.exit_code(), 24);
    EXPECT_NE(std::string(e.what()).find("iscsiadm login to " + kTarget + " at 127.0.10.1:3260: exit 24 "
                                         "(ISCSI_ERR_LOGIN_AUTH_FAILED"),
              std::string::npos)
        << e.what();
  }
}

TEST(AttachSessionPool, RefusesATargetThePortalDoesNotOffer) {
  FakeIscsiadm fake;
  // LIO lists every target it has, at their own portals.
  fake.answer(3, 0, "127.0.10.1:3260,1 iqn.other:a\n127.0.10.2:3260,1 " + kTarget + "\n");
  Sessions sessions{{{}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  try {
    pool.ensure_session(kTarget, kPortal, NodeSettings{});
    FAIL() << "no exception";
  } catch (const SessionError& e) {
    EXPECT_EQ(std::string(e.what()), "the portal 127.0.10.1:3260 does not offer the target " + kTarget +
                                         " (it offers iqn.other:a at 127.0.10.1:3260, " + kTarget + " at 127.0.10.2:3260)");
  }
  EXPECT_EQ(fake.calls(), 3);  // no update, no login
}

TEST(AttachSessionPool, RefusesAFailedSession) {
  FakeIscsiadm fake;
  Sessions sessions{{{session(2, kTarget, kPortal, "FAILED")}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  try {
    pool.ensure_session(kTarget, kPortal, NodeSettings{});
    FAIL() << "no exception";
  } catch (const SessionError& e) {
    EXPECT_EQ(std::string(e.what()), "session 2 to " + kTarget +
                                         " at 127.0.10.1:3260 is FAILED, not LOGGED_IN: wait for its "
                                         "recovery or log it out");
  }
  EXPECT_EQ(fake.calls(), 0);
}

TEST(AttachSessionPool, RefusesABadTargetNameBeforeAnything) {
  FakeIscsiadm fake;
  Sessions sessions{{{}}};
  SessionPool pool(Iscsiadm(fake.program()), Sysfs("/nonexistent"), sessions.lister());
  EXPECT_THROW(pool.ensure_session("iqn.x:$(reboot)", kPortal, NodeSettings{}), UsageError);
  EXPECT_EQ(sessions.calls, 0);
  EXPECT_EQ(fake.calls(), 0);
}

TEST(AttachSessionPool, FindSessionByTargetAndPortal) {
  const std::vector<IscsiSession> all = {session(7, kTarget, endpoint_of("::1", 3260)),
                                         session(3, kTarget, endpoint_of("0:0::1", 3260)),
                                         session(2, kTarget, {"127.0.10.2", 3260})};
  auto s = find_iscsi_session(all, kTarget, endpoint_of("::1", 3260));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->sid, 3u);  // the lowest of the two to the same endpoint
  EXPECT_FALSE(find_iscsi_session(all, kTarget, {"127.0.10.1", 3260}));
  EXPECT_FALSE(find_iscsi_session(all, "iqn.other:x", {"::1", 3260}));
}

}  // namespace
}  // namespace pvfsf::attach
