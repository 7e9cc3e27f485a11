// What pvfs-stripe-attach remembers between runs, in a scratch directory
// standing for /run/pvfsf: file records that come back whole (64-bit
// handles included), listed in (fs id, handle) order; the sessions it
// logged in; and the locks of one file and of one session, each waited
// for until a deadline.
#include "attach/run_state.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/unique_fd.h"

namespace pvfsf::attach {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kHigh = uint64_t{1} << 63;

// A file of four datafiles on server1..server4, handles above 2^63, the
// last 2^64-1 (so no file here may have that handle).
layout::Layout four_datafiles(uint32_t fs_id, uint64_t handle) {
  layout::Layout l;
  l.fs_id = fs_id;
  l.handle = handle;
  l.strip_size = 65536;
  l.size = 3 * 65536 + 17;
  for (uint64_t i = 1; i <= 4; i++) {
    layout::Server s;
    s.name = "server" + std::to_string(i);
    s.portal = "127.0.10." + std::to_string(i) + ":3260";
    s.iqn = "iqn.2003-01.org.pvfsf.test:srv" + std::to_string(i);
    s.service = "127.0.10." + std::to_string(i) + ":3263";
    l.servers.emplace(s.name, s);
    l.datafiles.push_back({kHigh + i * 0x100000001ULL, s.name});
  }
  l.datafiles.back().handle = UINT64_MAX;
  return l;
}

FileRecord record(uint32_t fs_id, uint64_t handle) {
  return {four_datafiles(fs_id, handle), 65536 * 2, true, std::nullopt};
}

mode_t mode_of(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return 0;
  return st.st_mode & 07777;
}

// A RunState whose directory ("run", not made yet) is in a fresh
// temporary directory.
class AttachRunState : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "pvfsf-run-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(pattern.data()));
    top_ = pattern;
  }
  void TearDown() override { fs::remove_all(top_); }
  fs::path dir() const { return top_ / "run"; }
  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  // The what() of the std::runtime_error @call throws; "" if none.
  static std::string failure(const std::function<void()>& call) {
    try {
      call();
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }
  fs::path top_;
};

TEST_F(AttachRunState, FileRecordRoundTrip) {
  const RunState state(dir());
  const FileRecord saved = record(7, kHigh + 5);
  state.save_file(saved);
  const fs::path path = dir() / "files" / "7-9223372036854775813.json";
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_FALSE(fs::exists(path.string() + ".new"));
  EXPECT_EQ(mode_of(dir()), 0700u);
  EXPECT_EQ(mode_of(dir() / "files"), 0700u);
  EXPECT_EQ(mode_of(path), 0600u);

  // Read back by another RunState, as the next command would.
  const auto loaded = RunState(dir()).load_file(7, kHigh + 5);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->layout, saved.layout);
  EXPECT_EQ(loaded->layout.datafiles.back().handle, UINT64_MAX);
  EXPECT_EQ(loaded->lun_size, saved.lun_size);
  EXPECT_EQ(loaded->read_only, true);
  EXPECT_FALSE(loaded->orangefs_path);

  // Saved again, changed: replaced whole.
  FileRecord changed = saved;
  changed.layout.size = 42;
  changed.read_only = false;
  changed.orangefs_path = "/mnt/orangefs/dir with space/f\"1";
  state.save_file(changed);
  const auto reloaded = state.load_file(7, kHigh + 5);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->layout.size, 42u);
  EXPECT_FALSE(reloaded->read_only);
  EXPECT_EQ(reloaded->orangefs_path, changed.orangefs_path);
}

TEST_F(AttachRunState, RecordJsonRoundTrip) {
  const FileRecord saved = record(2147483647, UINT64_MAX - 1);
  const FileRecord back =
      parse_file_record(file_record_json(saved), "7-1.json");
  EXPECT_EQ(back.layout, saved.layout);
  EXPECT_EQ(back.lun_size, saved.lun_size);
  EXPECT_EQ(back.read_only, saved.read_only);
  EXPECT_EQ(back.orangefs_path, saved.orangefs_path);
}

// A record whose orangefs_path is no string is refused, not half read.
TEST_F(AttachRunState, RecordWithBadPathIsRefused) {
  std::string text = file_record_json(record(7, 1));
  text.insert(text.find('{') + 1, "\"orangefs_path\": 17,");
  EXPECT_NE(failure([&] { parse_file_record(text, "7-1.json"); })
                .find("7-1.json: not a record of an attached file"),
            std::string::npos);
}

TEST_F(AttachRunState, RemoveFile) {
  const RunState state(dir());
  state.save_file(record(7, 12));
  state.save_file(record(7, 13));
  state.remove_file(7, 12);
  EXPECT_FALSE(state.load_file(7, 12));
  EXPECT_TRUE(state.load_file(7, 13));
  EXPECT_NO_THROW(state.remove_file(7, 12));  // gone already
  EXPECT_NO_THROW(state.remove_file(8, 1));   // never was
  ASSERT_EQ(state.files().size(), 1u);
  EXPECT_EQ(state.files()[0].layout.handle, 13u);
}

TEST_F(AttachRunState, MissingRecordIsNullopt) {
  const RunState state(dir());  // not even the directory exists
  EXPECT_EQ(state.load_file(7, 12), std::nullopt);
  EXPECT_TRUE(state.files().empty());
  state.save_file(record(7, 12));
  EXPECT_EQ(state.load_file(7, 13), std::nullopt);
  EXPECT_EQ(state.load_file(8, 12), std::nullopt);
}

TEST_F(AttachRunState, FilesSortedByFsIdThenHandle) {
  const RunState state(dir());
  // Saved out of order; handles above 2^63 must sort as unsigned.
  for (const auto& [fs_id, handle] :
       std::vector<std::pair<uint32_t, uint64_t>>{{7, kHigh + 5},
                                                  {3, UINT64_MAX - 1},
                                                  {7, 12},
                                                  {3, 9},
                                                  {12, 1},
                                                  {7, kHigh - 1}})
    state.save_file(record(fs_id, handle));
  // Left-overs of an interrupted write are no records.
  write(dir() / "files" / "9-9.json.new", "{");
  write(dir() / "files" / "README", "not json");
  std::vector<std::pair<uint32_t, uint64_t>> order;
  for (const FileRecord& r : state.files())
    order.emplace_back(r.layout.fs_id, r.layout.handle);
  EXPECT_EQ(order,
            (std::vector<std::pair<uint32_t, uint64_t>>{{3, 9},
                                                        {3, UINT64_MAX - 1},
                                                        {7, 12},
                                                        {7, kHigh - 1},
                                                        {7, kHigh + 5},
                                                        {12, 1}}));
}

TEST_F(AttachRunState, CorruptRecordNamesItsPath) {
  const RunState state(dir());
  const fs::path path = dir() / "files" / "7-12.json";
  write(path, "{\"layout\": ");
  const std::string prefix =
      path.string() + ": not a record of an attached file: ";
  EXPECT_EQ(failure([&] { state.load_file(7, 12); }).rfind(prefix, 0), 0u)
      << failure([&] { state.load_file(7, 12); });
  EXPECT_EQ(failure([&] { state.files(); }).rfind(prefix, 0), 0u);
  // Valid JSON, but not a record: a field missing, a layout refused.
  std::string text = file_record_json(record(7, 12));
  text.replace(text.find("\"lun_size\""), 10, "\"lun_sise\"");
  write(path, text);
  EXPECT_EQ(failure([&] { state.load_file(7, 12); }).rfind(prefix, 0), 0u);
  text = file_record_json(record(7, 12));
  text.replace(text.find("\"strip_size\": 65536"), 19, "\"strip_size\": 100");
  write(path, text);
  EXPECT_EQ(failure([&] { state.load_file(7, 12); }).rfind(prefix, 0), 0u);
  EXPECT_EQ(
      failure([] { parse_file_record("[]", "x.json"); }).rfind("x.json: ", 0),
      0u);
}

TEST_F(AttachRunState, Sessions) {
  const RunState state(dir());
  EXPECT_TRUE(state.sessions().empty());
  const SessionRecord a{"iqn.2003-01.org.pvfsf.test:srv1",
                        {"127.0.10.1", 3260}};
  const SessionRecord b{"iqn.2003-01.org.pvfsf.test:srv2", endpoint_of("fe80::1", 3261)};
  const SessionRecord c{"iqn.2003-01.org.pvfsf.test:srv1",
                        {"127.0.10.1", 3261}};  // another portal
  state.add_session(a);
  state.add_session(b);
  state.add_session(a);  // no duplicate
  state.add_session(c);
  EXPECT_EQ(RunState(dir()).sessions(), (std::vector<SessionRecord>{a, b, c}));
  EXPECT_EQ(mode_of(dir() / "sessions.json"), 0600u);
  state.remove_session(a);
  EXPECT_EQ(state.sessions(), (std::vector<SessionRecord>{b, c}));
  state.remove_session(a);  // not there: nothing changes
  EXPECT_EQ(state.sessions(), (std::vector<SessionRecord>{b, c}));
  state.remove_session(b);
  state.remove_session(c);
  EXPECT_TRUE(state.sessions().empty());
}

TEST_F(AttachRunState, CorruptSessionsNameTheirPath) {
  const RunState state(dir());
  write(dir() / "sessions.json", "[{\"target\": \"iqn.x\"}]");
  const std::string path = (dir() / "sessions.json").string();
  EXPECT_EQ(failure([&] {
              state.sessions();
            }).rfind(path + ": not a list of sessions: ", 0),
            0u);
}

// A deadline passed already: one attempt.
RunState::Deadline now() { return std::chrono::steady_clock::now(); }

TEST_F(AttachRunState, FileLockMakesAPrivateDirAndExcludes) {
  const RunState state(dir());
  auto held = state.lock_file(7, kHigh + 1, now());
  ASSERT_TRUE(held);
  EXPECT_TRUE(fs::is_directory(dir() / "locks"));
  EXPECT_EQ(mode_of(dir()), 0700u);
  EXPECT_EQ(mode_of(dir() / "locks"), 0700u);
  // Another open file description of the lock cannot take it meanwhile.
  const std::string lock =
      (dir() / "locks" / ("7-" + std::to_string(kHigh + 1))).string();
  UniqueFd other(::open(lock.c_str(), O_RDWR | O_CLOEXEC));
  ASSERT_TRUE(other);
  EXPECT_EQ(::flock(other.get(), LOCK_EX | LOCK_NB), -1);
  EXPECT_EQ(errno, EWOULDBLOCK);
  EXPECT_EQ(::flock(other.get(), LOCK_SH | LOCK_NB), -1);
  // Closing the descriptor releases it.
  held->reset();
  EXPECT_EQ(::flock(other.get(), LOCK_EX | LOCK_NB), 0);
  EXPECT_EQ(::flock(other.get(), LOCK_UN), 0);
  // And lock_file() takes it again, on the existing directory.
  held = state.lock_file(7, kHigh + 1, now());
  ASSERT_TRUE(held);
  EXPECT_EQ(::flock(other.get(), LOCK_EX | LOCK_NB), -1);
  EXPECT_EQ(errno, EWOULDBLOCK);
}

TEST_F(AttachRunState, FileLockWaitsUntilItsDeadlineOnly) {
  const RunState state(dir());
  const auto held = state.lock_file(7, 1, now());
  ASSERT_TRUE(held);
  // Another file's lock is free: commands on other files never wait.
  EXPECT_TRUE(state.lock_file(7, 2, now()));
  EXPECT_TRUE(state.lock_file(8, 1, now()));
  // The same file's is not, and is given up at the deadline.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(state.lock_file(7, 1, start + std::chrono::milliseconds(200)));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST_F(AttachRunState, SessionLockIsSharedByUsersExclusiveToLogout) {
  const RunState state(dir());
  const SessionRecord a{"iqn.2003-01.org.pvfsf.test:srv1", {"127.0.10.1", 3260}};
  const SessionRecord b{"iqn.2003-01.org.pvfsf.test:srv1", {"127.0.10.1", 3261}};
  auto user1 = state.lock_session(a, LockMode::kShared, now());
  auto user2 = state.lock_session(a, LockMode::kShared, now());
  ASSERT_TRUE(user1);
  ASSERT_TRUE(user2);
  EXPECT_TRUE(fs::exists(dir() / "locks" /
                         "session-iqn.2003-01.org.pvfsf.test:srv1,127.0.10.1:3260"));
  // A logout waits for both users; another portal is another session.
  EXPECT_FALSE(state.lock_session(a, LockMode::kExclusive, now()));
  EXPECT_TRUE(state.lock_session(b, LockMode::kExclusive, now()));
  // A user that wants it exclusive (a rollback's logout) cannot have it
  // while the other uses it, and then holds nothing.
  EXPECT_FALSE(relock_file(*user1, LockMode::kExclusive));
  user2->reset();
  EXPECT_TRUE(relock_file(*user1, LockMode::kExclusive));
  EXPECT_FALSE(state.lock_session(a, LockMode::kShared, now()));
  // Exclusive to shared never waits.
  EXPECT_TRUE(relock_file(*user1, LockMode::kShared));
  EXPECT_TRUE(state.lock_session(a, LockMode::kShared, now()));
}

TEST_F(AttachRunState, DirectoryOthersCanWriteIsRefused) {
  fs::create_directory(dir());
  ASSERT_EQ(::chmod(dir().c_str(), 01777), 0);
  EXPECT_EQ(failure([&] { RunState(dir()).lock_file(1, 2, now()); }),
            dir().string() +
                " has mode 1777, writable by others than its owner: "
                "refusing to keep state there");
  EXPECT_FALSE(fs::exists(dir() / "locks"));
}

TEST_F(AttachRunState, DirectoryOfAnotherUserIsRefused) {
  fs::create_directory(dir());
  ASSERT_EQ(::chown(dir().c_str(), ::geteuid() + 1, ::getegid()), 0);
  EXPECT_EQ(failure([&] {
              RunState(dir()).save_file(record(1, 2));
            }).find(dir().string() + " is owned by uid "),
            0u);
  EXPECT_FALSE(fs::exists(dir() / "files"));
}

TEST_F(AttachRunState, DirectoryThatIsALinkIsRefused) {
  fs::create_directory(top_ / "elsewhere");
  fs::create_directory_symlink(top_ / "elsewhere", dir());
  EXPECT_EQ(failure([&] { RunState(dir()).lock_file(1, 2, now()); }),
            dir().string() +
                " is a symbolic link: refusing to keep state there");
  EXPECT_TRUE(fs::is_empty(top_ / "elsewhere"));
}

TEST_F(AttachRunState, LeftoverTemporaryIsReplacedNotFollowed) {
  const RunState state(dir());
  const fs::path path = dir() / "files" / "1-2.json";
  fs::create_directories(path.parent_path());
  write(top_ / "victim", "untouched");
  fs::create_symlink(top_ / "victim", path.string() + ".new");
  state.save_file(record(1, 2));
  EXPECT_EQ(state.load_file(1, 2)->layout.handle, 2u);
  EXPECT_FALSE(fs::exists(path.string() + ".new"));
  std::ifstream victim(top_ / "victim");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(victim), {}),
            "untouched");
}

TEST_F(AttachRunState, LockIsNotTakenThroughALink) {
  fs::create_directories(dir() / "locks");
  ASSERT_EQ(::chmod(dir().c_str(), 0700), 0);
  ASSERT_EQ(::chmod((dir() / "locks").c_str(), 0700), 0);
  write(top_ / "victim", "");
  fs::create_symlink(top_ / "victim", dir() / "locks" / "1-2");
  EXPECT_THROW(RunState(dir()).lock_file(1, 2, now()), std::system_error);
}

}  // namespace
}  // namespace pvfsf::attach
