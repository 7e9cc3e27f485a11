// The libblkid probe on regular files standing in for disks: size, sector
// size, and every signature found.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "attach/blkid_probe.h"

namespace pvfsf::attach {
namespace {

namespace fs = std::filesystem;

class AttachBlkidFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "pvfsf-blkid-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(pattern.data()));
    dir_ = pattern;
    path_ = (dir_ / "disk").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void make(uint64_t size) {
    std::ofstream(path_).close();
    fs::resize_file(path_, size);
  }
  // Runs @tool on the file; skips the test if the tool is missing.
  bool run(const std::string& command) {
    const std::string tool = command.substr(0, command.find(' '));
    if (std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) != 0) return false;
    return std::system((command + " " + path_ + " >/dev/null 2>&1").c_str()) == 0;
  }
  void mbr_signature() {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(510);
    f.write("\x55\xaa", 2);
    ASSERT_TRUE(f.good());
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(AttachBlkidFile, BareFileHasNoSignature) {
  make(4 << 20);
  const ProbeResult r = probe_device(path_);
  EXPECT_EQ(r.size_bytes, 4u << 20);
  EXPECT_EQ(r.logical_sector_size, 512u);
  EXPECT_TRUE(r.bare());
  EXPECT_EQ(r.describe_signatures(), "");
}

TEST_F(AttachBlkidFile, Ext4IsFound) {
  make(8 << 20);
  if (!run("mkfs.ext4 -q -F")) GTEST_SKIP() << "mkfs.ext4 is not available";
  const ProbeResult r = probe_device(path_);
  ASSERT_EQ(r.signatures.size(), 1u) << r.describe_signatures();
  EXPECT_EQ(r.signatures[0].type, "ext4");
  EXPECT_EQ(r.signatures[0].usage, "filesystem");
  EXPECT_EQ(r.signatures[0].offset, 1080u);  // s_magic in the superblock at 1024
  EXPECT_FALSE(r.bare());
  EXPECT_EQ(r.describe_signatures(), "ext4 (filesystem) at offset 1080");
}

TEST_F(AttachBlkidFile, PartitionTableIsFound) {
  // An empty DOS label: the boot signature 55 aa at the end of sector 0.
  make(8 << 20);
  mbr_signature();
  const ProbeResult r = probe_device(path_);
  ASSERT_EQ(r.signatures.size(), 1u) << r.describe_signatures();
  EXPECT_EQ(r.signatures[0].type, "dos");
  EXPECT_EQ(r.signatures[0].usage, "partition table");
  EXPECT_EQ(r.signatures[0].offset, 510u);
}

TEST_F(AttachBlkidFile, EverySignatureIsListed) {
  // An ext4 with a DOS label over its boot sector: wipefs lists both, and
  // so must we (blkid_do_safeprobe would give up on the ambiguity).
  make(8 << 20);
  if (!run("mkfs.ext4 -q -F")) GTEST_SKIP() << "mkfs.ext4 is not available";
  mbr_signature();
  const ProbeResult r = probe_device(path_);
  EXPECT_EQ(r.describe_signatures(),
            "ext4 (filesystem) at offset 1080, dos (partition table) at offset 510");
}

TEST_F(AttachBlkidFile, MissingFileThrows) {
  try {
    probe_device(path_);
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()), "open " + path_ + ": No such file or directory");
  }
}

}  // namespace
}  // namespace pvfsf::attach
