#include "layout/load.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "layout/layout_json.h"
#include "common/unique_fd.h"

namespace pvfsf::layout {

std::string input_name(const std::string& path) {
  return path == "-" ? "standard input" : path;
}

std::string read_input(const std::string& path, size_t limit) {
  UniqueFd owned;
  int fd = STDIN_FILENO;
  if (path != "-") {
    owned = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!owned) throw_errno(errno, "read " + path);
    fd = owned.get();
  }
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "read " + input_name(path));
    }
    if (got == 0) return text;
    if (text.size() + static_cast<size_t>(got) > limit)
      throw LayoutError(input_name(path) + ": more than " +
                        std::to_string(limit) + " bytes; too long to be read");
    text.append(buffer, static_cast<size_t>(got));
  }
}

Layout load_layout(const std::string& path) {
  const std::string text = read_input(path, kMaxJsonBytes);
  try {
    return parse_layout_json(text);
  } catch (const LayoutError& e) {
    throw LayoutError(input_name(path) + ": " + e.what());
  }
}

std::map<std::string, Server> load_servers(const std::string& path) {
  const std::string text = read_input(path, kMaxJsonBytes);
  try {
    return parse_servers_json(text);
  } catch (const LayoutError& e) {
    throw LayoutError(input_name(path) + ": " + e.what());
  }
}

}  // namespace pvfsf::layout
