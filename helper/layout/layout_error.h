// How the layout readers refuse input: one exception type whose what() is a
// single line naming the field (or the line) and the problem, e.g.
// "layout: datafiles[2].handle: 123 repeats datafiles[0].handle".  A tool
// exits 1 on it (bad input), as opposed to UsageError (bad arguments, 2).
#ifndef PVFSF_HELPER_LAYOUT_LAYOUT_ERROR_H
#define PVFSF_HELPER_LAYOUT_LAYOUT_ERROR_H

#include <stdexcept>
#include <string>
#include <string_view>

#include "common/error.h"  // quote()

namespace pvfsf::layout {

class LayoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace pvfsf::layout

#endif
