#include "ctl/pvfsf_ctl_command.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "common/error.h"

namespace pvfsf::ctl {

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

DeviceRef device_argument(const po::variables_map& vm) {
  if (!vm.count("device")) throw UsageError("DEVICE or N is required");
  return parse_device_ref(vm["device"].as<std::string>());
}

}  // namespace pvfsf::ctl
