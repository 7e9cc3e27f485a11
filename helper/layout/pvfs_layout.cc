// pvfs-layout: check, build and query pvfsf layouts (docs/layout.md).  The
// subcommands live in pvfs_layout_<name>.cc.
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

#include "common/error.h"
#include "layout/layout_error.h"
#include "layout/pvfs_layout_command.h"

namespace pvfsf::layout::cli {

namespace {

void print_overview(std::ostream& out) {
  out << "usage: " << kProgram << " COMMAND [options] [arguments]\n\n"
      << "Commands:\n";
  for (const Command& command : registered_commands())
    out << "  " << command.name << " " << command.synopsis << "\n";
  out << "\nRun '" << kProgram << " COMMAND --help' for a command's options.\n"
      << "Exit status: 0 ok, 1 bad layout or input, 2 bad usage.\n";
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
      std::cout << "usage: " << kProgram << " " << command.name << " "
                << command.synopsis << "\n\n"
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
    // LayoutError names the file and field, system_error the file.
    std::cerr << kProgram << " " << command.name << ": " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace

}  // namespace pvfsf::layout::cli

int main(int argc, char** argv) {
  using namespace pvfsf::layout::cli;
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
