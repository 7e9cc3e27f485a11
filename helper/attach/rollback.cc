#include "attach/rollback.h"

#include <exception>

namespace pvfsf::attach {

Rollback::Rollback(std::ostream& log, std::string prefix)
    : log_(log), prefix_(std::move(prefix)) {}

Rollback::~Rollback() {
  for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) {
    try {
      step->undo();
    } catch (const std::exception& e) {
      failures_++;
      log_ << prefix_ << ": rollback: " << step->what << ": " << e.what()
           << std::endl;
    } catch (...) {
      failures_++;
      log_ << prefix_ << ": rollback: " << step->what << ": unknown error"
           << std::endl;
    }
  }
}

void Rollback::add(std::string what, std::function<void()> undo) {
  steps_.push_back({std::move(what), std::move(undo)});
}

}  // namespace pvfsf::attach
