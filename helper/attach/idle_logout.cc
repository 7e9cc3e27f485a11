#include "attach/idle_logout.h"

#include <chrono>

#include "attach/attach_error.h"
#include "attach/iscsi_sessions.h"
#include "attach/session_pool.h"

namespace pvfsf::attach {

LogoutReport logout_idle_sessions(AttachContext& context) {
  LogoutReport report;
  unsigned failed = 0;
  for (const SessionRecord& record : context.state.sessions()) {
    const std::string where = record.target + " at " + record.portal.text();
    // Not at once: an attach logs in to it or uses it (session_use.h).
    const auto lock = context.state.lock_session(
        record, LockMode::kExclusive, std::chrono::steady_clock::now());
    if (!lock) {
      report.in_use.push_back("session to " + where + ": an attach uses it");
      continue;
    }
    const auto session = find_iscsi_session(list_iscsi_sessions(context.sysfs),
                                            record.target, record.portal);
    if (!session) {  // ended by someone else, or its login never made it
      context.state.remove_session(record);
      continue;
    }
    const std::string name =
        "session " + std::to_string(session->sid) + " (" + where + ")";
    const std::vector<std::string> held =
        held_session_disks(context.sysfs, session->sid);
    if (!held.empty()) {
      std::string disks;
      for (const std::string& disk : held)
        disks += (disks.empty() ? "" : ", ") + disk;
      report.in_use.push_back(name + ": " + disks);
      continue;
    }
    try {
      context.iscsiadm.logout(session->sid);
    } catch (const std::exception& e) {
      *context.log << context.program << " logout: " << name << ": " << e.what()
                   << std::endl;
      failed++;
      continue;
    }
    context.state.remove_session(record);
    report.logged_out.push_back(name);
  }
  if (failed)
    throw AttachError(kExitIscsi, std::to_string(failed) + " logout(s) failed");
  return report;
}

}  // namespace pvfsf::attach
