#include "attach/node_record.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "common/error.h"
#include "common/file_write.h"

namespace pvfsf::attach {

namespace fs = std::filesystem;

namespace {

constexpr const char* kEndRecord = "# END RECORD";

}  // namespace

std::vector<fs::path> node_record_files(const fs::path& nodes,
                                        const std::string& target,
                                        const Endpoint& portal) {
  const std::string exact =
      portal.address + "," + std::to_string(portal.port);
  const std::string with_tpgt = exact + ",";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(nodes / target, ec)) {
    const std::string name = entry.path().filename().string();
    if (name != exact && !name.starts_with(with_tpgt)) continue;
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    } else if (entry.is_directory()) {
      for (const fs::directory_entry& iface : fs::directory_iterator(entry))
        if (iface.is_regular_file()) files.push_back(iface.path());
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw std::system_error(ec, "read " + (nodes / target).string());
  return files;
}

void set_node_record_value(const fs::path& file, const std::string& name,
                           const std::string& value) {
  std::ifstream in(file);
  if (!in) throw_errno(errno, "read " + file.string());
  const std::string prefix = name + " = ";
  std::ostringstream text;
  bool set = false, ended = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) {
      if (!set) text << prefix << value << "\n";
      set = true;
      continue;
    }
    if (line == kEndRecord && !set) {
      text << prefix << value << "\n";
      set = true;
    }
    ended = ended || line == kEndRecord;
    text << line << "\n";
  }
  if (!ended)
    throw std::runtime_error(file.string() +
                             ": not an open-iscsi node record (no \"" +
                             kEndRecord + "\")");
  write_file_atomically(file, text.str(), 0600);
}

}  // namespace pvfsf::attach
