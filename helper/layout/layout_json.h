// The layout as JSON, format version 1 (docs/layout.md,
// docs/layout.schema.json).  Strict: every key known, every field present
// and of its type, every rule of validate() kept.  Handles are written as
// JSON numbers and read from a number or a "decimal" / "0x-hex" string.
#ifndef PVFSF_HELPER_LAYOUT_LAYOUT_JSON_H
#define PVFSF_HELPER_LAYOUT_LAYOUT_JSON_H

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "layout/layout.h"

namespace pvfsf::layout {

inline constexpr int kFormatVersion = 1;  // "pvfsf_layout"
// No layout comes near this (1024 datafiles and servers take ~200 KB);
// anything longer is refused before it is parsed.
inline constexpr size_t kMaxJsonBytes = 16 << 20;

// Throws LayoutError "layout: <field>: <problem>" (one line) for anything
// else than a valid layout, never another exception but std::bad_alloc.
Layout parse_layout_json(std::string_view text);

// The layout as a JSON document, newline-terminated: one line per server
// and per datafile, keys in a fixed order, portals and services with their
// port.  parse_layout_json(to_json(l)) == l for every layout a reader
// returned.  Throws LayoutError if validate() refuses @layout.
std::string to_json(const Layout& layout);

// The same as nlohmann values: a layout's to_json validates it first (the
// text writer above prints this object, entry per line); from_json reads
// with every check and message of parse_layout_json (LayoutError).
void to_json(nlohmann::ordered_json& out, const Server& server);
void to_json(nlohmann::ordered_json& out, const Datafile& datafile);
void to_json(nlohmann::ordered_json& out, const Layout& layout);
void from_json(const nlohmann::json& in, Layout& layout);

// A servers file: {"servers": {...}}, the "servers" object of a layout
// (docs/layout.md), keyed by server name; or a whole layout, whose servers
// are taken.  Throws LayoutError "servers file: ..." (or "layout: ...").
std::map<std::string, Server> parse_servers_json(std::string_view text);

}  // namespace pvfsf::layout

#endif
