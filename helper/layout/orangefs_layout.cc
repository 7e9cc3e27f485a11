#include "layout/orangefs_layout.h"

namespace pvfsf::layout {

Layout layout_from_orangefs(const orangefs::MountedFile& file,
                            const orangefs::FsConf& conf,
                            const std::map<std::string, Server>& servers,
                            const std::string& what) {
  const orangefs::FileSystemConf* fs = conf.file_system(file.fs_id);
  if (!fs)
    throw LayoutError(what + ": fs id " + std::to_string(file.fs_id) +
                      " is no file system of fs.conf (a mount of another "
                      "cluster, or an fs.conf of another?)");
  Layout layout;
  layout.fs_id = static_cast<uint32_t>(file.fs_id);
  layout.handle = file.handle;
  layout.strip_size = file.strip_size;
  layout.size = file.size;
  for (size_t i = 0; i < file.datafiles.size(); i++) {
    const uint64_t handle = file.datafiles[i];
    const std::string at = what + ": datafile " + std::to_string(i) +
                           " (handle " + std::to_string(handle) + ")";
    const std::optional<std::string> alias = conf.data_server_of(*fs, handle);
    if (!alias)
      throw LayoutError(at + ": in no DataHandleRanges of file system " +
                        fs->name + " in fs.conf");
    std::string addresses;
    for (const std::string& bmi : conf.server(*alias)->bmi)
      addresses += (addresses.empty() ? "" : ",") + bmi;
    const auto& [name, server] = server_with_bmi(addresses, servers, at);
    if (layout.servers.count(name))
      throw LayoutError(at + ": server " + name +
                        " holds another datafile of the file too; PVFS puts "
                        "each datafile of a file on a different server");
    layout.servers.emplace(name, server);
    layout.datafiles.push_back({handle, name});
  }
  validate(layout);
  return layout;
}

}  // namespace pvfsf::layout
