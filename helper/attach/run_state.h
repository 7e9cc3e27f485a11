// What pvfs-stripe-attach remembers between runs, under /run/pvfsf (a
// tmpfs: it goes with a reboot, as the sessions and devices do):
//
//   locks/<fs id>-<handle>       flock(2)ed by the command that works on
//                                that file (attach, detach, commit,
//                                cleanup): a file's commands never
//                                interleave, and other files' commands
//                                never wait for them
//   locks/session-<target>,<portal>
//                                flock(2)ed for one iSCSI session: shared
//                                by the attaches that use it, exclusive to
//                                look it up and log in, or to log it out
//   locks/sessions.json          flock(2)ed while sessions.json is
//                                rewritten
//   files/<fs id>-<handle>.json  one attached file: its layout (which
//                                server to ask for unexport and size
//                                commits), its LUN size and its path on
//                                an OrangeFS mount if attached by it; written
//                                before the first export, so that an
//                                attach killed half-way leaves a record
//                                that `cleanup` releases
//   sessions.json                the iSCSI sessions this tool logged in,
//                                each recorded before its login, so that
//                                one an attach killed during the login made
//                                is known too; `logout --idle` ends only
//                                those, never a session someone else made
//
// Every lock is waited for until a deadline, never without a limit, and
// goes with the process that holds it: a killed command leaves none.  The
// lock files stay (empty, one per file and session since boot).
//
// The kernel is the authority on which devices exist; a record whose device
// is gone (or never came) is a file whose members wait to be released: a
// lazy detach that completed at the last close, or an attach killed
// half-way.
#ifndef PVFSF_HELPER_ATTACH_RUN_STATE_H
#define PVFSF_HELPER_ATTACH_RUN_STATE_H

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/file_write.h"
#include "common/server_address.h"
#include "common/unique_fd.h"
#include "layout/layout.h"

namespace pvfsf::attach {

constexpr const char* kDefaultRunDir = "/run/pvfsf";

struct FileRecord {
  layout::Layout layout;  // size: as last committed or attached
  uint64_t lun_size = 0;  // bytes each LUN was exported with
  bool read_only = false;
  // Attached by its path on an OrangeFS mount (orangefs_file.h): where its
  // size is committed.  nullopt for a file attached by its layout.
  std::optional<std::string> orangefs_path;
};

struct SessionRecord {
  std::string target;
  Endpoint portal;
  bool operator==(const SessionRecord&) const = default;
};

class RunState {
 public:
  explicit RunState(std::filesystem::path dir = kDefaultRunDir);
  const std::filesystem::path& dir() const { return dir_; }

  using Deadline = std::chrono::steady_clock::time_point;

  // The lock of file (@fs_id, @handle), exclusive; nullopt if another
  // command holds it still at @deadline.  Makes the directories (0700) if
  // need be, refusing ones that are not private (common/file_write.h).
  // Held until the descriptor is closed.
  std::optional<UniqueFd> lock_file(uint32_t fs_id, uint64_t handle,
                                    Deadline deadline) const;
  // The lock of the session to @session's target at its portal, as
  // lock_file().
  std::optional<UniqueFd> lock_session(const SessionRecord& session,
                                       LockMode how, Deadline deadline) const;

  std::optional<FileRecord> load_file(uint32_t fs_id, uint64_t handle) const;
  std::vector<FileRecord> files() const;  // sorted by (fs id, handle)
  // Written whole to a temporary file and renamed over the old one.
  void save_file(const FileRecord& record) const;
  void remove_file(uint32_t fs_id, uint64_t handle) const;

  std::vector<SessionRecord> sessions() const;
  // Each under the lock of sessions.json, waited for 10 s at most
  // (runtime_error if it is still held then).
  void add_session(const SessionRecord& session) const;
  void remove_session(const SessionRecord& session) const;

 private:
  std::filesystem::path file_path(uint32_t fs_id, uint64_t handle) const;
  std::optional<UniqueFd> lock(const std::string& name, LockMode how,
                               Deadline deadline) const;
  UniqueFd lock_sessions() const;
  void write_atomically(const std::filesystem::path& path,
                        const std::string& text) const;
  void save_sessions(const std::vector<SessionRecord>& sessions) const;

  std::filesystem::path dir_;
};

// The records as nlohmann values (from_json throws for a record that is
// not one), and a file record as text and back; parse throws
// std::runtime_error naming @name for a record that does not parse.
void to_json(nlohmann::json& out, const FileRecord& record);
void from_json(const nlohmann::json& in, FileRecord& record);
void to_json(nlohmann::json& out, const SessionRecord& session);
void from_json(const nlohmann::json& in, SessionRecord& session);
std::string file_record_json(const FileRecord& record);
FileRecord parse_file_record(const std::string& text, const std::string& name);

}  // namespace pvfsf::attach

#endif
