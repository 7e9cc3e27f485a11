#include "attach/session_use.h"

#include <chrono>

#include "common/server_address.h"

namespace pvfsf::attach {

namespace {

UniqueFd lock(const RunState& state, const SessionRecord& record, LockMode how,
              RunState::Deadline deadline) {
  const auto start = std::chrono::steady_clock::now();
  auto held = state.lock_session(record, how, deadline);
  if (!held)
    throw SessionError(
        "another attach still logs in to it, or logs it out, after " +
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::steady_clock::now() - start)
                           .count()) +
        " s");
  return std::move(*held);
}

}  // namespace

UsedSession use_session(SessionPool& pool, const RunState& state,
                        const SessionRecord& record,
                        const NodeSettings& settings,
                        RunState::Deadline deadline) {
  // The target names a lock file: no '/' in it.
  check_iqn(record.target, "target name");
  // Step 1.
  UsedSession used{{}, record, lock(state, record, LockMode::kShared, deadline)};
  if (const auto session = pool.find(record.target, record.portal);
      session && session->logged_in()) {
    used.session = {session->sid, false, record.target, record.portal};
    return used;
  }
  // Step 2: flock(2) cannot turn a shared lock exclusive atomically.
  used.lock.reset();
  used.lock = lock(state, record, LockMode::kExclusive, deadline);
  bool recorded = false;
  try {
    used.session = pool.ensure_session(record.target, record.portal, settings,
                                       [&] {
                                         state.add_session(record);
                                         recorded = true;
                                       });
  } catch (...) {
    if (recorded && !pool.find(record.target, record.portal)) {
      try {
        state.remove_session(record);
      } catch (const std::exception&) {
        // Kept: logout --idle drops a record without a session.
      }
    }
    throw;
  }
  if (recorded && !used.session.logged_in) state.remove_session(record);
  // Step 3.  Never refused: no one else holds a lock we hold exclusive.
  relock_file(used.lock, LockMode::kShared);
  return used;
}

void undo_login(SessionPool& pool, const RunState& state, UsedSession& used) {
  if (!used.session.logged_in) return;
  if (!relock_file(used.lock, LockMode::kExclusive)) return;
  pool.rollback(used.session);
  state.remove_session(used.record);
}

}  // namespace pvfsf::attach
