// The layout of a file on a mounted OrangeFS: its datafiles and strip from
// the mount (orangefs/mounted_file.h), each datafile's server from fs.conf
// (the DataHandleRanges that hold its handle, the alias's BMI addresses),
// and how the fast path reaches that server from a servers file matched by
// BMI address, as for pvfs2-viewdist output.
#ifndef PVFSF_HELPER_LAYOUT_ORANGEFS_LAYOUT_H
#define PVFSF_HELPER_LAYOUT_ORANGEFS_LAYOUT_H

#include <map>
#include <string>

#include "layout/layout.h"
#include "orangefs/fs_conf.h"
#include "orangefs/mounted_file.h"

namespace pvfsf::layout {

// Throws LayoutError "<what>: ..." where the mount, fs.conf and the servers
// file disagree (an fs id fs.conf lacks, a handle in no server's range, a
// server no entry of @servers matches), and for what validate() refuses.
Layout layout_from_orangefs(const orangefs::MountedFile& file,
                            const orangefs::FsConf& conf,
                            const std::map<std::string, Server>& servers,
                            const std::string& what);

}  // namespace pvfsf::layout

#endif
