// The MEMBER argument of "pvfsf-ctl create": PATH[:DATAFILE_HANDLE[:START]],
// or unbound[:DATAFILE_HANDLE] for a slot left to BIND.
#ifndef PVFSF_HELPER_CONTROL_MEMBER_SPEC_H
#define PVFSF_HELPER_CONTROL_MEMBER_SPEC_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "control/control_structs.h"

namespace pvfsf {

// The PATH that names no disk: the slot is left unbound (device 0:0).
inline constexpr std::string_view kUnboundPath = "unbound";

struct MemberArg {
  std::string path;                         // block device, as given
  std::optional<uint64_t> datafile_handle;  // absent: the member's position
  std::optional<uint64_t> start_sector;     // absent: 0; 512-byte sectors
};

// Paths may hold colons themselves (/dev/disk/by-path/ip-1.2.3.4:3260-...),
// so the fields are taken from the right, at most two of them, and only
// while they look like numbers: made of hex digits, 'x', '+', '-' or empty.
// Such a field must then parse (parse_u64), so "sdb:12abc" or "sdb:-1" is
// refused instead of becoming a path that does not exist.  An empty field
// keeps its default, which also lets "PATH::" name a path whose own last
// part looks like a number.  Throws UsageError.
MemberArg parse_member_arg(std::string_view arg);

// The member at @position (0-based, layout order): its device number from
// stat() (0:0 for kUnboundPath; "./unbound" names a file), defaults filled
// in.  Throws system_error before anything reaches
// the kernel if the path is missing or not a block device.
Member resolve_member(const MemberArg& arg, uint32_t position);

}  // namespace pvfsf

#endif
