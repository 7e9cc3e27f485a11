// The action side of iSCSI: iscsiadm, run with an argument vector (no shell,
// see process.h) and judged by its exit status, which iscsiadm(8) documents
// under EXIT STATUS.  Each action is a pure builder of its arguments (unit
// tested) plus a method of Iscsiadm that runs it and throws IscsiadmError.
//
//   discover(portal, s)     iscsiadm -m discoverydb -t sendtargets -p P -o new
//                           iscsiadm -m discoverydb ... -o update -n K -v V...
//                           iscsiadm -m discoverydb ... --discover -o new
//   update_node(iqn, p, s)  iscsiadm -m node -T IQN -p P -o update -n K -v V...
//                           and a CHAP password written into the record
//   login(iqn, portal)      iscsiadm -m node -T IQN -p P --login
//   logout(sid)             iscsiadm -m session -r SID --logout
//   rescan(sid)             iscsiadm -m session -r SID --rescan
//
// Discovery runs with "-o new" only: without an op iscsiadm also updates
// every record it finds (resetting our node settings to iscsid.conf's) and
// deletes the records of targets the portal no longer returns.  It runs in
// discoverydb mode, from a discovery record of the portal's own that holds
// our timeouts: "-m discovery" takes iscsid.conf's (15 s a connection
// attempt, 6 attempts: 90 s on a portal that drops packets), and those are
// never changed globally.  Logout and
// rescan name one session by sid, never a node, which may have several.
#ifndef PVFSF_HELPER_ATTACH_ISCSIADM_H
#define PVFSF_HELPER_ATTACH_ISCSIADM_H

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "attach/node_record.h"
#include "common/server_address.h"
#include "common/process.h"

namespace pvfsf::attach {

// iscsiadm(8) EXIT STATUS, the codes we act on by name.
enum IscsiadmExit : int {
  kIscsiOk = 0,
  kIscsiErrSessNotFound = 2,
  kIscsiErrTrans = 4,
  kIscsiErrLogin = 5,
  kIscsiErrTransTimeout = 8,
  kIscsiErrSessExists = 15,
  kIscsiErrIscsidNotconn = 20,
  kIscsiErrNoObjsFound = 21,
  kIscsiErrSysfsLookup = 22,
  kIscsiErrLoginAuthFailed = 24,
};

struct IscsiadmExitInfo {
  const char* name;     // "ISCSI_ERR_LOGIN_AUTH_FAILED"
  const char* meaning;  // "login failed due to authorization failure"
};
// The documented meaning of @code (0-32), nullopt for anything else.
std::optional<IscsiadmExitInfo> iscsiadm_exit_info(int code);
// "exit 24 (ISCSI_ERR_LOGIN_AUTH_FAILED: login failed due to authorization
// failure)", or "exit 99 (not documented)".
std::string describe_iscsiadm_exit(int code);

// iscsiadm failed.  what() reads "<action>: <status>: <hint>: <stderr>",
// e.g. "iscsiadm login to iqn.x at 127.0.10.1:3260: exit 24
// (ISCSI_ERR_LOGIN_AUTH_FAILED: ...): the target refused our CHAP
// credentials, or wants CHAP and none is configured: iscsiadm: Login
// failed ...".
class IscsiadmError : public std::runtime_error {
 public:
  IscsiadmError(const std::string& action, const ProcessResult& result);
  // The exit status, -1 if it was killed (or timed out).
  int exit_code() const { return exit_code_; }
  const std::string& stderr_text() const { return stderr_; }

 private:
  int exit_code_;
  std::string stderr_;
};

// CHAP credentials for logins (node.session.auth.*).
struct Chap {
  std::string username;
  std::string password;
};

// What every login of ours is made with.
struct NodeSettings {
  // node.session.timeo.replacement_timeout: seconds I/O waits for a lost
  // connection to come back before failing (iscsid.conf's default is 120).
  uint32_t replacement_timeout = 15;
  // node.conn[0].timeo.login_timeout, seconds per login attempt.
  uint32_t login_timeout = 15;
  // node.session.initial_login_retry_max: attempts of the first login.
  uint32_t login_retry_max = 2;
  std::optional<Chap> chap;
  // Mutual CHAP, with chap: the target's credentials, which the initiator
  // checks in turn (node.session.auth.username_in, password_in).
  std::optional<Chap> target_chap;
};

// @settings with each iSCSI wait inside @limit: a login attempt takes at
// most login_timeout, so login_timeout is at most @limit and the attempts
// at most @limit / login_timeout (at least 1).
NodeSettings bounded_settings(const NodeSettings& settings,
                              std::chrono::seconds limit);

// The discovery record settings of a discovery with @settings: each
// connection attempt login_timeout, login_retry_max attempts in all
// (discovery.sendtargets.timeo.login_timeout, .reopen_max).
std::vector<std::pair<std::string, std::string>> discovery_setting_pairs(
    const NodeSettings& settings);

// The node record settings an update passes to iscsiadm, in order:
// node.startup (manual: we log in ourselves, never at boot), the timeouts,
// the CHAP method and user names (the target's emptied without mutual
// CHAP); without CHAP, authmethod None and every credential emptied, so
// that none an earlier attach wrote lingers.  Never a password:
// Iscsiadm::update_node() writes them into the record itself
// (node_record.h).
std::vector<std::pair<std::string, std::string>> node_setting_pairs(const NodeSettings& settings);

// The argument vectors, program name first.  Nothing is quoted or checked
// here: each element reaches iscsiadm as it is.
namespace iscsiadm_args {
std::vector<std::string> new_discovery_record(const std::string& program,
                                              const Endpoint& portal);
std::vector<std::string> update_discovery_record(const std::string& program,
                                                 const Endpoint& portal,
                                                 const NodeSettings& settings);
std::vector<std::string> discover(const std::string& program, const Endpoint& portal);
std::vector<std::string> update_node(const std::string& program, const std::string& target,
                                     const Endpoint& portal, const NodeSettings& settings);
std::vector<std::string> login(const std::string& program, const std::string& target,
                               const Endpoint& portal);
std::vector<std::string> logout(const std::string& program, uint32_t sid);
std::vector<std::string> rescan(const std::string& program, uint32_t sid);
}  // namespace iscsiadm_args

// A target a portal returned in SendTargets discovery.
struct DiscoveredTarget {
  Endpoint portal;
  int32_t tpgt = -1;
  std::string target;
  bool operator==(const DiscoveredTarget&) const = default;
};
// iscsiadm's discovery output, one "ADDR:PORT,TPGT IQN" a line ("[V6]:PORT"
// for IPv6).  Lines that do not parse are skipped.
std::vector<DiscoveredTarget> parse_discovery_output(const std::string& out);

class Iscsiadm {
 public:
  // @program: "iscsiadm" from PATH, or a path (tests use a fake).  Each run
  // is killed after @timeout.
  // @node_records: where open-iscsi keeps its node records.
  explicit Iscsiadm(std::string program = "iscsiadm",
                    std::chrono::milliseconds timeout = std::chrono::minutes(5),
                    std::filesystem::path node_records = kNodeRecordDir);

  // SendTargets discovery at @portal with the timeouts of @settings
  // (discovery_setting_pairs); creates node records for new targets only.
  // Returns what the portal offers.
  std::vector<DiscoveredTarget> discover(const Endpoint& portal,
                                         const NodeSettings& settings) const;
  // Throws IscsiadmError, or std::runtime_error if CHAP is configured and
  // no record of the node is found to hold the password.
  void update_node(const std::string& target, const Endpoint& portal,
                   const NodeSettings& settings) const;
  // Throws IscsiadmError; exit_code() kIscsiErrSessExists means a session
  // was there already.
  void login(const std::string& target, const Endpoint& portal) const;
  void logout(uint32_t sid) const;
  // Asks the target of session @sid for its LUNs again; new ones become
  // disks (asynchronously: wait for them with a monitor armed before).
  void rescan(uint32_t sid) const;

  const std::string& program() const { return program_; }

 private:
  ProcessResult run(const std::vector<std::string>& argv, const std::string& action) const;

  std::string program_;
  std::chrono::milliseconds timeout_;
  std::filesystem::path node_records_;
};

}  // namespace pvfsf::attach

#endif
