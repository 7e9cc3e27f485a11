// One data server's export settings, from a config file (--config FILE) or
// the same keys as options; the command line wins over the file.  The file
// is boost::program_options' format: "key = value" lines, '#' comments:
//
//   server   = srv1                          # required: [a-z0-9.-]{1,32}
//   storage  = /var/lib/orangefs/storage/data # required: the DBPF storage dir
//   portal   = 192.0.2.11:3260               # required: the iSCSI portal
//   target   = iqn.2025-11.org.pvfsf:export.srv1   # default from server
//   listen   = 192.0.2.11:3263               # default: portal address, 3263
//   key-file = /etc/pvfs-lun-export/cluster.key    # required by serve
//   configfs = /sys/kernel/config            # default; tests point it
//   elsewhere
//   chap-file = /etc/pvfsf/chap.secret       # CHAP on every node ACL made
//
// Beside a real OrangeFS server, its own configuration says the rest:
//
//   fs-conf  = /etc/orangefs/orangefs.conf   # the server's fs.conf
//   alias    = node1                         # its Alias there
//
// storage is then the alias's DataStorageSpace (and may not be given), and
// only the handles of the alias's DataHandleRanges, in the file systems
// fs.conf holds, are exported.
#ifndef PVFSF_HELPER_EXPORT_SERVER_CONFIG_H
#define PVFSF_HELPER_EXPORT_SERVER_CONFIG_H

#include <boost/program_options.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/server_address.h"
#include "export/chap_secret.h"
#include "orangefs/fs_conf.h"
#include "protocol/protocol.h"

namespace pvfsf::lun_export {

namespace po = boost::program_options;

// The datafiles a real OrangeFS server holds, from its fs.conf.
struct OrangefsServer {
  std::string alias;
  // Per file system (fs id), the handle ranges of this server's datafiles.
  std::map<FsId, std::vector<orangefs::HandleRange>> data_ranges;
};

struct ServerConfig {
  std::string server;              // the server's name (alias)
  std::filesystem::path storage;   // absolute; bstreams live below it
  Endpoint portal;                 // the iSCSI portal clients log in to
  std::string target;              // the target IQN
  Endpoint listen;                 // where serve listens
  std::filesystem::path key_file;  // empty if not configured
  std::filesystem::path configfs;  // configfs mount point
  std::optional<OrangefsServer> orangefs;  // with fs-conf and alias
  // With chap-file: the CHAP every node ACL this server creates demands.
  std::optional<ChapSecret> chap;
};

// The options --config and the keys above, for a command's --help.
po::options_description server_options();

// The settings from --config FILE and the options in @vm, checked: throws
// UsageError (or po::error for a malformed file) saying what is wrong.
ServerConfig load_server_config(const po::variables_map& vm);

// The same from a config file's text alone, for tests.
ServerConfig parse_server_config(const std::string& text);

}  // namespace pvfsf::lun_export

#endif
