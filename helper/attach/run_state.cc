#include "attach/run_state.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.h"
#include "common/file_write.h"
#include "layout/layout_json.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    throw_errno(errno, "read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void to_json(json& out, const FileRecord& record) {
  out = {{"layout", nlohmann::ordered_json(record.layout)},
         {"lun_size", record.lun_size},
         {"read_only", record.read_only}};
  if (record.orangefs_path) out["orangefs_path"] = *record.orangefs_path;
}

void from_json(const json& in, FileRecord& record) {
  record.layout = in.at("layout").get<layout::Layout>();
  const json& lun_size = in.at("lun_size");
  if (!lun_size.is_number_unsigned())
    throw std::runtime_error("lun_size: not a byte count");
  record.lun_size = lun_size.get<uint64_t>();
  record.read_only = in.at("read_only").get<bool>();
  if (in.contains("orangefs_path"))
    record.orangefs_path = in.at("orangefs_path").get<std::string>();
}

void to_json(json& out, const SessionRecord& session) {
  out = {{"target", session.target}, {"portal", session.portal.text()}};
}

void from_json(const json& in, SessionRecord& session) {
  session.target = in.at("target").get<std::string>();
  session.portal =
      parse_endpoint(in.at("portal").get<std::string>(), kIscsiPort, "portal");
}

std::string file_record_json(const FileRecord& record) {
  return json(record).dump(2) + "\n";
}

FileRecord parse_file_record(const std::string& text, const std::string& name) {
  try {
    return json::parse(text).get<FileRecord>();
  } catch (const std::exception& e) {
    throw std::runtime_error(name +
                             ": not a record of an attached file: " + e.what());
  }
}

RunState::RunState(fs::path dir) : dir_(std::move(dir)) {}

std::optional<UniqueFd> RunState::lock(const std::string& name, LockMode how,
                                       Deadline deadline) const {
  make_private_dir(dir_);
  make_private_dir(dir_ / "locks");
  return lock_file_until(dir_ / "locks" / name, 0600, how, deadline);
}

std::optional<UniqueFd> RunState::lock_file(uint32_t fs_id, uint64_t handle,
                                            Deadline deadline) const {
  return lock(std::to_string(fs_id) + "-" + std::to_string(handle),
              LockMode::kExclusive, deadline);
}

// The target is an IQN (check_iqn: no '/') and the portal an address and
// port, so the name is a file name.
std::optional<UniqueFd> RunState::lock_session(const SessionRecord& session,
                                               LockMode how,
                                               Deadline deadline) const {
  return lock("session-" + session.target + "," + session.portal.text(), how,
              deadline);
}

fs::path RunState::file_path(uint32_t fs_id, uint64_t handle) const {
  return dir_ / "files" /
         (std::to_string(fs_id) + "-" + std::to_string(handle) + ".json");
}

void RunState::write_atomically(const fs::path& path,
                                const std::string& text) const {
  make_private_dir(dir_);
  make_private_dir(path.parent_path());
  write_file_atomically(path, text, 0600);
}

std::optional<FileRecord> RunState::load_file(uint32_t fs_id,
                                              uint64_t handle) const {
  const fs::path path = file_path(fs_id, handle);
  const auto text = read_text(path);
  if (!text) return std::nullopt;
  return parse_file_record(*text, path.string());
}

std::vector<FileRecord> RunState::files() const {
  std::vector<FileRecord> records;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ / "files", ec)) {
    if (entry.path().extension() != ".json") continue;
    if (const auto text = read_text(entry.path()))
      records.push_back(parse_file_record(*text, entry.path().string()));
  }
  std::sort(records.begin(), records.end(),
            [](const FileRecord& a, const FileRecord& b) {
              return std::pair(a.layout.fs_id, a.layout.handle) <
                     std::pair(b.layout.fs_id, b.layout.handle);
            });
  return records;
}

void RunState::save_file(const FileRecord& record) const {
  write_atomically(file_path(record.layout.fs_id, record.layout.handle),
                   file_record_json(record));
}

void RunState::remove_file(uint32_t fs_id, uint64_t handle) const {
  const fs::path path = file_path(fs_id, handle);
  if (::unlink(path.c_str()) < 0 && errno != ENOENT)
    throw_errno(errno, "remove " + path.string());
}

std::vector<SessionRecord> RunState::sessions() const {
  const fs::path path = dir_ / "sessions.json";
  const auto text = read_text(path);
  if (!text) return {};
  try {
    return json::parse(*text).get<std::vector<SessionRecord>>();
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() +
                             ": not a list of sessions: " + e.what());
  }
}

void RunState::save_sessions(const std::vector<SessionRecord>& sessions) const {
  write_atomically(dir_ / "sessions.json", json(sessions).dump(2) + "\n");
}

namespace {

// Rewriting sessions.json takes milliseconds: a holder for longer is stuck.
constexpr std::chrono::seconds kSessionsLockPatience{10};

}  // namespace

UniqueFd RunState::lock_sessions() const {
  auto held = lock("sessions.json", LockMode::kExclusive,
                   std::chrono::steady_clock::now() + kSessionsLockPatience);
  if (!held)
    throw std::runtime_error((dir_ / "locks" / "sessions.json").string() +
                             ": still locked after 10 s");
  return std::move(*held);
}

void RunState::add_session(const SessionRecord& session) const {
  const UniqueFd held = lock_sessions();
  std::vector<SessionRecord> sessions = this->sessions();
  if (std::find(sessions.begin(), sessions.end(), session) != sessions.end())
    return;
  sessions.push_back(session);
  save_sessions(sessions);
}

void RunState::remove_session(const SessionRecord& session) const {
  const UniqueFd held = lock_sessions();
  std::vector<SessionRecord> sessions = this->sessions();
  std::erase(sessions, session);
  save_sessions(sessions);
}

}  // namespace pvfsf::attach
