// The checks of a layout's string fields.  Server names, iSCSI names and
// "HOST[:PORT]" endpoints are checked by the one model all tools share
// (common/server_address.h); here they throw LayoutError "<what>: <problem>"
// as every layout reader does.  BMI addresses are the layout's own.
#ifndef PVFSF_HELPER_LAYOUT_FIELDS_H
#define PVFSF_HELPER_LAYOUT_FIELDS_H

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/server_address.h"
#include "layout/layout_error.h"

namespace pvfsf::layout {

// Runs @check (a function of common/server_address.h) and throws its
// refusal as a LayoutError: bad input, not a bad argument.
template <typename Check>
decltype(auto) field_check(Check&& check) {
  try {
    return std::forward<Check>(check)();
  } catch (const UsageError& e) {
    throw LayoutError(e.what());
  }
}

// A BMI address list as pvfs2-viewdist prints it: one or more
// "<scheme>://<rest>" joined by ',', printable ASCII without spaces, at
// most 1024 bytes.  Returns the addresses.
std::vector<std::string> split_bmi(std::string_view bmi,
                                   const std::string& what);

}  // namespace pvfsf::layout

#endif
