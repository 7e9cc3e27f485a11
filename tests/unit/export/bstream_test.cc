// Bstreams on the storage: created lazily as trove-dbpf does, resized by
// set-size, refused under a collection that does not exist, and never
// through a symbolic link or onto anything but a regular file.
#include "export/bstream.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "protocol/export_error.h"
#include "fake_configfs.h"
#include "protocol/names.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::lun_export::testing::TempDir;

class BstreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(bstreams_dir(dir_.path(), 7));
  }
  std::filesystem::path storage() const { return dir_.path(); }

  TempDir dir_;
};

mode_t mode_of(const std::filesystem::path& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST_F(BstreamTest, AbsentBstreamIsCreatedEmptyWithItsBucket) {
  const auto path = bstream_path(storage(), 7, 65);
  EXPECT_FALSE(file_length(path));
  EXPECT_FALSE(std::filesystem::exists(path.parent_path()));
  EXPECT_TRUE(ensure_bstream(storage(), 7, 65));
  EXPECT_EQ(file_length(path), 0u);
  EXPECT_EQ(mode_of(path), 0600u);  // TROVE_FD_MODE
  EXPECT_TRUE(std::filesystem::is_directory(path.parent_path()));
}

TEST_F(BstreamTest, ExistingBstreamIsLeftAlone) {
  const auto path = bstream_path(storage(), 7, 64);
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << "hello world\n";
  EXPECT_FALSE(ensure_bstream(storage(), 7, 64));
  EXPECT_EQ(file_length(path), 12u);
}

TEST_F(BstreamTest, MissingCollectionIsNotFoundAndNothingIsCreated) {
  try {
    ensure_bstream(storage(), 8, 65);
    FAIL() << "no error";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("00000008/bstreams"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(storage() / collection_dirname(8)));
}

TEST_F(BstreamTest, SetSizeTruncatesAndExtends) {
  const auto path = bstream_path(storage(), 7, 100);
  set_bstream_size(storage(), 7, 100, 1000);  // creates it
  EXPECT_EQ(file_length(path), 1000u);
  {
    std::fstream out(path, std::ios::in | std::ios::out | std::ios::binary);
    out << "abcdef";
  }
  set_bstream_size(storage(), 7, 100, 3);
  EXPECT_EQ(file_length(path), 3u);
  set_bstream_size(storage(), 7, 100, 4096 + 7);
  EXPECT_EQ(file_length(path), 4103u);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(bytes.size(), 4103u);
  EXPECT_EQ(bytes.substr(0, 3), "abc");
  EXPECT_EQ(bytes.substr(3), std::string(4100, '\0'));
  set_bstream_size(storage(), 7, 100, 0);
  EXPECT_EQ(file_length(path), 0u);
}

TEST_F(BstreamTest, SetSizeUnderMissingCollectionIsNotFound) {
  EXPECT_THROW(set_bstream_size(storage(), 9, 1, 10), ExportError);
}

// Expects @action to be refused with kFailed, the message naming @path.
template <typename Action>
void expect_refused(Action action, const std::filesystem::path& path) {
  try {
    action();
    FAIL() << "no error for " << path;
  } catch (const ExportError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kFailed) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string() + " is "),
              std::string::npos)
        << e.what();
  }
}

std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST_F(BstreamTest, BstreamThatIsALinkIsRefusedAndItsTargetUntouched) {
  const auto path = bstream_path(storage(), 7, 64);
  const auto target = storage() / "elsewhere";
  std::ofstream(target) << "not a bstream";
  std::filesystem::create_directories(path.parent_path());
  std::filesystem::create_symlink(target, path);
  expect_refused([&] { ensure_bstream(storage(), 7, 64); }, path);
  expect_refused([&] { set_bstream_size(storage(), 7, 64, 0); }, path);
  EXPECT_EQ(contents(target), "not a bstream");
}

TEST_F(BstreamTest, BucketThatIsALinkIsRefused) {
  const auto path = bstream_path(storage(), 7, 64);
  const auto elsewhere = storage() / "elsewhere";
  std::filesystem::create_directories(elsewhere);
  std::ofstream(elsewhere / path.filename()) << "not a bstream";
  std::filesystem::create_directory_symlink(elsewhere, path.parent_path());
  expect_refused([&] { set_bstream_size(storage(), 7, 64, 0); },
                 path.parent_path());
  EXPECT_EQ(contents(elsewhere / path.filename()), "not a bstream");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(elsewhere),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(BstreamTest, BstreamsDirectoryThatIsALinkIsRefused) {
  const auto dir = bstreams_dir(storage(), 8);
  std::filesystem::create_directories(dir.parent_path());
  std::filesystem::create_directory_symlink(bstreams_dir(storage(), 7), dir);
  expect_refused([&] { ensure_bstream(storage(), 8, 65); }, dir);
  EXPECT_FALSE(
      std::filesystem::exists(bstream_path(storage(), 7, 65).parent_path()));
}

TEST_F(BstreamTest, BstreamThatIsNotARegularFileIsRefused) {
  const auto path = bstream_path(storage(), 7, 64);
  std::filesystem::create_directories(path.parent_path());
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  expect_refused([&] { ensure_bstream(storage(), 7, 64); }, path);
}

}  // namespace
