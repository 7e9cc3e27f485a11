// fs.conf as pvfs2-genconfig 2.10.0 writes it (fixtures/fs-4-servers.conf,
// its storage paths moved under /srv/ofs), and the inputs it must refuse.
#include <gtest/gtest.h>

#include <string>

#include "orangefs/fs_conf.h"

namespace pvfsf::orangefs {
namespace {

const char kFixture[] = PVFSF_ORANGEFS_FIXTURES "/fs-4-servers.conf";

TEST(OrangefsFsConf, ReadsGenconfigOutput) {
  const FsConf conf = load_fs_conf(kFixture);
  ASSERT_EQ(conf.servers.size(), 4u);
  EXPECT_EQ(conf.servers[1].alias, "127.0.0.1_tcp3335");
  EXPECT_EQ(conf.servers[1].bmi,
            std::vector<std::string>{"tcp://127.0.0.1:3335"});
  // <ServerOptions> overrides <Defaults>.
  EXPECT_EQ(conf.servers[1].data_storage_space,
            "/srv/ofs/data-127.0.0.1_tcp3335");
  ASSERT_EQ(conf.file_systems.size(), 1u);
  const FileSystemConf& fs = conf.file_systems[0];
  EXPECT_EQ(fs.name, "orangefs");
  EXPECT_EQ(fs.id, 1910686850);
  EXPECT_EQ(fs.file_stuffing, std::optional<bool>(false));
  ASSERT_EQ(fs.data_ranges.size(), 4u);
  EXPECT_EQ(fs.data_ranges[3].alias, "127.0.0.1_tcp3337");
  EXPECT_EQ(fs.data_ranges[3].ranges,
            (std::vector<HandleRange>{
                {7378697629483820643u, 9223372036854775802u}}));
  ASSERT_EQ(fs.meta_ranges.size(), 1u);
  EXPECT_EQ(conf.file_system(1910686850), &fs);
  EXPECT_EQ(conf.file_system(7), nullptr);
  EXPECT_EQ(conf.server("127.0.0.1_tcp3336"), &conf.servers[2]);
  EXPECT_EQ(conf.server("nobody"), nullptr);
}

TEST(OrangefsFsConf, DataServerOfAHandle) {
  const FsConf conf = load_fs_conf(kFixture);
  const FileSystemConf& fs = conf.file_systems[0];
  EXPECT_EQ(conf.data_server_of(fs, 1844674407370955163u),
            "127.0.0.1_tcp3334");
  EXPECT_EQ(conf.data_server_of(fs, 3689348814741910322u),
            "127.0.0.1_tcp3334");
  EXPECT_EQ(conf.data_server_of(fs, 3689348814741910323u),
            "127.0.0.1_tcp3335");
  // A metafile handle is no datafile.
  EXPECT_EQ(conf.data_server_of(fs, 1048576), std::nullopt);
  EXPECT_EQ(conf.data_server_of(fs, 9223372036854775803u), std::nullopt);
}

const char kSmall[] = R"(# a comment
<Defaults>
	DataStorageSpace /data   # after a value too
</Defaults>
<Aliases>
	Alias a tcp://10.0.0.1:3334,ib://n1:3335
	Alias b tcp://10.0.0.2:3334
</Aliases>
<FileSystem>
	Name pvfs2-fs
	ID 9
	<DataHandleRanges>
		Range a 100-199,300-399
		Range b 200-299
	</DataHandleRanges>
</FileSystem>
<ServerOptions>
	Server b
	DataStorageSpace /b-data
</ServerOptions>
)";

TEST(OrangefsFsConf, RangeListsDefaultsAndAbsentStuffing) {
  const FsConf conf = parse_fs_conf(kSmall, "small");
  EXPECT_EQ(conf.servers[0].bmi,
            (std::vector<std::string>{"tcp://10.0.0.1:3334", "ib://n1:3335"}));
  EXPECT_EQ(conf.servers[0].data_storage_space, "/data");
  EXPECT_EQ(conf.servers[1].data_storage_space, "/b-data");
  const FileSystemConf& fs = conf.file_systems[0];
  // No FileStuffing line: the server stuffs.
  EXPECT_EQ(fs.file_stuffing, std::nullopt);
  EXPECT_EQ(conf.data_server_of(fs, 350), "a");
  EXPECT_EQ(conf.data_server_of(fs, 250), "b");
  EXPECT_EQ(conf.data_server_of(fs, 400), std::nullopt);
}

void expect_refused(const std::string& text, const std::string& message) {
  try {
    parse_fs_conf(text, "f");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const FsConfError& e) {
    EXPECT_EQ(e.what(), message);
  }
}

TEST(OrangefsFsConf, RefusesBrokenInput) {
  expect_refused("<FileSystem>\nName x\nID 1\n", "f: <FileSystem> is never closed");
  expect_refused("<Aliases>\n</FileSystem>\n", "f:2: </FileSystem> closes <Aliases>");
  expect_refused("</Aliases>\n", "f:1: </Aliases> closes nothing");
  expect_refused("<Aliases\n", "f:1: malformed section tag");
  expect_refused("<FileSystem>\nID 1\n</FileSystem>\n", "f: a <FileSystem> has no Name");
  expect_refused("<FileSystem>\nName x\n</FileSystem>\n", "f: a <FileSystem> has no ID");
  expect_refused("<FileSystem>\nName x\nID 1\nID 2\n</FileSystem>\n", "f:4: ID given twice");
  expect_refused("<FileSystem>\nName x\nID 2147483648\n</FileSystem>\n",
                 "f:3: ID 2147483648 is above 2^31-1");
  expect_refused("<FileSystem>\nName x\nID -1\n</FileSystem>\n",
                 "f:3: ID '-1': negative numbers are not allowed");
  expect_refused("<FileSystem>\nName x\nFileStuffing maybe\n</FileSystem>\n",
                 "f:3: FileStuffing is yes or no, not maybe");
  expect_refused("<DataHandleRanges>\n</DataHandleRanges>\n",
                 "f:1: <DataHandleRanges> outside <FileSystem>");
  expect_refused(
      "<FileSystem>\nName x\nID 1\n<DataHandleRanges>\nRange a 5-4\n",
      "f:5: range 5-4 is empty");
  expect_refused(
      "<FileSystem>\nName x\nID 1\n<DataHandleRanges>\nRange a 5\n",
      "f:5: range 5 has no '-'");
  expect_refused(
      "<FileSystem>\nName x\nID 1\n<DataHandleRanges>\nRange a 1-2\n"
      "</DataHandleRanges>\n</FileSystem>\n",
      "f:5: Range names a, which <Aliases> lacks");
  expect_refused("<Aliases>\nAlias a tcp://x:1\nAlias a tcp://y:1\n</Aliases>\n",
                 "f:3: alias a given twice");
  expect_refused("<ServerOptions>\nDataStorageSpace /d\n</ServerOptions>\n",
                 "f:1: <ServerOptions> without a Server line");
  expect_refused("<ServerOptions>\nServer z\nDataStorageSpace /d\n</ServerOptions>\n",
                 "f:1: ServerOptions for z, which <Aliases> lacks");
}

TEST(OrangefsFsConf, MissingFileSaysSo) {
  try {
    load_fs_conf("/nonexistent/fs.conf");
    ADD_FAILURE();
  } catch (const FsConfError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/fs.conf: cannot be read: No such file or directory");
  }
}

}  // namespace
}  // namespace pvfsf::orangefs
