#include "export/pvfs_lun_export_command.h"

#include <algorithm>
#include <string_view>

#include "export/arguments.h"
#include "common/error.h"

namespace pvfsf::lun_export::cli {

namespace {

std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}

}  // namespace

Registration::Registration(const Command& command) {
  registry().push_back(command);
}

std::vector<Command> registered_commands() {
  std::vector<Command> commands = registry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) {
              return std::string_view(a.name) < std::string_view(b.name);
            });
  return commands;
}

std::vector<std::string> positional_args(const po::variables_map& vm) {
  if (!vm.count("args")) return {};
  return vm["args"].as<std::vector<std::string>>();
}

FsId fs_id_option(const po::variables_map& vm) {
  if (!vm.count("fs-id")) throw UsageError("--fs-id is required");
  return parse_fs_id(vm["fs-id"].as<std::string>());
}

std::string required_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name))
    throw UsageError(std::string("--") + name + " is required");
  return vm[name].as<std::string>();
}

std::optional<FsId> optional_fs_id(const po::variables_map& vm) {
  if (!vm.count("fs-id")) return std::nullopt;
  return parse_fs_id(vm["fs-id"].as<std::string>());
}

}  // namespace pvfsf::lun_export::cli
