// The operations of pvfs-lun-export on one server: export datafiles as LUNs
// to a client, unexport them for a client, resize a bstream, list, tear
// down.  The command line tool runs them directly, the request service on a
// client's behalf (through ExportBackend, which unit tests replace).  Every
// call reads the state it needs back from configfs under ConfigFs::lock()
// (set-size excepted: it needs no LIO): no state is kept here.
//
// Access is per client: a client is its iSCSI initiator name, which has a
// LIO node ACL; exporting a datafile to it maps the datafile's LUN into
// that ACL as the same LUN number (acls/<initiator>/lun_<L> -> lun/lun_<L>).
// Each mapping is one client's reference to the LUN, kept in configfs
// itself, so a restarted service knows them all.  A LUN and its backstore
// go when the last client's mapping goes.  LUN numbers: the lowest number
// that neither the TPG nor any ACL uses, so a number stays with its
// datafile for every client as long as any client maps it.
#ifndef PVFSF_HELPER_EXPORT_EXPORTER_H
#define PVFSF_HELPER_EXPORT_EXPORTER_H

#include <optional>
#include <string>
#include <vector>

#include "export/configfs.h"
#include "export/lio.h"
#include "export/server_config.h"
#include "protocol/types.h"

namespace pvfsf::lun_export {

class ExportBackend {
 public:
  virtual ~ExportBackend() = default;
  virtual TargetInfo target_info() const = 0;
  virtual std::vector<ExportedLun> export_handles(
      const std::string& initiator, FsId fs_id, uint64_t size,
      const std::vector<Handle>& handles) = 0;
  virtual std::vector<UnexportedLun> unexport(
      const std::string& initiator, FsId fs_id,
      const std::vector<Handle>& handles) = 0;
  virtual SizeChange set_size(FsId fs_id, Handle handle, uint64_t size) = 0;
  virtual std::vector<LunInfo> list(std::optional<FsId> fs_id) = 0;
};

class Exporter : public ExportBackend {
 public:
  // @max_luns: the LUN numbers to use, 0 to max_luns - 1 (tests lower it).
  Exporter(const ServerConfig& config, ConfigFs& configfs,
           uint64_t max_luns = kMaxLuns);

  TargetInfo target_info() const override;

  // Exports each handle's bstream (creating an empty one if it has none)
  // as a LUN of @size bytes on the lowest free LUN number, creating the
  // target on first use, and maps it into @initiator's node ACL (created,
  // with the configured CHAP, on first use).  A handle exported already
  // keeps its LUN; asked for a larger size, the LUN grows in place; a
  // smaller size is refused (ExportError kConflict).  Everything is checked
  // before anything is done, and a failure half-way removes what this call
  // created and mapped.
  std::vector<ExportedLun> export_handles(
      const std::string& initiator, FsId fs_id, uint64_t size,
      const std::vector<Handle>& handles) override;

  // Drops @initiator's mapping of each handle's LUN; the LUN and its
  // backstore go once no client maps it (removed in the result); the
  // bstream stays.  A handle not exported is no error.  The client must
  // have deleted its disks of these LUNs first.
  std::vector<UnexportedLun> unexport(
      const std::string& initiator, FsId fs_id,
      const std::vector<Handle>& handles) override;

  // Truncates or extends the bstream, exported or not.  Refused on a real
  // OrangeFS server (fs-conf): there a datafile's size is its b_size in the
  // server's database, which only a truncate through OrangeFS sets.
  SizeChange set_size(FsId fs_id, Handle handle, uint64_t size) override;

  std::vector<LunInfo> list(std::optional<FsId> fs_id) override;

  // Removes the target, all its LUNs and this server's backstores.
  void teardown();

 private:
  // On a real OrangeFS server, throws ExportError unless @fs_id is a file
  // system of its fs.conf and every handle one of this server's datafiles.
  void check_datafiles(FsId fs_id, const std::vector<Handle>& handles) const;

  ServerConfig config_;
  ConfigFs& configfs_;
  Lio lio_;
  uint64_t max_luns_;
};

}  // namespace pvfsf::lun_export

#endif
