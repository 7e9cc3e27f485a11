// BMI addresses, the layout's own string field (portals, services, iSCSI
// and server names: tests/unit/server_address_test.cc).
#include <gtest/gtest.h>

#include "layout/fields.h"
#include "test_util.h"

namespace pvfsf::layout {
namespace {

using test::refusal;

TEST(LayoutBmi, SplitAndRefused) {
  EXPECT_EQ(split_bmi("tcp://node1:3334", "bmi"),
            (std::vector<std::string>{"tcp://node1:3334"}));
  EXPECT_EQ(split_bmi("tcp://a:1,ib://b:2", "bmi"),
            (std::vector<std::string>{"tcp://a:1", "ib://b:2"}));
  for (const char* bmi : {"node1:3334", "tcp://", "://a", "tcp://a b",
                          "tcp://a,", ",tcp://a", "tcp://a,,ib://b", "t-p://a"})
    EXPECT_EQ(refusal([&] { split_bmi(bmi, "bmi"); }),
              "bmi: \"" + std::string(bmi) +
                  "\" is not a BMI address list (scheme://host:port, several "
                  "joined by ',')")
        << bmi;
  EXPECT_EQ(refusal([] { split_bmi("", "bmi"); }),
            "bmi: empty; expected a BMI address");
  EXPECT_FALSE(refusal([] {
                 split_bmi("tcp://" + std::string(1100, 'a'), "b");
               }).empty());
}

}  // namespace
}  // namespace pvfsf::layout
