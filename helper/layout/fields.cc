#include "layout/fields.h"

#include <algorithm>
#include <cctype>

namespace pvfsf::layout {

namespace {

constexpr size_t kMaxBmi = 1024;

[[noreturn]] void refuse(const std::string& what, const std::string& why) {
  throw LayoutError(what + ": " + why);
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool is_graph(char c) { return c > ' ' && c < 0x7f; }  // printable, no space

bool all_of(std::string_view text, bool (*pred)(char)) {
  return std::all_of(text.begin(), text.end(), pred);
}

}  // namespace

std::vector<std::string> split_bmi(std::string_view bmi,
                                   const std::string& what) {
  if (bmi.empty()) refuse(what, "empty; expected a BMI address");
  if (bmi.size() > kMaxBmi)
    refuse(what, quote(bmi) + ": longer than 1024 bytes");
  std::vector<std::string> addresses;
  size_t start = 0;
  while (true) {
    const size_t comma = bmi.find(',', start);
    const std::string_view address = bmi.substr(
        start, comma == std::string_view::npos ? comma : comma - start);
    const size_t scheme_end = address.find("://");
    if (scheme_end == 0 || scheme_end == std::string_view::npos ||
        scheme_end + 3 == address.size() ||
        !all_of(address.substr(0, scheme_end), is_alnum) ||
        !all_of(address, is_graph))
      refuse(what, quote(bmi) +
                       " is not a BMI address list (scheme://host:port, "
                       "several joined by ',')");
    addresses.emplace_back(address);
    if (comma == std::string_view::npos) return addresses;
    start = comma + 1;
  }
}

}  // namespace pvfsf::layout
