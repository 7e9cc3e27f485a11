#include "orangefs/fs_conf.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/parse_number.h"

namespace pvfsf::orangefs {

namespace {

// Splits @text at runs of @separators, dropping empty pieces.
std::vector<std::string> split(std::string_view text,
                               std::string_view separators) {
  std::vector<std::string> pieces;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = text.find_first_not_of(separators, pos);
    if (start == std::string_view::npos) break;
    const size_t end = text.find_first_of(separators, start);
    pieces.emplace_back(text.substr(start, end - start));
    pos = end;
  }
  return pieces;
}

class Parser {
 public:
  explicit Parser(const std::string& source) : source_(source) {}

  FsConf parse(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
      line_++;
      const size_t hash = line.find('#');
      if (hash != std::string::npos) line.erase(hash);
      const std::vector<std::string> words = split(line, " \t\r");
      if (words.empty()) continue;
      if (words[0].starts_with("<"))
        tag(words);
      else
        option(words);
    }
    if (!sections_.empty())
      fail_at(0, "<" + sections_.back() + "> is never closed");
    finish();
    return std::move(conf_);
  }

 private:
  // One <ServerOptions> section, kept until fs.conf has been read whole.
  struct ServerOptions {
    size_t line = 0;
    std::string alias;
    std::string storage;
  };

  [[noreturn]] void fail_at(size_t line, const std::string& problem) const {
    throw FsConfError(line ? source_ + ":" + std::to_string(line) + ": " +
                                 problem
                           : source_ + ": " + problem);
  }
  [[noreturn]] void fail(const std::string& problem) const {
    fail_at(line_, problem);
  }

  std::string section() const {
    return sections_.empty() ? std::string() : sections_.back();
  }

  void tag(const std::vector<std::string>& words) {
    const std::string& word = words[0];
    if (words.size() != 1 || !word.ends_with(">") || word.size() < 3)
      fail("malformed section tag");
    if (word[1] == '/') {
      const std::string name = word.substr(2, word.size() - 3);
      if (sections_.empty() || sections_.back() != name)
        fail("</" + name + "> closes " +
             (sections_.empty() ? "nothing" : "<" + sections_.back() + ">"));
      if (name == "ServerOptions") end_server_options();
      sections_.pop_back();
      return;
    }
    const std::string name = word.substr(1, word.size() - 2);
    sections_.push_back(name);
    if (name == "FileSystem") {
      conf_.file_systems.emplace_back();
      id_seen_.push_back(false);
    }
    if (name == "ServerOptions") server_options_ = ServerOptions{line_, {}, {}};
    if (name == "ServerOptions" || name == "FileSystem") return;
    if (name == "DataHandleRanges" || name == "MetaHandleRanges") {
      if (sections_.size() < 2 || sections_[sections_.size() - 2] != "FileSystem")
        fail("<" + name + "> outside <FileSystem>");
    }
  }

  void option(const std::vector<std::string>& words) {
    const std::string& name = words[0];
    const std::string where = section();
    auto value = [&]() -> const std::string& {
      if (words.size() != 2) fail(name + " takes one value");
      return words[1];
    };
    if (where == "Defaults" &&
        (name == "DataStorageSpace" || name == "StorageSpace")) {
      default_storage_ = value();
    } else if (where == "Aliases" && name == "Alias") {
      if (words.size() != 3) fail("Alias takes a name and its addresses");
      if (find_server(words[1])) fail("alias " + words[1] + " given twice");
      conf_.servers.push_back({words[1], split(words[2], ","), {}});
    } else if (where == "FileSystem") {
      FileSystemConf& fs = conf_.file_systems.back();
      if (name == "Name") fs.name = value();
      if (name == "ID") {
        const uint64_t id = parse_number(value(), "ID");
        if (id > INT32_MAX) fail("ID " + words[1] + " is above 2^31-1");
        if (id_seen_.back()) fail("ID given twice");
        fs.id = static_cast<int32_t>(id);
        id_seen_.back() = true;
      }
      if (name == "FileStuffing") {
        if (value() != "yes" && value() != "no")
          fail("FileStuffing is yes or no, not " + words[1]);
        fs.file_stuffing = words[1] == "yes";
      }
    } else if ((where == "DataHandleRanges" || where == "MetaHandleRanges") &&
               name == "Range") {
      if (words.size() != 3) fail("Range takes an alias and its ranges");
      ServerRanges ranges{words[1], {}};
      for (const std::string& piece : split(words[2], ",")) {
        const size_t dash = piece.find('-');
        if (dash == std::string::npos) fail("range " + piece + " has no '-'");
        HandleRange range{parse_number(piece.substr(0, dash), "range start"),
                          parse_number(piece.substr(dash + 1), "range end")};
        if (range.first > range.last) fail("range " + piece + " is empty");
        ranges.ranges.push_back(range);
      }
      range_lines_.push_back({words[1], line_});
      FileSystemConf& fs = conf_.file_systems.back();
      (where == "DataHandleRanges" ? fs.data_ranges : fs.meta_ranges)
          .push_back(std::move(ranges));
    } else if (where == "ServerOptions") {
      if (name == "Server") server_options_.alias = value();
      if (name == "DataStorageSpace" || name == "StorageSpace")
        server_options_.storage = value();
    }
  }

  void end_server_options() {
    if (server_options_.alias.empty())
      fail_at(server_options_.line, "<ServerOptions> without a Server line");
    if (!server_options_.storage.empty())
      storage_of_.push_back(server_options_);
  }

  uint64_t parse_number(std::string_view text, std::string_view what) const {
    try {
      return parse_u64(text, what);
    } catch (const UsageError& e) {
      fail(e.what());
    }
  }

  ServerConf* find_server(std::string_view alias) {
    for (ServerConf& server : conf_.servers)
      if (server.alias == alias) return &server;
    return nullptr;
  }

  void finish() {
    for (const FileSystemConf& fs : conf_.file_systems)
      if (fs.name.empty()) fail_at(0, "a <FileSystem> has no Name");
    for (bool seen : id_seen_)
      if (!seen) fail_at(0, "a <FileSystem> has no ID");
    for (const auto& [alias, line] : range_lines_)
      if (!find_server(alias))
        fail_at(line, "Range names " + alias + ", which <Aliases> lacks");
    for (ServerConf& server : conf_.servers)
      server.data_storage_space = default_storage_;
    for (const ServerOptions& options : storage_of_) {
      ServerConf* server = find_server(options.alias);
      if (!server)
        fail_at(options.line,
                "ServerOptions for " + options.alias + ", which <Aliases> lacks");
      server->data_storage_space = options.storage;
    }
  }

  const std::string& source_;
  size_t line_ = 0;
  std::vector<std::string> sections_;
  FsConf conf_;
  std::string default_storage_;
  ServerOptions server_options_;
  std::vector<ServerOptions> storage_of_;
  std::vector<bool> id_seen_;  // per <FileSystem>
  std::vector<std::pair<std::string, size_t>> range_lines_;
};

}  // namespace

const FileSystemConf* FsConf::file_system(int32_t id) const {
  for (const FileSystemConf& fs : file_systems)
    if (fs.id == id) return &fs;
  return nullptr;
}

const ServerConf* FsConf::server(std::string_view alias) const {
  for (const ServerConf& server : servers)
    if (server.alias == alias) return &server;
  return nullptr;
}

std::optional<std::string> FsConf::data_server_of(const FileSystemConf& fs,
                                                  uint64_t handle) const {
  for (const ServerRanges& server : fs.data_ranges)
    for (const HandleRange& range : server.ranges)
      if (handle >= range.first && handle <= range.last) return server.alias;
  return std::nullopt;
}

FsConf parse_fs_conf(std::string_view text, const std::string& source) {
  return Parser(source).parse(text);
}

FsConf load_fs_conf(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    throw FsConfError(path.string() + ": cannot be read: " +
                      std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return parse_fs_conf(text.str(), path.string());
}

}  // namespace pvfsf::orangefs
