#include "control/member_spec.h"

#include <sys/sysmacros.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "control/block_device.h"
#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf {

namespace {

bool looks_numeric(std::string_view field) {
  return std::all_of(field.begin(), field.end(), [](unsigned char c) {
    return std::isxdigit(c) || c == 'x' || c == 'X' || c == '+' || c == '-';
  });
}

std::optional<uint64_t> parse_field(std::string_view field,
                                    std::string_view what) {
  if (field.empty()) return std::nullopt;
  return parse_u64(field, what);
}

}  // namespace

MemberArg parse_member_arg(std::string_view arg) {
  // Peel up to two numeric-looking fields off the right end.
  std::vector<std::string_view> fields;
  std::string_view path = arg;
  while (fields.size() < 2) {
    const size_t colon = path.rfind(':');
    if (colon == std::string_view::npos) break;
    const std::string_view field = path.substr(colon + 1);
    if (!looks_numeric(field)) break;
    fields.insert(fields.begin(), field);
    path = path.substr(0, colon);
  }
  if (path.empty())
    throw UsageError("member '" + std::string(arg) + "': no device path");

  const std::string prefix = "member '" + std::string(arg) + "': ";
  MemberArg member{std::string(path), std::nullopt, std::nullopt};
  try {
    if (fields.size() >= 1)
      member.datafile_handle =
          parse_field(fields[0], prefix + "datafile handle");
    if (fields.size() == 2)
      member.start_sector = parse_field(fields[1], prefix + "start sector");
  } catch (const UsageError& e) {
    throw UsageError(std::string(e.what()) +
                     " (if that colon is part of the path, end it with '::')");
  }
  return member;
}

Member resolve_member(const MemberArg& arg, uint32_t position) {
  const dev_t dev =
      arg.path == kUnboundPath
          ? makedev(0, 0)
          : block_device_number(arg.path,
                                "member " + std::to_string(position));
  Member member;
  member.datafile_handle = arg.datafile_handle.value_or(position);
  member.start_sector = arg.start_sector.value_or(0);
  member.dev_major = major(dev);
  member.dev_minor = minor(dev);
  member.path = arg.path;
  return member;
}

}  // namespace pvfsf
