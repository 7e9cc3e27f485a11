// The operations of pvfs-lun-export on one server: export datafiles as LUNs,
// unexport them, resize a bstream, list, tear down.  The command line tool
// runs them directly, the request service on a client's behalf (through
// ExportBackend, which unit tests replace).  Every call reads the state it
// needs back from configfs under ConfigFs::lock() (set-size excepted: it
// needs no LIO): no state is kept here.
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
      FsId fs_id, uint64_t size, const std::vector<Handle>& handles) = 0;
  virtual std::vector<UnexportedLun> unexport(
      FsId fs_id, const std::vector<Handle>& handles) = 0;
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
  // target on first use.  A handle exported already keeps its LUN; asked
  // for a larger size, the LUN grows in place; a smaller size is refused
  // (ExportError kConflict).  Everything is checked before anything is
  // done, and a failure half-way removes what this call created.
  std::vector<ExportedLun> export_handles(
      FsId fs_id, uint64_t size, const std::vector<Handle>& handles) override;

  // Removes each handle's LUN and backstore; the bstream stays.  A handle
  // not exported is no error.
  std::vector<UnexportedLun> unexport(
      FsId fs_id, const std::vector<Handle>& handles) override;

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
