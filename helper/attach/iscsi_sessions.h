// The query side of iSCSI: which sessions exist, read by libopeniscsiusr
// (open-iscsi's read-only library over sysfs), as open-iscsi means it to be
// used.  It parses nothing iscsiadm prints.  The state of a session is the
// one fact libopeniscsiusr does not return: that comes from sysfs.
#ifndef PVFSF_HELPER_ATTACH_ISCSI_SESSIONS_H
#define PVFSF_HELPER_ATTACH_ISCSI_SESSIONS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/server_address.h"
#include "attach/scsi_disk.h"

namespace pvfsf::attach {

struct IscsiSession {
  uint32_t sid = 0;
  std::string target;  // target IQN
  // The portal the session was logged in to (the node record's); the
  // connection may run to another after a redirect: see address.
  Endpoint persistent_portal;
  Endpoint address;      // where the connection runs now
  int32_t tpgt = -1;
  std::string iface;   // "default"
  // LOGGED_IN, FAILED (recovering, I/O queued up to replacement_timeout),
  // FREE; "" if sysfs no longer has the session.
  std::string state;
  bool logged_in() const { return state == "LOGGED_IN"; }
};

// {"sid", "target", "portal" (the persistent one), "address", "tpgt",
// "iface", "state"}, as pvfsf-attach-probe prints it.
void to_json(nlohmann::json& out, const IscsiSession& session);

// Every session now, sorted by sid.  @sysfs is where the states are read
// (libopeniscsiusr itself always reads /sys).  Throws std::runtime_error
// with libopeniscsiusr's message if it fails.
std::vector<IscsiSession> list_iscsi_sessions(const Sysfs& sysfs = Sysfs());

// The session to @target at @portal (compared as addresses with the
// persistent portal) in @sessions, if any.  More than one (several
// ifaces) gives the lowest sid.
std::optional<IscsiSession> find_iscsi_session(const std::vector<IscsiSession>& sessions,
                                               const std::string& target,
                                               const Endpoint& portal);

}  // namespace pvfsf::attach

#endif
