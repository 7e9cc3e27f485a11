// run_process: an argument vector reaches the program as it is, output
// and status come back, a hung program is killed.  start_daemon: the
// program runs in its own session in /, its output appended to the log.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "common/process.h"

namespace pvfsf::attach {
namespace {

using namespace std::chrono_literals;

TEST(AttachProcess, CapturesOutputAndStatus) {
  const ProcessResult r =
      run_process({"sh", "-c", "echo out; echo err >&2; exit 24"});
  EXPECT_EQ(r.exit_status, 24);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(r.status_text(), "exited 24");
  EXPECT_FALSE(r.success());
}

TEST(AttachProcess, ArgumentsArriveVerbatim) {
  // printf %s\0 echoes each argument: no shell ever sees them.
  const std::vector<std::string> odd = {"a b", "'q'", "\"dq\"", "$(reboot)", "`id`", ";|&",
                                        "*", "-n", "", "\\", "new\nline"};
  std::vector<std::string> argv = {"printf", "%s\\0"};
  argv.insert(argv.end(), odd.begin(), odd.end());
  const ProcessResult r = run_process(argv);
  ASSERT_TRUE(r.success()) << r.err;
  std::string expected;
  for (const std::string& arg : odd) expected += arg + '\0';
  EXPECT_EQ(r.out, expected);
}

TEST(AttachProcess, StdinIsDevNull) {
  // Our own standard input holds data for a moment: the child must not see
  // it (iscsiadm must never wait on a terminal or eat a caller's input).
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "leak\n", 5), 5);
  ::close(fds[1]);
  const int saved = ::dup(0);
  ASSERT_GE(saved, 0);
  ::dup2(fds[0], 0);
  ::close(fds[0]);
  const ProcessResult r = run_process({"cat"});
  ::dup2(saved, 0);
  ::close(saved);
  EXPECT_TRUE(r.success());
  EXPECT_EQ(r.out, "");
}

TEST(AttachProcess, MissingProgramThrows) {
  try {
    run_process({"pvfsf-no-such-program-here"});
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOENT);
    EXPECT_EQ(std::string(e.what()), "run pvfsf-no-such-program-here: No such file or directory");
  }
}

TEST(AttachProcess, KilledBySignal) {
  const ProcessResult r = run_process({"sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(r.exit_status, -1);
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_EQ(r.status_text(), "killed by signal 15");
}

TEST(AttachProcess, TimeoutKills) {
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = run_process({"sleep", "30"}, 200ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(r.status_text(), "timed out and was killed");
}

TEST(AttachProcess, LargeOutputIsCappedNotBlocking) {
  // 2 MiB on stdout while stderr stays open: both are drained.
  const ProcessResult r = run_process({"sh", "-c", "head -c 2097152 /dev/zero; echo done >&2"});
  EXPECT_TRUE(r.success());
  EXPECT_EQ(r.out.size(), kMaxCapture);
  EXPECT_EQ(r.err, "done\n");
}

TEST(AttachProcess, StartDaemonDetachesAndAppendsToLog) {
  const std::string log = ::testing::TempDir() + "start_daemon.log";
  std::ofstream(log) << "before\n";
  const pid_t pid = start_daemon({"sh", "-c", "pwd; echo err >&2"}, log);
  // Not reaped yet, so its session is still there to read.
  EXPECT_EQ(::getsid(pid), pid);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::ostringstream text;
  text << std::ifstream(log).rdbuf();
  EXPECT_EQ(text.str(), "before\n/\nerr\n");
}

TEST(AttachProcess, StartDaemonMissingProgramThrows) {
  try {
    start_daemon({"pvfsf-no-such-program-here"}, ::testing::TempDir() + "start_daemon.log");
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOENT);
  }
}

}  // namespace
}  // namespace pvfsf::attach
