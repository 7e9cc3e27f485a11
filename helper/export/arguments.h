// Parsers for the arguments of pvfs-lun-export: fs ids, handles, sizes.
// Built on parse_number.h, so handles use all 64 bits and nothing wraps.
#ifndef PVFSF_HELPER_EXPORT_ARGUMENTS_H
#define PVFSF_HELPER_EXPORT_ARGUMENTS_H

#include <string>
#include <string_view>
#include <vector>

#include "protocol/types.h"

namespace pvfsf::lun_export {

// A PVFS_fs_id: decimal or 0x-hex, optionally negative, within int32.
// Throws UsageError.
FsId parse_fs_id(std::string_view text);
// Handles, each as parse_u64 reads it; checked as check_handles() does
// (UsageError: non-zero, distinct, at most kMaxHandlesPerRequest).
std::vector<Handle> parse_handles(const std::vector<std::string>& texts);
// A LUN size (parse_size syntax: 1048576, 1M, 0x100000): non-zero, a
// multiple of 512, at most kMaxLunSize.  Throws UsageError.
uint64_t parse_lun_size(std::string_view text);
// A bstream size for set-size: any byte count up to kMaxLunSize.
uint64_t parse_bstream_size(std::string_view text);

}  // namespace pvfsf::lun_export

#endif
