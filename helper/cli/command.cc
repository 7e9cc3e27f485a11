#include "cli/command.h"

#include <algorithm>
#include <string_view>

#include "common/error.h"

namespace pvfsf::cli {

namespace {

// A function-local static: Registrations run during static initialisation,
// in no fixed order across files.
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

void add_positional_args(po::options_description& hidden,
                         po::positional_options_description& positional,
                         const char* name) {
  hidden.add_options()(name, po::value<std::vector<std::string>>());
  positional.add(name, -1);
}

std::vector<std::string> positional_args(const po::variables_map& vm,
                                         const char* name) {
  if (!vm.count(name)) return {};
  return vm[name].as<std::vector<std::string>>();
}

std::string required_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name))
    throw UsageError(std::string("--") + name + " is required");
  return vm[name].as<std::string>();
}

}  // namespace pvfsf::cli
