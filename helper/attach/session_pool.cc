#include "attach/session_pool.h"

#include <filesystem>

namespace pvfsf::attach {

namespace fs = std::filesystem;

namespace {

std::string where(const std::string& target, const Endpoint& portal) {
  return target + " at " + portal.text();
}

}  // namespace

std::vector<std::string> held_session_disks(const Sysfs& sysfs, uint32_t sid) {
  std::vector<std::string> held;
  for (const std::string& disk : iscsi_session_disks(sysfs, sid)) {
    std::error_code ec;
    std::string holders;
    for (const auto& entry : fs::directory_iterator(sysfs.path("block") / disk / "holders", ec))
      holders += (holders.empty() ? "" : ", ") + entry.path().filename().string();
    if (!holders.empty()) held.push_back(disk + " (held by " + holders + ")");
  }
  return held;
}

SessionPool::SessionPool(Iscsiadm iscsiadm, Sysfs sysfs, Lister list)
    : iscsiadm_(std::move(iscsiadm)), sysfs_(std::move(sysfs)), list_(std::move(list)) {
  if (!list_) list_ = [sysfs = sysfs_] { return list_iscsi_sessions(sysfs); };
}

EnsuredSession SessionPool::ensure_session(const std::string& target, const Endpoint& portal,
                                           const NodeSettings& settings,
                                           const std::function<void()>& before_login) {
  check_iqn(target, "target name");
  EnsuredSession ensured{0, false, target, portal};

  // Step 1: a session there already?
  const auto usable = [&](const IscsiSession& session) {
    if (!session.logged_in())
      throw SessionError("session " + std::to_string(session.sid) + " to " +
                         where(target, portal) + " is " +
                         (session.state.empty() ? "gone" : session.state) +
                         ", not LOGGED_IN: wait for its recovery or log it out");
    ensured.sid = session.sid;
    return ensured;
  };
  if (auto session = find_iscsi_session(list_(), target, portal)) return usable(*session);

  // Step 2: the node record, and proof that the portal offers the target
  // there (SendTargets may list other portals' targets too: LIO does).
  const std::vector<DiscoveredTarget> offered = iscsiadm_.discover(portal, settings);
  bool offers = false;
  std::string names;
  for (const DiscoveredTarget& t : offered) {
    offers = offers || (t.target == target && t.portal == portal);
    names += (names.empty() ? "" : ", ") + where(t.target, t.portal);
  }
  if (!offers)
    throw SessionError("the portal " + portal.text() + " does not offer the target " + target +
                       (names.empty() ? " (it offers none)" : " (it offers " + names + ")"));

  // Step 3: our settings, for this login and any later one.
  iscsiadm_.update_node(target, portal, settings);

  // Step 4: log in, unless someone else just did.
  if (before_login) before_login();
  bool raced = false;
  try {
    iscsiadm_.login(target, portal);
  } catch (const IscsiadmError& e) {
    if (e.exit_code() != kIscsiErrSessExists) throw;
    raced = true;
  }

  // Step 5: which session that is.
  auto session = find_iscsi_session(list_(), target, portal);
  if (!session)
    throw SessionError("iscsiadm logged in to " + where(target, portal) +
                       " but no session to it is listed");
  if (raced) return usable(*session);
  ensured.sid = session->sid;
  ensured.logged_in = true;
  return ensured;
}

std::optional<IscsiSession> SessionPool::find(const std::string& target,
                                              const Endpoint& portal) const {
  return find_iscsi_session(list_(), target, portal);
}

void SessionPool::rollback(const EnsuredSession& session) {
  if (!session.logged_in) return;
  const std::vector<std::string> held = held_session_disks(sysfs_, session.sid);
  if (!held.empty()) {
    std::string list;
    for (const std::string& disk : held) list += (list.empty() ? "" : ", ") + disk;
    throw SessionError("not logging out session " + std::to_string(session.sid) + " to " +
                       where(session.target, session.portal) + ": its disks are in use: " + list);
  }
  iscsiadm_.logout(session.sid);
}

}  // namespace pvfsf::attach
