// How pvfs-stripe-attach fails: one line that names the server and the
// datafile handle concerned, and an exit code for each kind of failure, so
// that the pvfs2 client (or a script) can tell a server that is down from a
// disk that is wrong.  docs/pvfs-stripe-attach.8.md lists them.
#ifndef PVFSF_HELPER_ATTACH_ATTACH_ERROR_H
#define PVFSF_HELPER_ATTACH_ATTACH_ERROR_H

#include <cstdint>
#include <stdexcept>
#include <string>

namespace pvfsf::attach {

// 0, 1 and 2 are every tool's (cli/command.h): done, failed, bad usage.
enum AttachExit : int {
  kExitNoModule = 3,     // no /dev/pvfsf-control: pvfsf.ko is not loaded
  kExitServer = 4,       // an export service is unreachable or refused
  kExitIscsi = 5,        // iSCSI discovery or login failed
  kExitTimeout = 6,      // a member disk did not appear in time
  kExitBadMember = 7,    // a disk is not the datafile it should be
  kExitBusy = 8,         // the device is open
  kExitNotAttached = 9,  // no device, no record for that file
};

class AttachError : public std::runtime_error {
 public:
  AttachError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// "server2 (handle 1234)": how messages name a datafile.
std::string datafile_name(const std::string& server, uint64_t handle);

}  // namespace pvfsf::attach

#endif
