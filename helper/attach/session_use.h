// An attach's use of the iSCSI session to one server, under that session's
// lock (run_state.h), so that attaches of different files share a session
// and nothing logs it out under them:
//
//   1. The lock, shared, waited for until the attach's deadline.  A session
//      that is logged in is used as it is, the lock kept shared.
//   2. Otherwise the lock, exclusive (so one attach at a time logs in), and
//      SessionPool::ensure_session().  A login is recorded in sessions.json
//      before iscsiadm logs in, so that the session of an attach killed
//      during its login is known to `logout --idle`; a login that made no
//      session of ours (it failed, or someone else's won) drops the record
//      again.
//   3. The lock stays shared for as long as the attach runs: other attaches
//      use the session too, while `logout --idle` and another attach's
//      rollback, which log out only with the lock exclusive, leave it.
//
// undo_login(), the rollback of a login of step 2, logs out only if it gets
// the lock exclusive at once; otherwise another attach uses the session,
// which stays recorded, for `logout --idle`.
#ifndef PVFSF_HELPER_ATTACH_SESSION_USE_H
#define PVFSF_HELPER_ATTACH_SESSION_USE_H

#include <stdexcept>
#include <string>

#include "attach/run_state.h"
#include "attach/session_pool.h"
#include "common/unique_fd.h"

namespace pvfsf::attach {

struct UsedSession {
  EnsuredSession session;
  SessionRecord record;
  UniqueFd lock;  // shared once use_session() returns
};

// Steps 1-3.  Throws SessionError (also when the lock is still held at
// @deadline), UsageError, IscsiadmError.
UsedSession use_session(SessionPool& pool, const RunState& state,
                        const SessionRecord& record,
                        const NodeSettings& settings,
                        RunState::Deadline deadline);

// Throws SessionError (a disk of the session is held), IscsiadmError.
void undo_login(SessionPool& pool, const RunState& state, UsedSession& used);

}  // namespace pvfsf::attach

#endif
