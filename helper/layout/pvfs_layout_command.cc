#include "layout/pvfs_layout_command.h"

#include <algorithm>
#include <string_view>

#include "common/error.h"

namespace pvfsf::layout::cli {

namespace {

// Function-local: Registrations run during static initialisation, in no
// fixed order across files.
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

std::string required_argument(const po::variables_map& vm, const char* name,
                              const char* label) {
  if (!vm.count(name)) throw UsageError(std::string(label) + " is required");
  return vm[name].as<std::string>();
}

}  // namespace pvfsf::layout::cli
