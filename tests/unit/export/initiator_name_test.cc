// The initiator name a client's requests carry, from open-iscsi's
// initiatorname.iscsi.
#include "protocol/initiator_name.h"

#include <gtest/gtest.h>

#include "protocol/export_error.h"

namespace {

using namespace pvfsf::lun_export;

TEST(InitiatorName, FromOpenIscsisFile) {
  EXPECT_EQ(parse_initiator_name(
                "## DO NOT EDIT\n#InitiatorName=iqn.old:x\n"
                "InitiatorName=iqn.1993-08.org.debian:01:9d2e4f5a6b7c \n",
                "f"),
            "iqn.1993-08.org.debian:01:9d2e4f5a6b7c");
  EXPECT_THROW(parse_initiator_name("# nothing\n", "f"), ExportError);
  EXPECT_THROW(parse_initiator_name("InitiatorName=\n", "f"), ExportError);
  EXPECT_THROW(parse_initiator_name("InitiatorName=not a name\n", "f"),
               ExportError);
  EXPECT_THROW(read_initiator_name("/nonexistent/initiatorname.iscsi"),
               std::system_error);
}

}  // namespace
