// main() of a pvfsf tool: "TOOL COMMAND [options] [arguments]", the
// overview and each command's --help, and one way of turning what a command
// threw into a message on standard error and an exit code:
//
//   usage errors (UsageError, po::error)  "TOOL COMMAND: msg" + "Try ..."  2
//   anything else                         "TOOL COMMAND: msg"  exit_code(e)
//
// int main(int argc, char** argv) { return run_program(kProgram, argc, argv); }
#ifndef PVFSF_HELPER_CLI_PROGRAM_H
#define PVFSF_HELPER_CLI_PROGRAM_H

#include <exception>

namespace pvfsf::cli {

struct Program {
  const char* name;         // "pvfsf-ctl"
  const char* summary;      // one line under the overview's usage line
  const char* exit_status;  // "0 done, 1 failed, 2 bad usage."
  // The exit code of a failure that is not a usage error; nullptr: always
  // kExitFailed.  Returning kExitUsage adds the "Try ... --help" line.
  int (*exit_code)(const std::exception& e) = nullptr;
};

int run_program(const Program& program, int argc, char** argv);

}  // namespace pvfsf::cli

#endif
