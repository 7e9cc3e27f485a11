// commit: sets an attached file's size (size_commit.h) after flushing its
// device, so that what was written through the fast path is in the
// bstreams before they are cut to size, and remembers the size in the
// file's record.
#ifndef PVFSF_HELPER_ATTACH_FILE_COMMIT_H
#define PVFSF_HELPER_ATTACH_FILE_COMMIT_H

#include <cstdint>

#include "attach/attach_context.h"
#include "attach/attached_file.h"

namespace pvfsf::attach {

// The lock must be held.  Throws AttachError kExitNotAttached for a file
// without a record (its servers are unknown), kExitServer.
void commit_attached_file(AttachedFile& file, uint64_t size,
                          AttachContext& context);

// Takes the lock, finds the file, commits.
void commit_file(const FileRef& ref, uint64_t size, AttachContext& context);

}  // namespace pvfsf::attach

#endif
