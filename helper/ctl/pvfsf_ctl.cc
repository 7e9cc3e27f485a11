// pvfsf-ctl: create, remove and inspect pvfsf devices through
// /dev/pvfsf-control, as losetup does for loop devices.  The subcommands
// live in pvfsf_ctl_<name>.cc.
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

#include "common/error.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

constexpr const char* kProgram = "pvfsf-ctl";

void print_overview(std::ostream& out) {
  out << "usage: " << kProgram << " COMMAND [options] [arguments]\n\n"
      << "Commands:\n";
  for (const Command& command : registered_commands())
    out << "  " << command.name << (*command.synopsis ? " " : "")
        << command.synopsis << "\n";
  out << "\nRun '" << kProgram << " COMMAND --help' for a command's options.\n"
      << "Exit status: 0 done, 1 failed, 2 bad usage.\n";
}

int usage_error(const std::string& command, const std::string& message) {
  std::cerr << kProgram << " " << command << ": " << message << "\n"
            << "Try '" << kProgram << " " << command << " --help'.\n";
  return kExitUsage;
}

int run(const Command& command, int argc, char** argv) {
  po::options_description visible("Options");
  visible.add_options()("help,h", "show this help");
  po::options_description hidden;
  po::positional_options_description positional;
  command.get_arguments(visible, hidden, positional);
  po::options_description all;
  all.add(visible).add(hidden);

  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    if (vm.count("help")) {
      std::cout << "usage: " << kProgram << " " << command.name
                << (*command.synopsis ? " " : "") << command.synopsis << "\n\n"
                << command.description << "\n\n"
                << visible;
      return kExitOk;
    }
    po::notify(vm);
    return command.execute(vm);
  } catch (const po::error& e) {
    return usage_error(command.name, e.what());
  } catch (const UsageError& e) {
    return usage_error(command.name, e.what());
  } catch (const std::exception& e) {
    // The message names the operation itself ("create: member 2 ...").
    std::cerr << kProgram << ": " << e.what() << "\n";
    return kExitFailed;
  }
}

}  // namespace

}  // namespace pvfsf::ctl

int main(int argc, char** argv) {
  using namespace pvfsf::ctl;
  if (argc < 2) {
    print_overview(std::cerr);
    return kExitUsage;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_overview(std::cout);
    return kExitOk;
  }
  for (const Command& command : registered_commands())
    if (name == command.name) return run(command, argc - 1, argv + 1);
  std::cerr << kProgram << ": unknown command '" << name << "'\n";
  print_overview(std::cerr);
  return kExitUsage;
}
