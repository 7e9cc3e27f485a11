// A datafile's bstream on the server's storage, handled as trove-dbpf
// handles it: created lazily (an absent bstream is an empty datafile), its
// size is its length.
#ifndef PVFSF_HELPER_EXPORT_BSTREAM_H
#define PVFSF_HELPER_EXPORT_BSTREAM_H

#include <filesystem>
#include <optional>

#include "protocol/types.h"

namespace pvfsf::lun_export {

// The length of the file at @path, nullopt if it does not exist.  Throws
// std::system_error for anything else.
std::optional<uint64_t> file_length(const std::filesystem::path& path);

// Creates the bstream of (@fs_id, @handle) under @storage if it is
// missing: its bucket directory (0755) and an empty file (0600, trove's
// TROVE_FD_MODE), as the server's first write would.  The collection's
// bstreams directory must exist: ExportError kNotFound if not (a wrong fs id
// or storage dir must not grow a tree of its own).  Below @storage nothing
// is followed: a symbolic link on the way, or a bstream that is not a
// regular file, is ExportError kFailed (LIO would open whatever it names).
// Returns true if it created the file.
bool ensure_bstream(const std::filesystem::path& storage, FsId fs_id,
                    Handle handle);

// Truncates or extends the bstream to @size bytes (extending leaves a hole),
// creating it first as ensure_bstream() does.
void set_bstream_size(const std::filesystem::path& storage, FsId fs_id,
                      Handle handle, uint64_t size);

}  // namespace pvfsf::lun_export

#endif
