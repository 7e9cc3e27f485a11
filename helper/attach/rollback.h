// The undo list of an operation that acts in steps.  Each step that
// changed something adds how to undo it; if the operation does not reach
// commit(), the destructor undoes the steps, last first.  An undo that fails
// is reported and does not stop the others: leaving less behind is always
// better than stopping at the first obstacle.
#ifndef PVFSF_HELPER_ATTACH_ROLLBACK_H
#define PVFSF_HELPER_ATTACH_ROLLBACK_H

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace pvfsf::attach {

class Rollback {
 public:
  // Failed undos are reported on @log as "<prefix>: rollback: <what>: <why>".
  Rollback(std::ostream& log, std::string prefix);
  ~Rollback();
  Rollback(const Rollback&) = delete;
  Rollback& operator=(const Rollback&) = delete;

  // @what names the undo for the report: "unexport handle 42 from server1".
  void add(std::string what, std::function<void()> undo);
  // The operation succeeded: nothing is undone.
  void commit() { steps_.clear(); }
  // While undoing: whether an undo run so far failed (a last step that
  // forgets a record keeps it then, for a later clean-up).
  bool undo_failed() const { return failures_ > 0; }

 private:
  struct Step {
    std::string what;
    std::function<void()> undo;
  };
  std::ostream& log_;
  std::string prefix_;
  std::vector<Step> steps_;
  unsigned failures_ = 0;
};

}  // namespace pvfsf::attach

#endif
