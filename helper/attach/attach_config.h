// The attach tool's configuration file, root's only (default
// /etc/pvfsf/attach.conf), "key = value" lines and "#" comment lines:
//
//   # seconds (node.session.timeo.replacement_timeout)
//   replacement_timeout = 15
//   # seconds per login attempt (node.conn[0].timeo.login_timeout)
//   login_timeout = 15
//   # attempts of the first login (node.session.initial_login_retry_max)
//   login_retry_max = 2
//   # both or neither
//   chap_username = initiator
//   chap_password = secret
//   # the key that signs export requests
//   cluster_key = /etc/pvfsf/cluster.key
//
// A value runs to the end of its line (a password may hold '#' or blanks
// inside; blanks at either end are dropped).  Unknown keys, repeated keys
// and values out of range are refused, naming the file and line.  A file
// that holds a secret must be readable by its owner alone, and every file
// must be owned by root (or whoever runs the tool) and writable by its
// owner alone: anything else is refused, naming the mode.
#ifndef PVFSF_HELPER_ATTACH_ATTACH_CONFIG_H
#define PVFSF_HELPER_ATTACH_ATTACH_CONFIG_H

#include <sys/types.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "attach/iscsiadm.h"

namespace pvfsf::attach {

constexpr const char* kDefaultAttachConfig = "/etc/pvfsf/attach.conf";
// The cluster's key (pvfs-lun-export keygen): the servers' export services
// refuse requests not signed with it.
constexpr const char* kDefaultClusterKey = "/etc/pvfsf/cluster.key";

// what() reads "<path>:<line>: ..." or "<path>: ...".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AttachConfig {
  NodeSettings node;   // the defaults of NodeSettings where the file is silent
  std::string cluster_key = kDefaultClusterKey;  // an absolute path
  std::string source;  // the file read, "" if none was
};

// The settings in @text; @name (the path) is for messages.
AttachConfig parse_attach_config(std::string_view text, const std::string& name);

// Refuses (ConfigError) a file of mode @mode and owner @owner, read by
// @euid, that is not a regular file, that someone other than its owner may
// write, whose owner is neither root nor @euid, or that holds a secret
// (@has_secret) and can be read by group or others.
void check_config_permissions(const std::string& path, mode_t mode, uid_t owner, uid_t euid,
                              bool has_secret);

// Reads and checks @path.  A missing file gives the defaults unless
// @must_exist (a path the user named).  Throws ConfigError, system_error.
AttachConfig load_attach_config(const std::string& path = kDefaultAttachConfig,
                                bool must_exist = false);

}  // namespace pvfsf::attach

#endif
