// The bytes the checker puts on member devices before a run.  Each byte is a
// function of (seed, member, its offset on the member device) alone, so any
// range can be regenerated to compare with, and a byte that turns up at the
// wrong member or offset does not match by chance.
#ifndef PVFSF_TOOLS_BYTE_PATTERN_H
#define PVFSF_TOOLS_BYTE_PATTERN_H

#include <cstdint>
#include <span>

namespace pvfsf::tools {

// Bytes [offset, offset + out.size()) of member @member's pattern.
void fill_pattern(uint64_t seed, uint32_t member, uint64_t offset,
                  std::span<uint8_t> out);

}  // namespace pvfsf::tools

#endif
