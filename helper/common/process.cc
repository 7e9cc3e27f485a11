#include "common/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "common/error.h"
#include "common/unique_fd.h"

extern char** environ;

namespace pvfsf {

namespace {

using Clock = std::chrono::steady_clock;

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnAttr {
  posix_spawnattr_t attr;
  SpawnAttr() {
    if (int rc = posix_spawnattr_init(&attr)) throw_errno(rc, "posix_spawnattr_init");
  }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
};
struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() {
    if (int rc = posix_spawn_file_actions_init(&actions))
      throw_errno(rc, "posix_spawn_file_actions_init");
  }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
};

void make_pipe(UniqueFd& read_end, UniqueFd& write_end, const std::string& what) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw_errno(errno, what + ": pipe");
  read_end = UniqueFd(fds[0]);
  write_end = UniqueFd(fds[1]);
}

}  // namespace

std::string ProcessResult::status_text() const {
  if (timed_out) return "timed out and was killed";
  if (signal) return "killed by signal " + std::to_string(signal);
  return "exited " + std::to_string(exit_status);
}

namespace {

// Spawns @argv with @actions, which make its standard input, output and
// error, and the attribute @flags besides the signal reset.
pid_t spawn(const std::vector<std::string>& argv, SpawnActions& actions, short flags) {
  if (argv.empty() || argv[0].empty()) throw_errno(EINVAL, "spawn: no program");
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // The child starts with default signal dispositions and nothing blocked,
  // whatever this process ignores (SIGPIPE) or blocks.
  SpawnAttr attr;
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr.attr, &all);
  posix_spawnattr_setsigmask(&attr.attr, &none);
  posix_spawnattr_setflags(&attr.attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | flags);

  pid_t pid;
  if (int rc = posix_spawnp(&pid, argv[0].c_str(), &actions.actions, &attr.attr,
                            args.data(), environ))
    throw_errno(rc, "run " + argv[0]);
  return pid;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          std::optional<std::chrono::milliseconds> timeout) {
  const std::string program = argv.empty() ? std::string() : argv[0];
  UniqueFd out_read, out_write, err_read, err_write;
  make_pipe(out_read, out_write, "run " + program);
  make_pipe(err_read, err_write, "run " + program);

  SpawnActions actions;
  posix_spawn_file_actions_addopen(&actions.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions.actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions.actions, err_write.get(), 2);
  const pid_t pid = spawn(argv, actions, 0);
  out_write.reset();
  err_write.reset();

  ProcessResult result;
  const bool limited = timeout.has_value();
  const Clock::time_point deadline = Clock::now() + timeout.value_or(std::chrono::milliseconds(0));
  UniqueFd* fds[2] = {&out_read, &err_read};
  std::string* sinks[2] = {&result.out, &result.err};
  bool killed = false;
  while (out_read || err_read) {
    pollfd pfds[2];
    int n = 0;
    int which[2];
    for (int i = 0; i < 2; i++)
      if (*fds[i]) {
        pfds[n] = pollfd{fds[i]->get(), POLLIN, 0};
        which[n++] = i;
      }
    int wait_ms = -1;
    if (limited && !killed) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      wait_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(left.count(), INT_MAX)));
    }
    const int ready = ::poll(pfds, n, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      throw_errno(err, "run " + program + ": poll");
    }
    if (ready == 0) {
      // Time is up: kill it and read on until its pipes close (a child
      // it left behind may hold them; that is its problem, not a hang: we
      // stop reading once the program itself is gone).
      ::kill(pid, SIGKILL);
      killed = true;
      result.timed_out = true;
      int status;
      if (::waitpid(pid, &status, 0) == pid) {
        result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        return result;
      }
      continue;
    }
    for (int k = 0; k < n; k++) {
      if (!pfds[k].revents) continue;
      char buf[4096];
      const ssize_t got = ::read(pfds[k].fd, buf, sizeof(buf));
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        fds[which[k]]->reset();
        continue;
      }
      std::string& sink = *sinks[which[k]];
      sink.append(buf, std::min(static_cast<size_t>(got), kMaxCapture - std::min(kMaxCapture, sink.size())));
    }
  }

  int status;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw_errno(errno, "run " + program + ": waitpid");
  }
  if (WIFEXITED(status)) {
    result.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

pid_t start_daemon(const std::vector<std::string>& argv, const std::string& log) {
  const UniqueFd log_fd(::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!log_fd) throw_errno(errno, "open " + log);
  SpawnActions actions;
  posix_spawn_file_actions_addopen(&actions.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions.actions, log_fd.get(), 1);
  posix_spawn_file_actions_adddup2(&actions.actions, log_fd.get(), 2);
  // A daemon keeps no directory of ours busy.
  posix_spawn_file_actions_addchdir_np(&actions.actions, "/");
  return spawn(argv, actions, POSIX_SPAWN_SETSID);
}

}  // namespace pvfsf
