// Bstreams on the storage: created lazily as trove-dbpf does, resized by
// set-size, refused under a collection that does not exist.
#include "export/bstream.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

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

}  // namespace
