// LIO, as pvfs-lun-export uses it, through configfs (no targetcli):
//
//   target/core/fileio_<N>/pvfs-<server>-<serial>   one fileio backstore per
//       control "fd_dev_name=<bstream>,fd_dev_size=<bytes>"   exported datafile
//       wwn/vpd_unit_serial <serial>        (set before enable)
//       enable 1
//   target/iscsi/<target IQN>/tpgt_1        one target per server
//       np/<ADDR:PORT>                      its portal
//       attrib/generate_node_acls=0         only initiators with an ACL
//       attrib/authentication=0             on a TPG of ours, before enable
//       enable 1
//       lun/lun_<L>/<backstore name> -> the backstore   one per datafile
//       acls/<initiator>/                   one node ACL per client
//           auth/{userid,password[,userid_mutual,password_mutual]}
//           attrib/authentication=1         with CHAP, on an ACL we made
//           lun_<L>/tpg_lun -> ../../../lun/lun_<L>   the LUNs it may use
//
// Nothing else is kept anywhere: what is exported is read back from here.
#ifndef PVFSF_HELPER_EXPORT_LIO_H
#define PVFSF_HELPER_EXPORT_LIO_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/server_address.h"
#include "export/chap_secret.h"
#include "export/configfs.h"
#include "protocol/names.h"

namespace pvfsf::lun_export {

// Threads for removing LUNs and backstores: removing a LUN waits for an RCU
// grace period (LIO kills the LUN's percpu reference and waits for the
// confirmation) under the LUN directory's own lock only, so removals of
// different LUNs overlap.
constexpr unsigned kRemovalThreads = 8;

// A LUN of the target, as its lun_<L> directory says.
struct LunLink {
  uint64_t lun = 0;
  std::string hba;               // the backstore's HBA, "" if no link
  std::string backstore;         // the backstore's name, "" if no link
  std::optional<DatafileId> id;  // set if the backstore is this server's
};

// A mapped LUN of a node ACL: acls/<initiator>/lun_<mapped_lun>, linked to
// the TPG's lun_<lun> (nullopt: no link, it maps nothing).  Each one is a
// reference of that client to the LUN.
struct LunMapping {
  std::string initiator;
  uint64_t mapped_lun = 0;
  std::optional<uint64_t> lun;
};

// A backstore of this server, as configfs reports it.
struct Backstore {
  std::string name;
  DatafileId id{};
  std::string file;   // fd_dev_name
  uint64_t size = 0;  // fd_dev_size: the LUN's size in bytes
  bool enabled = false;
  std::string serial;  // wwn/vpd_unit_serial
};

// "... File: /path  Size: 123  Mode: ..." from a fileio backstore's info
// attribute; nullopt if the text is not shaped so.
struct FileioInfo {
  std::string file;
  uint64_t size = 0;
};
std::optional<FileioInfo> parse_fileio_info(const std::string& text);

// "T10 VPD Unit Serial Number: <serial>" -> "<serial>".
std::string parse_unit_serial_attr(const std::string& text);

class Lio {
 public:
  Lio(ConfigFs& configfs, std::string server, std::string target,
      Endpoint portal);

  // Throws ExportError kUnavailable unless LIO's configfs tree is there.
  void check_available() const;

  bool target_exists() const;
  // Creates what is missing of the target, its TPG and portal, turns demo
  // mode off (generate_node_acls=0) and enables it.  A TPG not yet enabled
  // is being set up by us and gets authentication=0 (each ACL of ours
  // decides); an enabled one keeps its authentication and auth/ as an
  // administrator set them.  Attributes already right are not written.
  void ensure_target();

  // Every mapped LUN of every node ACL, sorted by initiator and number.
  std::vector<LunMapping> mappings() const;
  // Creates @initiator's node ACL unless it exists; one it creates demands
  // @chap if given (CHAP written before anything can log in with it), else
  // inherits the TPG's authentication.  An existing ACL is left as it is.
  void ensure_acl(const std::string& initiator,
                  const std::optional<ChapSecret>& chap);
  // acls/<initiator>/lun_<lun>, linked to the TPG's lun_<lun>.
  void map_lun(const std::string& initiator, uint64_t lun);
  // Removes acls/<initiator>/lun_<mapped_lun> and its link.
  void unmap_lun(const std::string& initiator, uint64_t mapped_lun);

  // Every lun_<L> of the target, sorted by L.
  std::vector<LunLink> luns() const;
  // The names of this server's backstores (linked or not).
  std::vector<std::string> backstore_names() const;
  Backstore backstore(const std::string& name) const;

  // mkdir, control, unit serial, enable; removed again if a step fails.
  void create_backstore(DatafileId id, const fs::path& file, uint64_t size);
  // Writes a new fd_dev_size into a live backstore: LIO 6.1 reads it on
  // every command (fd_get_blocks), so a LUN can grow in place.
  void resize_backstore(const std::string& name, uint64_t size);
  void remove_backstore(const std::string& name);

  // lun_<L> and its link to backstore @name of this server's HBA.
  void create_lun(uint64_t lun, const std::string& name);
  void remove_lun(uint64_t lun);

  // The target with every node ACL, LUN, portal and the TPG, then every
  // backstore of this server and its HBA if that is left empty.
  void teardown();

  const std::string& server() const { return server_; }
  const std::string& target() const { return target_; }
  const Endpoint& portal() const { return portal_; }
  fs::path hba_dir() const;
  fs::path backstore_dir(const std::string& name) const;
  fs::path tpg_dir() const;
  fs::path lun_dir(uint64_t lun) const;
  fs::path acl_dir(const std::string& initiator) const;

 private:
  ConfigFs& configfs_;
  std::string server_;
  std::string target_;
  Endpoint portal_;
};

}  // namespace pvfsf::lun_export

#endif
