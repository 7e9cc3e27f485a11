#include "layout/layout_json.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "layout/fields.h"
#include "common/parse_number.h"

namespace pvfsf::layout {

namespace {

using Json = nlohmann::json;

// A valid document nests three deep; this only stops absurd inputs early.
constexpr size_t kMaxDepth = 8;

std::string n(uint64_t value) { return std::to_string(value); }

// A key as a path component: plain names as they are, others quoted.
std::string path_key(std::string_view key) {
  const bool plain = !key.empty() && key.size() <= 64 &&
                     std::all_of(key.begin(), key.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) ||
                              c == '_' || c == '-' || c == '.';
                     });
  return plain ? std::string(key) : quote(key);
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? path_key(key) : path + "." + path_key(key);
}

// nlohmann's message without its "[json.exception...] " tag, printable.
std::string parse_message(const char* what) {
  std::string_view text = what;
  if (text.starts_with("[json.exception.")) {
    const size_t end = text.find("] ");
    if (end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  const std::string q = quote(text, 300);
  return q.substr(1, q.size() - 2);
}

// nlohmann keeps the last of two equal keys; a layout must not have any.
// Follows the parse through its callback, knowing the path of each
// container, and refuses a repeated key or absurd nesting.
class KeyTracker {
 public:
  explicit KeyTracker(const std::string& prefix) : prefix_(prefix) {}

  bool on(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (frames_.size() >= kMaxDepth)
          throw LayoutError(prefix_ + ": " + where(child_path()) +
                            "nested deeper than " + n(kMaxDepth) + " levels");
        frames_.push_back(
            {event == Json::parse_event_t::object_start, child_path()});
        break;
      case Json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second)
          throw LayoutError(prefix_ + ": " + where(frame.path) + "key " +
                            quote(frame.key) + " appears twice");
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        element_done();
        break;
      case Json::parse_event_t::value:
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object;
    std::string path;
    std::set<std::string> keys = {};
    std::string key = {};
    size_t index = 0;
  };

  static std::string where(const std::string& path) {
    return path.empty() ? "" : path + ": ";
  }

  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& frame = frames_.back();
    if (frame.object) return join(frame.path, frame.key);
    return frame.path + "[" + n(frame.index) + "]";
  }

  void element_done() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  std::string prefix_;
  std::vector<Frame> frames_;
};

Json parse_document(std::string_view text, const std::string& prefix) {
  if (text.size() > kMaxJsonBytes)
    throw LayoutError(prefix + ": " + n(text.size()) + " bytes, more than " +
                      n(kMaxJsonBytes) + "; not a layout");
  KeyTracker tracker(prefix);
  try {
    return Json::parse(
        text.data(), text.data() + text.size(),
        [&tracker](int, Json::parse_event_t event, Json& parsed) {
          return tracker.on(event, parsed);
        });
  } catch (const Json::exception& e) {
    throw LayoutError(prefix + ": not JSON: " + parse_message(e.what()));
  }
}

const char* type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "something else";
  }
}

// @value as JSON text, ASCII, at most 40 bytes: for messages.
std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 40) + "...";
  return text;
}

// The walk from the parsed document to a Layout; every message starts with
// @prefix and names the field by its path.
class Reader {
 public:
  explicit Reader(std::string prefix) : prefix_(std::move(prefix)) {}

  [[noreturn]] void refuse(const std::string& path,
                           const std::string& why) const {
    throw LayoutError(prefix_ + ": " + (path.empty() ? "" : path + ": ") + why);
  }

  void expect_object(const Json& value, const std::string& path) const {
    if (!value.is_object())
      refuse(path, std::string("expected an object, got ") + type_name(value) +
                       " " + shown(value));
  }

  void check_keys(const Json& object, const std::string& path,
                  std::initializer_list<std::string_view> known,
                  const char* has) const {
    for (const auto& [key, value] : object.items())
      if (std::find(known.begin(), known.end(), key) == known.end())
        refuse(path, "unknown key " + quote(key) + " (" + has + ")");
  }

  const Json& required(const Json& object, const std::string& path,
                       const char* key) const {
    const auto it = object.find(key);
    if (it == object.end()) refuse(join(path, key), "missing");
    return *it;
  }

  uint64_t get_u64(const Json& value, const std::string& path) const {
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    if (value.is_number_integer())
      refuse(path, value.get<int64_t>() < 0 ? shown(value) + " is negative"
                                            : "-0 is not an unsigned integer");
    if (value.is_number_float())
      refuse(path, shown(value) +
                       " is not an unsigned integer (no fraction, no "
                       "exponent, at most 18446744073709551615)");
    refuse(path, std::string("expected an unsigned integer, got ") +
                     type_name(value) + " " + shown(value));
  }

  // A number, or a string in decimal or 0x-hex (exact through any tool).
  uint64_t get_handle(const Json& value, const std::string& path) const {
    if (!value.is_string()) return get_u64(value, path);
    const std::string& text = value.get_ref<const std::string&>();
    if (!std::all_of(text.begin(), text.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                 c == '+';
        }))
      refuse(path, quote(text) + " is not a decimal or 0x-hex number");
    try {
      return parse_u64(text, "string");
    } catch (const UsageError& e) {
      refuse(path, e.what());
    }
  }

  std::string get_string(const Json& value, const std::string& path) const {
    if (!value.is_string())
      refuse(path, std::string("expected a string, got ") + type_name(value) +
                       " " + shown(value));
    return value.get<std::string>();
  }

  std::map<std::string, Server> servers(const Json& value,
                                        const std::string& path) const {
    expect_object(value, path);
    std::map<std::string, Server> servers;
    for (const auto& [key, entry] : value.items()) {
      field_check([&] { check_server_name(key, prefix_ + ": " + path); });
      const std::string at = join(path, key);
      expect_object(entry, at);
      check_keys(entry, at, {"portal", "iqn", "service", "bmi"},
                 "a server has portal, iqn, service and bmi");
      Server server;
      server.name = key;
      const std::string portal =
          get_string(required(entry, at, "portal"), at + ".portal");
      server.iqn = get_string(required(entry, at, "iqn"), at + ".iqn");
      const std::string service =
          get_string(required(entry, at, "service"), at + ".service");
      field_check([&] {
        server.portal =
            resolve_endpoint(portal, kIscsiPort, prefix_ + ": " + at + ".portal")
                .text();
        check_iqn(server.iqn, prefix_ + ": " + at + ".iqn");
        server.service = resolve_endpoint(service, kServicePort,
                                          prefix_ + ": " + at + ".service")
                             .text();
      });
      if (const auto bmi = entry.find("bmi"); bmi != entry.end()) {
        server.bmi = get_string(*bmi, at + ".bmi");
        split_bmi(server.bmi, prefix_ + ": " + at + ".bmi");
      }
      servers.emplace(key, std::move(server));
    }
    return servers;
  }

  Layout layout(const Json& root) const {
    expect_object(root, "");
    const auto version = root.find("pvfsf_layout");
    if (version == root.end())
      refuse("pvfsf_layout", "missing; this is no pvfsf layout");
    if (!version->is_number_unsigned())
      refuse("pvfsf_layout", std::string("expected the format version ") +
                                 n(kFormatVersion) + ", got " +
                                 type_name(*version) + " " + shown(*version));
    if (*version != kFormatVersion)
      refuse("pvfsf_layout", "version " + shown(*version) +
                                 " is not supported; this reader knows "
                                 "version " +
                                 n(kFormatVersion));
    check_keys(root, "",
               {"pvfsf_layout", "fs_id", "handle", "distribution", "size",
                "servers", "datafiles"},
               "a layout has pvfsf_layout, fs_id, handle, distribution, size, "
               "servers and datafiles");

    Layout layout;
    const uint64_t fs_id = get_u64(required(root, "", "fs_id"), "fs_id");
    if (fs_id > kMaxFsId)
      refuse("fs_id", n(fs_id) + " is above " + n(kMaxFsId) +
                          " (PVFS_fs_id is int32_t)");
    layout.fs_id = static_cast<uint32_t>(fs_id);
    layout.handle = get_handle(required(root, "", "handle"), "handle");

    const Json& dist = required(root, "", "distribution");
    expect_object(dist, "distribution");
    check_keys(dist, "distribution", {"name", "strip_size"},
               "a distribution has name and strip_size");
    layout.distribution =
        get_string(required(dist, "distribution", "name"), "distribution.name");
    layout.strip_size = get_u64(required(dist, "distribution", "strip_size"),
                                "distribution.strip_size");
    layout.size = get_u64(required(root, "", "size"), "size");
    layout.servers = servers(required(root, "", "servers"), "servers");

    const Json& datafiles = required(root, "", "datafiles");
    if (!datafiles.is_array())
      refuse("datafiles", std::string("expected an array, got ") +
                              type_name(datafiles) + " " + shown(datafiles));
    if (datafiles.size() > kMaxDatafiles)
      refuse("datafiles", n(datafiles.size()) +
                              " datafiles; pvfsf takes at most " +
                              n(kMaxDatafiles) + " (PVFSF_MAX_MEMBERS)");
    for (size_t i = 0; i < datafiles.size(); ++i) {
      const std::string at = "datafiles[" + n(i) + "]";
      const Json& entry = datafiles[i];
      expect_object(entry, at);
      check_keys(entry, at, {"handle", "server"},
                 "a datafile has handle and server");
      Datafile datafile;
      datafile.handle =
          get_handle(required(entry, at, "handle"), at + ".handle");
      datafile.server =
          get_string(required(entry, at, "server"), at + ".server");
      layout.datafiles.push_back(std::move(datafile));
    }
    validate(layout);
    return layout;
  }

 private:
  std::string prefix_;
};

// An endpoint as the writer stores it: with its port.
std::string stored(const std::string& endpoint, uint16_t default_port,
                   const std::string& what) {
  return field_check([&] {
    return parse_numeric_endpoint(endpoint, default_port, what).text();
  });
}

// @value on one line, with a space after each ':' and ',' as people write
// it (nlohmann's compact dump has none).
std::string one_line(const nlohmann::ordered_json& value) {
  std::string out;
  if (value.is_object()) {
    for (const auto& [key, item] : value.items())
      out += (out.empty() ? "{" : ", ") + Json(key).dump() + ": " +
             one_line(item);
    return out.empty() ? "{}" : out + "}";
  }
  if (value.is_array()) {
    for (const auto& item : value) out += (out.empty() ? "[" : ", ") + one_line(item);
    return out.empty() ? "[]" : out + "]";
  }
  return value.dump();
}

// A layout as people read it: one top-level key per line, and the entries
// of a value that holds objects (servers, datafiles) one per line, so that
// a file of 1024 datafiles stays a list to scan and diff.
std::string entry_per_line(const nlohmann::ordered_json& root) {
  std::string out = "{\n";
  size_t keys_left = root.size();
  for (const auto& [key, value] : root.items()) {
    out += "  " + Json(key).dump() + ": ";
    if (value.is_structured() && !value.empty() &&
        value.begin()->is_object()) {
      const bool object = value.is_object();
      out += object ? "{\n" : "[\n";
      size_t left = value.size();
      for (const auto& [name, item] : value.items())
        out += "    " + (object ? Json(name).dump() + ": " : "") +
               one_line(item) + (--left ? ",\n" : "\n");
      out += object ? "  }" : "  ]";
    } else {
      out += one_line(value);
    }
    out += --keys_left ? ",\n" : "\n";
  }
  return out + "}\n";
}

}  // namespace

Layout parse_layout_json(std::string_view text) {
  return Reader("layout").layout(parse_document(text, "layout"));
}

std::map<std::string, Server> parse_servers_json(std::string_view text) {
  const Json root = parse_document(text, "servers file");
  if (root.is_object() && root.contains("pvfsf_layout"))
    return Reader("layout").layout(root).servers;
  const Reader reader("servers file");
  reader.expect_object(root, "");
  reader.check_keys(root, "", {"servers"},
                    "a servers file has only servers, or is a whole layout");
  auto servers =
      reader.servers(reader.required(root, "", "servers"), "servers");
  if (servers.empty()) reader.refuse("servers", "empty; no server to use");
  validate_servers(servers, "servers file");
  return servers;
}

void to_json(nlohmann::ordered_json& out, const Server& server) {
  out = {{"portal", stored(server.portal, kIscsiPort, "portal")},
         {"iqn", server.iqn},
         {"service", stored(server.service, kServicePort, "service")}};
  if (!server.bmi.empty()) out["bmi"] = server.bmi;
}

void to_json(nlohmann::ordered_json& out, const Datafile& datafile) {
  out = {{"handle", datafile.handle}, {"server", datafile.server}};
}

void to_json(nlohmann::ordered_json& out, const Layout& layout) {
  validate(layout);
  out = {{"pvfsf_layout", kFormatVersion},
         {"fs_id", layout.fs_id},
         {"handle", layout.handle},
         {"distribution",
          {{"name", layout.distribution}, {"strip_size", layout.strip_size}}},
         {"size", layout.size},
         {"servers", layout.servers},
         {"datafiles", layout.datafiles}};
}

void from_json(const nlohmann::json& in, Layout& layout) {
  layout = Reader("layout").layout(in);
}

std::string to_json(const Layout& layout) {
  return entry_per_line(nlohmann::ordered_json(layout));
}

}  // namespace pvfsf::layout
