// A layout from the text pvfs2-viewdist prints (OrangeFS
// src/apps/admin/pvfs2-viewdist.c, the same from v2.8.6 to today):
//
//   dist_name = simple_stripe
//   dist_params:
//   strip_size:65536
//
//   Metadataserver: tcp://node1:3334
//   Number of datafiles/servers = 4
//   Datafile 0 - tcp://node1:3334, handle: 1844674407370955213
//   (19999999999999cd.bstream)
//   ...
//
// viewdist prints neither the fs_id, the file's handle nor its size, and
// names servers by BMI address only; the context supplies the rest.
// docs/layout.md lists exactly what is accepted.
#ifndef PVFSF_HELPER_LAYOUT_VIEWDIST_H
#define PVFSF_HELPER_LAYOUT_VIEWDIST_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "layout/layout.h"

namespace pvfsf::layout {

// pvfs2-viewdist has room for this many datafiles and silently prints the
// first 256 of a file that has more, so a count of 256 may be a cut list.
inline constexpr uint32_t kViewdistMaxDatafiles = 256;
inline constexpr size_t kMaxViewdistBytes = 1 << 20;

struct ViewdistContext {
  uint32_t fs_id = 0;            // the file's PVFS collection id
  uint64_t handle = 0;           // the file's (metafile's) handle
  std::optional<uint64_t> size;  // its size if known; the layout says 0 if not
  // The file's datafile count if known (dfile_count).  Must match the text
  // when given; needed to accept a count of 256 (see above).
  std::optional<uint32_t> datafiles;
  // Servers by name, e.g. from parse_servers_json(); a datafile's printed
  // address is matched against each server's bmi.
  std::map<std::string, Server> servers;
};

// Throws LayoutError "viewdist: line N: <problem>" for text that is not
// pvfs2-viewdist output of a simple_stripe file whose every server is in
// @ctx, and "layout: ..." if the result breaks a rule of validate().
Layout parse_viewdist(std::string_view text, const ViewdistContext& ctx);

}  // namespace pvfsf::layout

#endif
