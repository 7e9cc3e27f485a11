// commit: sets an attached file's size after flushing its device, so that
// what was written through the fast path is in the bstreams before they
// are cut to size, and remembers the size in the file's record.  A file
// attached by its path on an OrangeFS mount gets it through the mount
// (orangefs_file.h: grow only); one attached by its layout through the
// export services (size_commit.h: exactly that size).
#ifndef PVFSF_HELPER_ATTACH_FILE_COMMIT_H
#define PVFSF_HELPER_ATTACH_FILE_COMMIT_H

#include <cstdint>
#include <filesystem>
#include <optional>

#include "attach/attach_context.h"
#include "attach/attached_file.h"

namespace pvfsf::attach {

// The file's lock must be held.  @path, when the command named the file by its
// path on the mount, replaces the one recorded at attach (the file may
// have been renamed since).  Throws AttachError kExitNotAttached for a
// file without a record (its servers are unknown), kExitServer.
void commit_attached_file(AttachedFile& file, uint64_t size,
                          const std::optional<std::filesystem::path>& path,
                          AttachContext& context);

// Finds the file, takes its lock, commits.
void commit_file(const FileRef& ref, uint64_t size, AttachContext& context);

}  // namespace pvfsf::attach

#endif
