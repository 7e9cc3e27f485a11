#include "layout/viewdist.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "layout/fields.h"
#include "common/parse_number.h"

namespace pvfsf::layout {

namespace {

std::string n(uint64_t value) { return std::to_string(value); }

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// The text cut into lines; "\r\n" ends a line as "\n" does, and the last
// line need not end at all.
class Lines {
 public:
  explicit Lines(std::string_view text) {
    while (!text.empty()) {
      const size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      if (line.ends_with('\r')) line.remove_suffix(1);
      lines_.push_back(line);
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
  }

  bool done() const { return next_ >= lines_.size(); }
  size_t number() const { return next_ + 1; }  // of the line next() gives
  std::string_view peek() const { return lines_[next_]; }
  std::string_view next() { return lines_[next_++]; }

  [[noreturn]] void refuse(size_t line, const std::string& why) const {
    throw LayoutError("viewdist: line " + n(line) + ": " + why);
  }

  // The next line, which must start with @prefix; returns the rest.
  std::string_view expect(std::string_view prefix, const char* what) {
    if (done())
      refuse(number(), std::string("expected ") + what + ", got the end");
    const std::string_view line = next();
    if (!line.starts_with(prefix))
      refuse(number() - 1,
             std::string("expected ") + what + ", got " + quote(line));
    return line.substr(prefix.size());
  }

 private:
  std::vector<std::string_view> lines_;
  size_t next_ = 0;
};

// A number printed with %llu or %d: decimal digits only.
uint64_t decimal(std::string_view text, const std::string& what) {
  if (!all_digits(text))
    throw LayoutError(what + ": " + quote(text) + " is not a decimal number");
  try {
    return parse_u64(text, "number");
  } catch (const UsageError& e) {
    throw LayoutError(what + ": " + e.what());
  }
}

}  // namespace

Layout parse_viewdist(std::string_view text, const ViewdistContext& ctx) {
  if (text.size() > kMaxViewdistBytes)
    throw LayoutError("viewdist: " + n(text.size()) + " bytes, more than " +
                      n(kMaxViewdistBytes) + "; not pvfs2-viewdist output");
  Lines lines(text);
  Layout layout;
  layout.fs_id = ctx.fs_id;
  layout.handle = ctx.handle;
  layout.size = ctx.size.value_or(0);

  // printf("dist_name = %s\n") and printf("dist_params:\n%s\n", params)
  const std::string_view dist = lines.expect("dist_name = ", "'dist_name = '");
  if (dist != "simple_stripe")
    lines.refuse(1, "distribution " + quote(dist) +
                        " is not supported; the fast path stripes "
                        "simple_stripe files only");
  lines.expect("dist_params:", "'dist_params:'");
  const size_t strip_line = lines.number();
  const std::string what_strip =
      "viewdist: line " + n(strip_line) + ": strip_size";
  layout.strip_size =
      decimal(lines.expect("strip_size:", "'strip_size:'"), what_strip);
  check_strip_size(layout.strip_size, what_strip);
  // simple_stripe's params string ends in '\n', so an empty line follows.
  while (!lines.done() && lines.peek().empty()) lines.next();

  lines.expect("Metadataserver: ", "'Metadataserver: '");
  const size_t count_line = lines.number();
  const uint64_t count =
      decimal(lines.expect("Number of datafiles/servers = ",
                           "'Number of datafiles/servers = '"),
              "viewdist: line " + n(count_line) + ": number of datafiles");
  if (count == 0)
    lines.refuse(count_line, "0 datafiles; a file has at least one");
  if (count > kViewdistMaxDatafiles)
    lines.refuse(count_line, n(count) +
                                 " datafiles; pvfs2-viewdist prints at "
                                 "most " +
                                 n(kViewdistMaxDatafiles));
  if (ctx.datafiles && *ctx.datafiles != count)
    lines.refuse(count_line, n(count) + " datafiles, but the file has " +
                                 n(*ctx.datafiles));
  if (count == kViewdistMaxDatafiles && !ctx.datafiles)
    lines.refuse(count_line,
                 "256 datafiles: pvfs2-viewdist prints at most 256, so the "
                 "list may be cut; give the file's datafile count to accept "
                 "it");

  // printf("Datafile %d - %s, handle: %llu (%08llx.bstream)\n")
  std::unordered_map<uint64_t, size_t> handle_at;
  std::map<std::string, size_t> server_at;
  std::vector<size_t> line_of;
  while (!lines.done() && lines.peek().starts_with("Datafile ")) {
    const size_t line_no = lines.number();
    const std::string_view line = lines.next();
    const size_t i = layout.datafiles.size();
    const std::string at =
        "viewdist: line " + n(line_no) + ": Datafile " + n(i);
    std::string_view rest = line.substr(9);
    const size_t dash = rest.find(" - ");
    const size_t comma = rest.rfind(", handle: ");
    const size_t paren = rest.rfind(" (");
    if (dash == std::string_view::npos || comma == std::string_view::npos ||
        paren == std::string_view::npos || comma < dash + 3 ||
        paren < comma + 10 || !rest.ends_with(".bstream)"))
      lines.refuse(line_no,
                   "expected 'Datafile I - SERVER, handle: H (HEX.bstream)', "
                   "got " +
                       quote(line));
    const std::string_view index_text = rest.substr(0, dash);
    const std::string_view printed = rest.substr(dash + 3, comma - dash - 3);
    const std::string_view handle_text =
        rest.substr(comma + 10, paren - comma - 10);
    const std::string_view hex =
        rest.substr(paren + 2, rest.size() - paren - 2 - 9);

    if (!all_digits(index_text) || index_text != n(i))
      lines.refuse(line_no, "Datafile " + quote(index_text) +
                                " where Datafile " + n(i) +
                                " was expected (indices run 0..N-1 "
                                "in order)");
    if (i >= count)
      lines.refuse(line_no, "Datafile " + n(i) + " beyond the " + n(count) +
                                " datafiles of line " + n(count_line));
    const uint64_t handle = decimal(handle_text, at + ": handle");
    uint64_t from_hex = 0;
    if (hex.size() < 8 || hex.size() > 16 ||
        !std::all_of(hex.begin(), hex.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c));
        }))
      lines.refuse(line_no, "Datafile " + n(i) + ": bstream name " +
                                quote(hex) + " is not 8 to 16 hex digits");
    for (char c : hex)
      from_hex = from_hex * 16 + static_cast<uint64_t>(
                                     std::isdigit(static_cast<unsigned char>(c))
                                         ? c - '0'
                                         : std::tolower(c) - 'a' + 10);
    if (from_hex != handle)
      lines.refuse(line_no, "Datafile " + n(i) + ": handle " + n(handle) +
                                " is " + bstream_name(handle) +
                                " but the line says " + std::string(hex) +
                                ".bstream");
    auto [seen, fresh] = handle_at.emplace(handle, i);
    if (!fresh)
      lines.refuse(line_no, "Datafile " + n(i) + ": handle " + n(handle) +
                                " repeats Datafile " + n(seen->second) +
                                " (line " + n(line_of[seen->second]) + ")");
    const auto& [name, server] = server_with_bmi(printed, ctx.servers, at);
    auto [other, first] = server_at.emplace(name, i);
    if (!first)
      lines.refuse(line_no, "Datafile " + n(i) + ": server " + quote(printed) +
                                " (" + name + ") already holds Datafile " +
                                n(other->second) +
                                "; PVFS puts each datafile of a file on a "
                                "different server");
    layout.servers.emplace(name, server);
    layout.datafiles.push_back({handle, name});
    line_of.push_back(line_no);
  }
  if (layout.datafiles.size() < count)
    lines.refuse(count_line, "Number of datafiles/servers = " + n(count) +
                                 " but " + n(layout.datafiles.size()) +
                                 " Datafile lines follow");
  while (!lines.done()) {
    const size_t line_no = lines.number();
    const std::string_view line = lines.next();
    if (!line.empty())
      lines.refuse(line_no,
                   "unexpected text after the datafiles: " + quote(line));
  }
  validate(layout);
  return layout;
}

}  // namespace pvfsf::layout
