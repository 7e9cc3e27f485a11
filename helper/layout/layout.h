// The layout of a PVFS file as the pvfsf client learns it: where each
// datafile lives (which server, reached through which iSCSI portal and
// target), how the file is striped, and the arithmetic every tool shares.
// The stripe math itself is pvfsf_stripe.h; this file only feeds it.
//
// docs/layout.md describes the model, the JSON format and the rules.
#ifndef PVFSF_HELPER_LAYOUT_LAYOUT_H
#define PVFSF_HELPER_LAYOUT_LAYOUT_H

#include <linux/pvfsf.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/server_address.h"  // kIscsiPort, kServicePort
#include "layout/layout_error.h"
#include "pvfsf_stripe.h"

namespace pvfsf::layout {

// One PVFS data server as the fast path reaches it.
struct Server {
  std::string name;     // its key in Layout::servers, e.g. "server1"
  std::string portal;   // iSCSI portal "ADDR:PORT", numeric: readers resolve
                        // host names and add :3260 (common/server_address.h)
  std::string iqn;      // the target's iSCSI name on that portal
  std::string service;  // export request service "ADDR:PORT", numeric;
                        // readers resolve host names and add :3263
  std::string bmi;  // optional ("" = none): PVFS BMI address(es), comma-joined

  bool operator==(const Server&) const = default;
};

// One datafile (bstream) of the file.
struct Datafile {
  uint64_t handle = 0;  // PVFS handle of the datafile
  std::string server;   // key into Layout::servers

  bool operator==(const Datafile&) const = default;
};

struct Layout {
  uint32_t fs_id =
      0;  // PVFS collection id, 0..INT32_MAX (PVFS_fs_id is int32_t)
  uint64_t handle = 0;  // the file's (metafile's) handle, never 0
  std::string distribution = "simple_stripe";  // the only one supported
  uint64_t strip_size = 0;  // bytes: a multiple of 512, 4096..1 GiB
  uint64_t size = 0;        // bytes, when the layout was taken; <= INT64_MAX
  std::map<std::string, Server> servers;  // exactly the datafiles' servers
  std::vector<Datafile> datafiles;  // layout order: i holds strips i, i+N, ...

  bool operator==(const Layout&) const = default;
};

// Limits, the kernel's where it has one (<linux/pvfsf.h>).
inline constexpr uint64_t kMinStrip = PVFSF_MIN_STRIP;
inline constexpr uint64_t kMaxStrip = PVFSF_MAX_STRIP;
inline constexpr uint64_t kStripAlign = 512;
inline constexpr size_t kMaxDatafiles = PVFSF_MAX_MEMBERS;
inline constexpr uint32_t kMaxFsId = INT32_MAX;      // PVFS_fs_id is int32_t
inline constexpr uint64_t kMaxFileSize = INT64_MAX;  // PVFS_size is int64_t

// Every rule of docs/layout.md that one Layout can break; throws LayoutError
// "layout: <field>: <problem>" for the first, fields named as in the JSON
// (e.g. "servers.server1.portal", "datafiles[2].handle").  The readers call
// it; call it on a Layout built by hand before using it.
void validate(const Layout& layout);

// The part of validate() that concerns a servers map alone: every key a
// server name equal to the server's name, portal, iqn, service and bmi well
// formed, no BMI address claimed by two servers.  Messages start with
// "<prefix>: servers.<name>.<field>: ".
void validate_servers(const std::map<std::string, Server>& servers,
                      const std::string& prefix);

// The server of @servers whose bmi shares an address with @printed
// (comma-joined addresses, as pvfs2-viewdist prints them and fs.conf's
// Aliases list them).  Throws LayoutError "<what>: ..." if none or two do.
using ServerEntry = std::map<std::string, Server>::value_type;
const ServerEntry& server_with_bmi(std::string_view printed,
                                   const std::map<std::string, Server>& servers,
                                   const std::string& what);

// Throws LayoutError "<what>: ..." unless @strip is a strip size pvfsf takes.
void check_strip_size(uint64_t strip, const std::string& what);

// The stripe geometry of @layout in bytes, for pvfsf_stripe.h.  Throws
// LayoutError if the strip or the datafile count is out of range (all that
// the math needs; validate() checks the rest).
pvfsf_stripe stripe_of(const Layout& layout);

// Bytes that datafile @index holds of a file of @extent bytes (the size of
// its bstream once the file is that long).  Throws LayoutError for an index
// past the last datafile.
uint64_t datafile_share(const Layout& layout, uint64_t extent, uint32_t index);

// The size every LUN of the file is exported with: max(size, @extent)
// rounded up to a whole stripe (strip_size x N), at least one stripe,
// divided by N.  All members equal, none empty; the device then holds
// exactly that many stripes, so the file may grow to it through the fast
// path.  Throws LayoutError if the extent is above kMaxFileSize.
uint64_t lun_size(const Layout& layout, uint64_t extent = 0);

// Where byte @offset of the file lives.
struct Location {
  uint32_t datafile = 0;    // index in layout order
  uint64_t handle = 0;      // that datafile's handle
  std::string server;       // its server's name
  uint64_t offset = 0;      // the byte's offset inside the datafile
  uint64_t strip_left = 0;  // bytes from there to the end of the strip
};
Location locate(const Layout& layout, uint64_t offset);

// "%08llx.bstream": the name of a datafile's bstream on its server's disk,
// as pvfs2-viewdist prints it.
std::string bstream_name(uint64_t handle);

}  // namespace pvfsf::layout

#endif
