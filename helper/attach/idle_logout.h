// logout --idle: ends the iSCSI sessions this tool logged in that no device
// uses any more.  A session someone else made is never touched, and one
// with a disk that something holds (a pvfsf device, dm, md), or that an
// attach under way holds the lock of (session_use.h), stays.
#ifndef PVFSF_HELPER_ATTACH_IDLE_LOGOUT_H
#define PVFSF_HELPER_ATTACH_IDLE_LOGOUT_H

#include <string>
#include <vector>

#include "attach/attach_context.h"

namespace pvfsf::attach {

struct LogoutReport {
  std::vector<std::string> logged_out;  // "session 3 (IQN at PORTAL)"
  // "session 4 (...): sdb (held by pvfsf0)", "session to IQN at PORTAL:
  // an attach uses it"
  std::vector<std::string> in_use;
};

// Throws AttachError kExitIscsi if a logout fails (after trying the rest).
LogoutReport logout_idle_sessions(AttachContext& context);

}  // namespace pvfsf::attach

#endif
