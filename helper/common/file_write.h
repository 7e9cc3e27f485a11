// Small files that must never be seen half written (state records), and
// the lock files that serialise the tools that write them.
#ifndef PVFSF_HELPER_COMMON_FILE_WRITE_H
#define PVFSF_HELPER_COMMON_FILE_WRITE_H

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "common/unique_fd.h"

namespace pvfsf {

// Writes @text to "<path>.new" (mode @mode), fsyncs it and renames it over
// @path: a reader sees the old contents or the new, never a mix, even after
// a crash.  Throws system_error naming the file.
void write_file_atomically(const std::filesystem::path& path,
                           const std::string& text, mode_t mode);

// Opens (creating, mode @mode) and flock()s @path exclusively, waiting for
// it; the lock lasts as long as the descriptor.  Throws system_error.
UniqueFd lock_file(const std::filesystem::path& path, mode_t mode);

}  // namespace pvfsf

#endif
