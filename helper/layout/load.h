// Layouts and servers files read from disk or standard input, for tools.
#ifndef PVFSF_HELPER_LAYOUT_LOAD_H
#define PVFSF_HELPER_LAYOUT_LOAD_H

#include <cstddef>
#include <map>
#include <string>

#include "layout/layout.h"

namespace pvfsf::layout {

// Where a client keeps the servers file of its cluster (docs/layout.md).
inline constexpr const char* kDefaultServers = "/etc/pvfsf/servers.json";

// The whole of @path ("-" is standard input).  Throws std::system_error
// ("read <path>: <strerror>") or, past @limit bytes, LayoutError.
std::string read_input(const std::string& path, size_t limit);

// read_input() then parse_layout_json() / parse_servers_json().  A
// LayoutError's message gains the file's name: "<path>: layout: ...".
Layout load_layout(const std::string& path);
std::map<std::string, Server> load_servers(const std::string& path);

// How @path appears in messages: "standard input" for "-".
std::string input_name(const std::string& path);

}  // namespace pvfsf::layout

#endif
