// Running a program with an argument vector: posix_spawnp, no shell, so an
// argument is passed as it is, whatever it holds.  Standard input is
// /dev/null; the program starts with default signal dispositions and
// nothing blocked.  run_process waits for it and captures its output;
// start_daemon leaves it running on its own.
#ifndef PVFSF_HELPER_COMMON_PROCESS_H
#define PVFSF_HELPER_COMMON_PROCESS_H

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pvfsf {

struct ProcessResult {
  int exit_status = -1;  // the exit status, -1 if a signal ended it
  int signal = 0;        // the signal that ended it, 0 if it exited
  bool timed_out = false;  // killed (SIGKILL) when the time limit passed
  std::string out;       // standard output, at most kMaxCapture bytes
  std::string err;       // standard error, at most kMaxCapture bytes
  bool success() const { return exit_status == 0; }
  // "exited 24", "killed by signal 9", "timed out after 30 s and was
  // killed".
  std::string status_text() const;
};

// Output beyond this is read and dropped.
constexpr size_t kMaxCapture = 1 << 20;

// Runs argv[0] (looked up in PATH unless it holds a '/') with @argv, waits
// for it and returns what it did.  With a @timeout, the program gets
// SIGKILL when it has not ended by then.  Throws system_error if it cannot
// be started (ENOENT: no such program).
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::optional<std::chrono::milliseconds> timeout = std::nullopt);

// Starts @argv (looked up as run_process does) as a daemon: its own session
// and process group (setsid), standard output and error appended to @log
// (created 0644 if missing), working directory /.  Does not wait: returns
// its pid, a child of this process until this process exits.  Throws
// system_error if it cannot be started.
pid_t start_daemon(const std::vector<std::string>& argv, const std::string& log);

}  // namespace pvfsf

#endif
