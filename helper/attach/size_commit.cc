#include "attach/size_commit.h"

#include <exception>
#include <string>

#include "attach/attach_error.h"
#include "common/error.h"
#include "protocol/export_client.h"

namespace pvfsf::attach {

void check_file_size(uint64_t size) {
  if (size > layout::kMaxFileSize)
    throw UsageError("--size " + std::to_string(size) + " is above " +
                     std::to_string(layout::kMaxFileSize) +
                     " (PVFS_size is int64_t)");
}

void commit_file_size(const layout::Layout& layout, uint64_t size,
                      const lun_export::ClusterKey& key,
                      std::chrono::milliseconds timeout,
                      const std::function<bool(uint32_t, uint64_t)>& skip) {
  check_file_size(size);
  for (uint32_t i = 0; i < layout.datafiles.size(); i++) {
    const layout::Datafile& d = layout.datafiles[i];
    const uint64_t share = layout::datafile_share(layout, size, i);
    if (skip && skip(i, share)) continue;
    const layout::Server& server = layout.servers.at(d.server);
    try {
      lun_export::ExportClient client(server.service, d.server, key, timeout);
      client.set_size(static_cast<lun_export::FsId>(layout.fs_id), d.handle,
                      share);
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      throw AttachError(kExitServer,
                        datafile_name(d.server, d.handle) + ": set-size to " +
                            std::to_string(share) + " bytes through " +
                            server.service + ": " + e.what());
    }
  }
}

}  // namespace pvfsf::attach
