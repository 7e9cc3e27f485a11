// How the layout readers refuse input: one exception type whose what() is a
// single line naming the field (or the line) and the problem, e.g.
// "layout: datafiles[2].handle: 123 repeats datafiles[0].handle".  A tool
// exits 1 on it (bad input), as opposed to UsageError (bad arguments, 2).
#ifndef PVFSF_HELPER_LAYOUT_LAYOUT_ERROR_H
#define PVFSF_HELPER_LAYOUT_LAYOUT_ERROR_H

#include <stdexcept>
#include <string>
#include <string_view>

namespace pvfsf::layout {

class LayoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// @text for a message: in double quotes, with '"', '\' and every byte
// outside printable ASCII escaped (\n, \t, \xNN), cut after @max bytes with
// "..." so that a message stays one short line whatever the input held.
std::string quote(std::string_view text, size_t max = 64);

}  // namespace pvfsf::layout

#endif
