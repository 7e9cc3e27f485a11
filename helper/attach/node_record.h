// open-iscsi's node records, written directly for what must not pass
// through a command line: a CHAP password given to `iscsiadm -o update -v`
// is in that process's argument list, which every user can read in /proc.
// The records are text files, "name = value" per line between "# BEGIN
// RECORD" and "# END RECORD", mode 0600, under ISCSI_DB_ROOT/nodes:
//   <nodes>/<target>/<addr>,<port>,<tpgt>/<iface>   (made by discovery)
//   <nodes>/<target>/<addr>,<port>                   (made by -o new)
#ifndef PVFSF_HELPER_ATTACH_NODE_RECORD_H
#define PVFSF_HELPER_ATTACH_NODE_RECORD_H

#include <filesystem>
#include <string>
#include <vector>

#include "common/server_address.h"

namespace pvfsf::attach {

// Debian's open-iscsi keeps its records here.
constexpr const char* kNodeRecordDir = "/etc/iscsi/nodes";

// The record files of (@target, @portal) under @nodes, one per iface;
// empty if there is none.
std::vector<std::filesystem::path> node_record_files(
    const std::filesystem::path& nodes, const std::string& target,
    const Endpoint& portal);

// Sets "@name = @value" in the record @file: the line of that name is
// replaced, or added before "# END RECORD".  Written whole to a new file,
// mode 0600, and renamed over the old one.  Throws std::system_error, or
// std::runtime_error for a file that is no record.
void set_node_record_value(const std::filesystem::path& file,
                           const std::string& name, const std::string& value);

}  // namespace pvfsf::attach

#endif
