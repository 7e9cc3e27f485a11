#include "attach/iscsiadm.h"

#include <algorithm>
#include <array>

#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf::attach {

namespace {

// iscsiadm(8), EXIT STATUS, in order of value.
constexpr std::array<IscsiadmExitInfo, 33> kExits = {{
    {"ISCSI_SUCCESS", "command executed successfully"},
    {"ISCSI_ERR", "generic error code"},
    {"ISCSI_ERR_SESS_NOT_FOUND", "session could not be found"},
    {"ISCSI_ERR_NOMEM", "could not allocate resource for operation"},
    {"ISCSI_ERR_TRANS", "connect problem caused operation to fail"},
    {"ISCSI_ERR_LOGIN", "generic iSCSI login failure"},
    {"ISCSI_ERR_IDBM", "error accessing/managing iSCSI DB"},
    {"ISCSI_ERR_INVAL", "invalid argument"},
    {"ISCSI_ERR_TRANS_TIMEOUT", "connection timer expired while trying to connect"},
    {"ISCSI_ERR_INTERNAL", "generic internal iscsid/kernel failure"},
    {"ISCSI_ERR_LOGOUT", "iSCSI logout failed"},
    {"ISCSI_ERR_PDU_TIMEOUT", "iSCSI PDU timed out"},
    {"ISCSI_ERR_TRANS_NOT_FOUND", "iSCSI transport module not loaded in kernel or iscsid"},
    {"ISCSI_ERR_ACCESS", "did not have proper OS permissions to access iscsid or execute iscsiadm command"},
    {"ISCSI_ERR_TRANS_CAPS", "transport module did not support operation"},
    {"ISCSI_ERR_SESS_EXISTS", "session is logged in"},
    {"ISCSI_ERR_INVALID_MGMT_REQ", "invalid IPC MGMT request"},
    {"ISCSI_ERR_ISNS_UNAVAILABLE", "iSNS service is not supported"},
    {"ISCSI_ERR_ISCSID_COMM_ERR", "a read/write to iscsid failed"},
    {"ISCSI_ERR_FATAL_LOGIN", "fatal iSCSI login error"},
    {"ISCSI_ERR_ISCSID_NOTCONN", "could not connect to iscsid"},
    {"ISCSI_ERR_NO_OBJS_FOUND", "no records/targets/sessions/portals found to execute operation on"},
    {"ISCSI_ERR_SYSFS_LOOKUP", "could not lookup object in sysfs"},
    {"ISCSI_ERR_HOST_NOT_FOUND", "could not lookup host"},
    {"ISCSI_ERR_LOGIN_AUTH_FAILED", "login failed due to authorization failure"},
    {"ISCSI_ERR_ISNS_QUERY", "iSNS query failure"},
    {"ISCSI_ERR_ISNS_REG_FAILED", "iSNS registration/deregistration failed"},
    {"ISCSI_ERR_OP_NOT_SUPP", "operation not support"},
    {"ISCSI_ERR_BUSY", "device or resource in use"},
    {"ISCSI_ERR_AGAIN", "operation failed, but retrying later may succeed"},
    {"ISCSI_ERR_UNKNOWN_DISCOVERY_TYPE", "unknown discovery type"},
    {"ISCSI_ERR_CHILD_TERMINATED", "child process terminated"},
    {"ISCSI_ERR_SESSION_NOT_CONNECTED", "session likely not connected"},
}};

// What the codes an attach meets mean for it, beyond iscsiadm's words.
const char* hint(int code) {
  switch (code) {
    case 2: return "no such session";
    case 4: return "could not connect to the portal";
    case 5: return "the target refused the login";
    case 8: return "connecting to the portal timed out";
    case 12: return "the iscsi_tcp module is not loaded";
    case 13: return "not permitted (run as root)";
    case 15: return "a session to this target and portal is logged in already";
    case 18:
    case 20: return "iscsid is not running or not answering";
    case 19: return "the login failed for good (no such target, this initiator is not allowed, or CHAP the two sides do not share: ours to a target without it, or, with mutual CHAP, a target that did not answer with chap_username_in and chap_password_in)";
    case 21: return "no node record, target or session matched (no discovery yet, or nothing at that portal)";
    case 22: return "the session is not in sysfs (logged out already?)";
    case 24: return "the target refused our CHAP credentials, or wants CHAP and none is configured";
    case 28: return "busy: a disk of the session is in use";
    default: return "";
  }
}

// Standard error on one line: its non-blank lines joined by "; ".
std::string one_line(const std::string& text, size_t max = 400) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) out += (out.empty() ? "" : "; ") + line;
    start = end + 1;
  }
  if (out.size() > max) out = out.substr(0, max) + "...";
  return out;
}

std::string status_of(const ProcessResult& result) {
  if (result.exit_status >= 0) return describe_iscsiadm_exit(result.exit_status);
  return result.status_text();
}

std::string message(const std::string& action, const ProcessResult& result) {
  std::string text = action + ": " + status_of(result);
  if (result.exit_status > 0)
    if (const char* h = hint(result.exit_status); *h) text += ": " + std::string(h);
  if (const std::string err = one_line(result.err); !err.empty()) text += ": " + err;
  return text;
}

std::string on(const std::string& target, const Endpoint& portal) {
  return target + " at " + portal.text();
}

}  // namespace

std::optional<IscsiadmExitInfo> iscsiadm_exit_info(int code) {
  if (code < 0 || static_cast<size_t>(code) >= kExits.size()) return std::nullopt;
  return kExits[static_cast<size_t>(code)];
}

std::string describe_iscsiadm_exit(int code) {
  const auto info = iscsiadm_exit_info(code);
  if (!info) return "exit " + std::to_string(code) + " (not documented)";
  return "exit " + std::to_string(code) + " (" + info->name + ": " + info->meaning + ")";
}

IscsiadmError::IscsiadmError(const std::string& action, const ProcessResult& result)
    : std::runtime_error(message(action, result)),
      exit_code_(result.exit_status),
      stderr_(result.err) {}

std::vector<std::pair<std::string, std::string>> node_setting_pairs(const NodeSettings& s) {
  std::vector<std::pair<std::string, std::string>> pairs = {
      {"node.startup", "manual"},
      {"node.session.timeo.replacement_timeout", std::to_string(s.replacement_timeout)},
      {"node.conn[0].timeo.login_timeout", std::to_string(s.login_timeout)},
      {"node.session.initial_login_retry_max", std::to_string(s.login_retry_max)},
  };
  if (s.chap) {
    pairs.emplace_back("node.session.auth.authmethod", "CHAP");
    pairs.emplace_back("node.session.auth.username", s.chap->username);
    // Without mutual CHAP no target credentials may linger: iscsid would
    // demand that the target prove them.
    pairs.emplace_back("node.session.auth.username_in",
                       s.target_chap ? s.target_chap->username : "");
    if (!s.target_chap)
      pairs.emplace_back("node.session.auth.password_in", "");
  } else {
    // iscsid offers CHAP whenever the record holds a user name or a
    // password, whatever authmethod says: the ones an earlier attach with
    // CHAP left must go, or a target without CHAP refuses the login.
    pairs.emplace_back("node.session.auth.authmethod", "None");
    for (const char* name :
         {"node.session.auth.username", "node.session.auth.password",
          "node.session.auth.username_in", "node.session.auth.password_in"})
      pairs.emplace_back(name, "");
  }
  return pairs;
}

NodeSettings bounded_settings(const NodeSettings& settings,
                              std::chrono::seconds limit) {
  NodeSettings bounded = settings;
  const auto seconds = static_cast<uint32_t>(std::max<int64_t>(limit.count(), 1));
  bounded.login_timeout = std::max(1u, std::min(settings.login_timeout, seconds));
  bounded.login_retry_max = std::max(
      1u, std::min(seconds / bounded.login_timeout, settings.login_retry_max));
  return bounded;
}

std::vector<std::pair<std::string, std::string>> discovery_setting_pairs(
    const NodeSettings& s) {
  return {
      {"discovery.sendtargets.timeo.login_timeout", std::to_string(s.login_timeout)},
      {"discovery.sendtargets.reopen_max", std::to_string(s.login_retry_max - 1)},
  };
}

namespace iscsiadm_args {

namespace {

std::vector<std::string> discovery_record(const std::string& program,
                                          const Endpoint& portal) {
  return {program, "-m", "discoverydb", "-t", "sendtargets", "-p", portal.text()};
}

}  // namespace

std::vector<std::string> new_discovery_record(const std::string& program,
                                              const Endpoint& portal) {
  std::vector<std::string> argv = discovery_record(program, portal);
  argv.insert(argv.end(), {"-o", "new"});
  return argv;
}

std::vector<std::string> update_discovery_record(const std::string& program,
                                                 const Endpoint& portal,
                                                 const NodeSettings& settings) {
  std::vector<std::string> argv = discovery_record(program, portal);
  argv.insert(argv.end(), {"-o", "update"});
  for (auto& [name, value] : discovery_setting_pairs(settings))
    argv.insert(argv.end(), {"-n", name, "-v", value});
  return argv;
}

std::vector<std::string> discover(const std::string& program, const Endpoint& portal) {
  std::vector<std::string> argv = discovery_record(program, portal);
  argv.insert(argv.end(), {"--discover", "-o", "new"});
  return argv;
}

std::vector<std::string> update_node(const std::string& program, const std::string& target,
                                     const Endpoint& portal, const NodeSettings& settings) {
  std::vector<std::string> argv = {program, "-m", "node", "-T", target,
                                   "-p", portal.text(), "-o", "update"};
  for (auto& [name, value] : node_setting_pairs(settings)) {
    argv.insert(argv.end(), {"-n", name, "-v", value});
  }
  return argv;
}

std::vector<std::string> login(const std::string& program, const std::string& target,
                               const Endpoint& portal) {
  return {program, "-m", "node", "-T", target, "-p", portal.text(), "--login"};
}

std::vector<std::string> logout(const std::string& program, uint32_t sid) {
  return {program, "-m", "session", "-r", std::to_string(sid), "--logout"};
}

std::vector<std::string> rescan(const std::string& program, uint32_t sid) {
  return {program, "-m", "session", "-r", std::to_string(sid), "--rescan"};
}

}  // namespace iscsiadm_args

std::vector<DiscoveredTarget> parse_discovery_output(const std::string& out) {
  std::vector<DiscoveredTarget> targets;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    start = end + 1;
    const size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string where = line.substr(0, space);
    const std::string target = line.substr(space + 1);
    const size_t comma = where.rfind(',');
    if (comma == std::string::npos || target.empty() ||
        target.find(' ') != std::string::npos)
      continue;
    try {
      DiscoveredTarget found;
      found.portal = parse_endpoint(where.substr(0, comma), kIscsiPort, "portal");
      const std::string tpgt = where.substr(comma + 1);
      found.tpgt = static_cast<int32_t>(parse_u32(tpgt, "tpgt"));
      found.target = target;
      targets.push_back(std::move(found));
    } catch (const UsageError&) {
      continue;
    }
  }
  return targets;
}

Iscsiadm::Iscsiadm(std::string program, std::chrono::milliseconds timeout,
                   std::filesystem::path node_records)
    : program_(std::move(program)),
      timeout_(timeout),
      node_records_(std::move(node_records)) {}

ProcessResult Iscsiadm::run(const std::vector<std::string>& argv,
                            const std::string& action) const {
  ProcessResult result = run_process(argv, timeout_);
  if (!result.success()) throw IscsiadmError(action, result);
  return result;
}

std::vector<DiscoveredTarget> Iscsiadm::discover(const Endpoint& portal,
                                                 const NodeSettings& settings) const {
  const std::string action = "iscsiadm discovery at " + portal.text();
  run(iscsiadm_args::new_discovery_record(program_, portal), action);
  run(iscsiadm_args::update_discovery_record(program_, portal, settings), action);
  const ProcessResult result = run(iscsiadm_args::discover(program_, portal), action);
  return parse_discovery_output(result.out);
}

void Iscsiadm::update_node(const std::string& target, const Endpoint& portal,
                           const NodeSettings& settings) const {
  run(iscsiadm_args::update_node(program_, target, portal, settings),
      "iscsiadm node settings of " + on(target, portal));
  if (!settings.chap) return;
  const std::vector<std::filesystem::path> records =
      node_record_files(node_records_, target, portal);
  if (records.empty())
    throw std::runtime_error("no node record of " + on(target, portal) +
                             " under " + node_records_.string() +
                             " to hold the CHAP password");
  for (const std::filesystem::path& record : records) {
    set_node_record_value(record, "node.session.auth.password",
                          settings.chap->password);
    if (settings.target_chap)
      set_node_record_value(record, "node.session.auth.password_in",
                            settings.target_chap->password);
  }
}

void Iscsiadm::login(const std::string& target, const Endpoint& portal) const {
  run(iscsiadm_args::login(program_, target, portal), "iscsiadm login to " + on(target, portal));
}

void Iscsiadm::logout(uint32_t sid) const {
  run(iscsiadm_args::logout(program_, sid), "iscsiadm logout of session " + std::to_string(sid));
}

void Iscsiadm::rescan(uint32_t sid) const {
  run(iscsiadm_args::rescan(program_, sid), "iscsiadm rescan of session " + std::to_string(sid));
}

}  // namespace pvfsf::attach
