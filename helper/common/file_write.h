// Small files that must never be seen half written (state records), and
// the lock files that serialise the tools that write them.
#ifndef PVFSF_HELPER_COMMON_FILE_WRITE_H
#define PVFSF_HELPER_COMMON_FILE_WRITE_H

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "common/unique_fd.h"

namespace pvfsf {

// Makes @dir (mode 0700) if it is missing and checks that it is a directory,
// not a link, owned by this process's user and writable by no one else:
// state kept in a directory another user can write could be replaced under
// the tools (a planted record or link).  Throws runtime_error saying what is
// wrong, system_error if the system refuses.
void make_private_dir(const std::filesystem::path& dir);

// Writes @text to "<path>.new" (mode @mode), fsyncs it and renames it over
// @path: a reader sees the old contents or the new, never a mix, even after
// a crash.  "<path>.new" is created afresh (O_EXCL, O_NOFOLLOW): one left by
// a writer that died is removed first, so callers serialise through
// lock_file().  Throws system_error naming the file.
void write_file_atomically(const std::filesystem::path& path,
                           const std::string& text, mode_t mode);

// Opens (creating, mode @mode; never through a link) and flock()s @path
// exclusively, waiting for it; the lock lasts as long as the descriptor.
// Throws system_error.
UniqueFd lock_file(const std::filesystem::path& path, mode_t mode);

enum class LockMode { kShared, kExclusive };

// As lock_file(), in @how, but waits only until @deadline: nullopt if the
// lock is still held by someone else then (a @deadline passed already
// makes it one attempt).  flock(2) has no timeout, so this tries with
// LOCK_NB every 20 ms.  Throws system_error.
std::optional<UniqueFd> lock_file_until(
    const std::filesystem::path& path, mode_t mode, LockMode how,
    std::chrono::steady_clock::time_point deadline);

// Turns the lock held through @fd into @how without waiting; false if
// another holder's lock conflicts.  flock(2) converts by unlocking first,
// so after a false @fd holds no lock at all, and in between another
// waiter may have taken the lock.  Throws system_error.
bool relock_file(const UniqueFd& fd, LockMode how);

}  // namespace pvfsf

#endif
