// Running a program with an argument vector: posix_spawnp, no shell, so an
// argument is passed as it is, whatever it holds.  Standard input is
// /dev/null; standard output and error are captured.
#ifndef PVFSF_HELPER_COMMON_PROCESS_H
#define PVFSF_HELPER_COMMON_PROCESS_H

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

}  // namespace pvfsf

#endif
