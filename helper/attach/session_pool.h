// One session per data server, shared by every file attached from it.
// ensure_session() reuses the session to (target, portal) when one is logged
// in and logs in only otherwise, and says which it did, so that a failed
// attach rolls back only what it did itself:
//
//   1. List the sessions (libopeniscsiusr).  One to the target at the portal
//      that is LOGGED_IN: use it, logged_in = false.  One in another state
//      (FAILED: its connection is being recovered): refuse, do not pile a
//      second login on it.
//   2. Discovery at the portal ("-o new": adds records, touches no existing
//      one), with our timeouts; the target must be among those it returns,
//      at that portal.
//   3. Write our node settings into the record (startup manual, timeouts,
//      CHAP).
//   4. The caller's before_login (pvfs-stripe-attach records the session
//      as its own there), then log in.  Exit 15 (a session exists) means
//      someone else won the race: list again and use that session,
//      logged_in = false.
//   5. List again: the new session's sid, logged_in = true.
//
// Concurrent attaches of files of one server are safe against double
// logins (step 4), but one attach's rollback could log out a session
// another has just started to use: pvfs-stripe-attach holds the session's
// lock (session_use.h) from step 1 until its device holds the disks, and
// rollback() refuses a session whose disks are held.
#ifndef PVFSF_HELPER_ATTACH_SESSION_POOL_H
#define PVFSF_HELPER_ATTACH_SESSION_POOL_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "attach/iscsi_sessions.h"
#include "attach/iscsiadm.h"
#include "attach/scsi_disk.h"

namespace pvfsf::attach {

struct EnsuredSession {
  uint32_t sid = 0;
  bool logged_in = false;  // this call logged it in: roll back with logout
  std::string target;
  Endpoint portal;
};

// Why a session cannot be used or released.
class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The disks of session @sid that something holds: a stacked device in
// their holders/ (pvfsfN, dm-N), named "sdb (held by pvfsf0)".  Empty if
// none is held.
std::vector<std::string> held_session_disks(const Sysfs& sysfs, uint32_t sid);

class SessionPool {
 public:
  using Lister = std::function<std::vector<IscsiSession>()>;

  // @list defaults to list_iscsi_sessions(@sysfs); tests pass their own.
  explicit SessionPool(Iscsiadm iscsiadm, Sysfs sysfs = Sysfs(), Lister list = nullptr);

  // Steps 1-5 above.  Checks @target (check_iqn) first.  Throws
  // UsageError, SessionError, IscsiadmError.
  EnsuredSession ensure_session(const std::string& target, const Endpoint& portal,
                                const NodeSettings& settings,
                                const std::function<void()>& before_login = {});

  // The session to @target at @portal, if there is one.
  std::optional<IscsiSession> find(const std::string& target,
                                   const Endpoint& portal) const;

  // Undo ensure_session: log out the session if this process logged it in
  // (logged_in), else nothing.  Refuses (SessionError, nothing done) while
  // a disk of the session is held.
  void rollback(const EnsuredSession& session);

  const Iscsiadm& iscsiadm() const { return iscsiadm_; }

 private:
  Iscsiadm iscsiadm_;
  Sysfs sysfs_;
  Lister list_;
};

}  // namespace pvfsf::attach

#endif
