// The undo list of a step-wise operation: left without commit(), it undoes
// every step, last first; an undo that fails is reported and the others
// still run.
#include "attach/rollback.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace pvfsf::attach {
namespace {

TEST(AttachRollback, UndoesInReverseOrder) {
  std::vector<std::string> undone;
  std::ostringstream log;
  {
    Rollback rollback(log, "attach");
    rollback.add("logout", [&] { undone.push_back("logout"); });
    rollback.add("unexport", [&] { undone.push_back("unexport"); });
    rollback.add("remove", [&] { undone.push_back("remove"); });
    EXPECT_TRUE(undone.empty());  // nothing before the end of the scope
  }
  EXPECT_EQ(undone, (std::vector<std::string>{"remove", "unexport", "logout"}));
  EXPECT_EQ(log.str(), "");
}

TEST(AttachRollback, UndoesWhenAnExceptionLeaves) {
  std::vector<std::string> undone;
  std::ostringstream log;
  try {
    Rollback rollback(log, "attach");
    rollback.add("one", [&] { undone.push_back("one"); });
    rollback.add("two", [&] { undone.push_back("two"); });
    throw std::runtime_error("step three failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(undone, (std::vector<std::string>{"two", "one"}));
}

TEST(AttachRollback, CommitKeepsEverything) {
  std::vector<std::string> undone;
  std::ostringstream log;
  {
    Rollback rollback(log, "attach");
    rollback.add("one", [&] { undone.push_back("one"); });
    rollback.add("two", [&] { undone.push_back("two"); });
    rollback.commit();
  }
  EXPECT_TRUE(undone.empty());
  EXPECT_EQ(log.str(), "");
}

TEST(AttachRollback, StepsAfterCommitAreUndone) {
  std::vector<std::string> undone;
  std::ostringstream log;
  {
    Rollback rollback(log, "attach");
    rollback.add("one", [&] { undone.push_back("one"); });
    rollback.commit();
    rollback.add("two", [&] { undone.push_back("two"); });
  }
  EXPECT_EQ(undone, (std::vector<std::string>{"two"}));
}

TEST(AttachRollback, FailedUndoIsReportedAndTheOthersRun) {
  std::vector<std::string> undone;
  std::ostringstream log;
  {
    Rollback rollback(log, "pvfs-stripe-attach: server2 (handle 42)");
    rollback.add("logout from srv1", [&] { undone.push_back("logout"); });
    rollback.add("unexport handle 42 from server2",
                 [] { throw std::runtime_error("connection refused"); });
    rollback.add("unexport handle 43 from server3", [&] {
      undone.push_back("unexport 43");
      throw std::system_error(ETIMEDOUT, std::generic_category(), "request");
    });
    rollback.add("remove /dev/pvfsf0", [&] { undone.push_back("remove"); });
  }
  EXPECT_EQ(undone,
            (std::vector<std::string>{"remove", "unexport 43", "logout"}));
  EXPECT_EQ(log.str(),
            "pvfs-stripe-attach: server2 (handle 42): rollback: unexport "
            "handle 43 from server3: request: Connection timed out\n"
            "pvfs-stripe-attach: server2 (handle 42): rollback: unexport "
            "handle 42 from server2: connection refused\n");
}

// The last undo (forget the record) learns whether an earlier one failed.
TEST(AttachRollback, LastUndoSeesEarlierFailures) {
  std::ostringstream log;
  std::vector<bool> seen;
  for (const bool fail : {false, true}) {
    Rollback rollback(log, "attach");
    rollback.add("forget the record",
                 [&] { seen.push_back(rollback.undo_failed()); });
    rollback.add("unexport", [fail] {
      if (fail) throw std::runtime_error("refused");
    });
    EXPECT_FALSE(rollback.undo_failed());
  }
  EXPECT_EQ(seen, (std::vector<bool>{false, true}));
}

}  // namespace
}  // namespace pvfsf::attach
