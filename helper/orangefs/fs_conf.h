// OrangeFS's fs.conf, as far as the fast path needs it: each server's alias,
// BMI addresses and data storage space; each file system's name, id, file
// stuffing and the handle ranges that say which server holds a datafile.
// pvfs-lun-export reads it on a data server, the layout reader on a client.
//
// The format (OrangeFS src/common/misc/server-config.c, dotconf): one option
// per line, "Name value...", '#' starts a comment, sections nest as
// <Defaults>, <Aliases>, <FileSystem> (holding <MetaHandleRanges>,
// <DataHandleRanges>, <StorageHints>...), <ServerOptions>.  Options this
// reader does not need are skipped; a broken section structure, a range
// that names no alias or a malformed number is refused with the line.
#ifndef PVFSF_HELPER_ORANGEFS_FS_CONF_H
#define PVFSF_HELPER_ORANGEFS_FS_CONF_H

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pvfsf::orangefs {

// Where a client keeps a copy of its cluster's fs.conf (docs/orangefs.md).
inline constexpr const char* kDefaultFsConf = "/etc/pvfsf/fs.conf";

// fs.conf could not be read or says something this reader refuses; what()
// is one line, "<source>:<line>: <problem>" where a line is to blame.
class FsConfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Handles first..last, both included.
struct HandleRange {
  uint64_t first = 0;
  uint64_t last = 0;
  bool operator==(const HandleRange&) const = default;
};

struct ServerRanges {
  std::string alias;
  std::vector<HandleRange> ranges;
};

struct FileSystemConf {
  std::string name;
  int32_t id = 0;
  // "FileStuffing yes|no"; nullopt when absent: the server then stuffs new
  // files (its default in 2.10).
  std::optional<bool> file_stuffing;
  std::vector<ServerRanges> data_ranges;  // <DataHandleRanges>
  std::vector<ServerRanges> meta_ranges;  // <MetaHandleRanges>
};

struct ServerConf {
  std::string alias;
  std::vector<std::string> bmi;    // "tcp://host:port", as <Aliases> lists
  std::string data_storage_space;  // its own, else <Defaults>'
};

struct FsConf {
  std::vector<ServerConf> servers;  // in <Aliases> order
  std::vector<FileSystemConf> file_systems;

  // nullptr when fs.conf has no such file system.
  const FileSystemConf* file_system(int32_t id) const;
  const ServerConf* server(std::string_view alias) const;
  // The alias of the data server whose ranges hold @handle in @fs.
  std::optional<std::string> data_server_of(const FileSystemConf& fs,
                                            uint64_t handle) const;
};

// Throws FsConfError; @source names the text in messages.
FsConf parse_fs_conf(std::string_view text, const std::string& source);
FsConf load_fs_conf(const std::filesystem::path& path);

}  // namespace pvfsf::orangefs

#endif
