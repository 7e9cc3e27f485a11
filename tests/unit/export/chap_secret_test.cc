// The CHAP secret file of a server (chap-file): its keys, the values LIO
// can hold, and its mode.
#include "export/chap_secret.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/error.h"
#include "fake_configfs.h"

namespace {

using namespace pvfsf::lun_export;
using pvfsf::UsageError;
using pvfsf::lun_export::testing::TempDir;

TEST(ChapSecret, OneWayAndMutual) {
  ChapSecret secret = parse_chap_secret(
      "# the cluster's CHAP\nusername = pvfsf-initiator\n"
      "password =  chap secret #1 \n",
      "f");
  EXPECT_EQ(secret.initiator.username, "pvfsf-initiator");
  EXPECT_EQ(secret.initiator.password, "chap secret #1");
  EXPECT_FALSE(secret.mutual);
  secret = parse_chap_secret(
      "username=u\npassword=chap-secret-1234\nmutual_username=t\n"
      "mutual_password=target-secret-56\n",
      "f");
  ASSERT_TRUE(secret.mutual);
  EXPECT_EQ(secret.mutual->username, "t");
  EXPECT_EQ(secret.mutual->password, "target-secret-56");
}

TEST(ChapSecret, RefusesWhatLioCannotTake) {
  for (const char* text :
       {"", "username = u\n", "password = chap-secret-1234\n",
        "username = u\npassword = short\n",
        "username = u\npassword = chap-secret-1234\nusername = v\n",
        "username = u\npassword = chap-secret-1234\nsecret = x\n",
        "username = u\npassword = chap-secret-1234\nmutual_username = t\n",
        "username = NULL\npassword = chap-secret-1234\n",
        "username = u\npassword chap-secret-1234\n",
        "username = u\npassword = chap\tsecret-1234\n"}) {
    EXPECT_THROW(parse_chap_secret(text, "f"), UsageError) << text;
  }
  EXPECT_THROW(
      parse_chap_secret(
          "username = u\npassword = " + std::string(256, 'p') + "\n", "f"),
      UsageError);
}

TEST(ChapSecret, FileMustBeTheOwnersAlone) {
  TempDir dir;
  const fs::path file = dir.path() / "chap.secret";
  std::ofstream(file) << "username = u\npassword = chap-secret-1234\n";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write |
                            fs::perms::group_read);
  try {
    load_chap_secret(file);
    FAIL() << "a group-readable secret was taken";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("mode 0640"), std::string::npos)
        << e.what();
  }
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(load_chap_secret(file).initiator.password, "chap-secret-1234");
  EXPECT_THROW(load_chap_secret(dir.path() / "missing"), UsageError);
}

}  // namespace
