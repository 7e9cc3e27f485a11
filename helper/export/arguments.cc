#include "export/arguments.h"

#include <limits>

#include "common/error.h"
#include "protocol/export_error.h"
#include "export/exporter.h"
#include "common/parse_number.h"

namespace pvfsf::lun_export {

namespace {

// Runs a check that throws ExportError kBadRequest as a UsageError.
template <typename F>
void as_usage(F&& check) {
  try {
    check();
  } catch (const ExportError& e) {
    throw UsageError(e.what());
  }
}

}  // namespace

FsId parse_fs_id(std::string_view text) {
  const bool negative = text.starts_with('-');
  const uint64_t magnitude =
      parse_u64(negative ? text.substr(1) : text, "fs id");
  const uint64_t limit =
      negative ? uint64_t{1} << 31 : std::numeric_limits<FsId>::max();
  if (magnitude > limit)
    throw UsageError("fs id '" + std::string(text) +
                     "': does not fit PVFS_fs_id (int32)");
  return negative ? static_cast<FsId>(-static_cast<int64_t>(magnitude))
                  : static_cast<FsId>(magnitude);
}

std::vector<Handle> parse_handles(const std::vector<std::string>& texts) {
  std::vector<Handle> handles;
  for (const std::string& text : texts)
    handles.push_back(parse_u64(text, "handle"));
  as_usage([&] { check_handles(handles); });
  return handles;
}

uint64_t parse_lun_size(std::string_view text) {
  const uint64_t size = parse_size(text, "size");
  as_usage([&] { check_lun_size(size); });
  return size;
}

uint64_t parse_bstream_size(std::string_view text) {
  const uint64_t size = parse_size(text, "size");
  as_usage([&] { check_bstream_size(size); });
  return size;
}

}  // namespace pvfsf::lun_export
