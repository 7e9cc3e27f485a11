#include "cli/program.h"

#include <iostream>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "common/error.h"

namespace pvfsf::cli {

namespace {

std::string usage_line(const char* program, const Command& command) {
  std::string line = std::string(program) + " " + command.name;
  if (*command.synopsis) line += std::string(" ") + command.synopsis;
  return line;
}

void print_overview(const Program& program, std::ostream& out) {
  out << "usage: " << program.name << " COMMAND [options] [arguments]\n";
  if (program.summary && *program.summary) out << program.summary << "\n";
  out << "\nCommands:\n";
  for (const Command& command : registered_commands())
    out << "  " << usage_line("", command).substr(1) << "\n";
  out << "\nRun '" << program.name
      << " COMMAND --help' for a command's options.\n"
      << "Exit status: " << program.exit_status << "\n";
}

int usage_error(const Program& program, const Command& command,
                const std::string& message) {
  std::cerr << program.name << " " << command.name << ": " << message << "\n"
            << "Try '" << program.name << " " << command.name
            << " --help'.\n";
  return kExitUsage;
}

int run_command(const Program& program, const Command& command, int argc,
                char** argv) {
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
      std::cout << "usage: " << usage_line(program.name, command) << "\n\n"
                << command.description << "\n\n"
                << visible;
      return kExitOk;
    }
    po::notify(vm);
    return command.execute(vm);
  } catch (const po::error& e) {
    return usage_error(program, command, e.what());
  } catch (const UsageError& e) {
    return usage_error(program, command, e.what());
  } catch (const std::exception& e) {
    const int code = program.exit_code ? program.exit_code(e) : kExitFailed;
    if (code == kExitUsage) return usage_error(program, command, e.what());
    std::cerr << program.name << " " << command.name << ": " << e.what()
              << "\n";
    return code;
  }
}

}  // namespace

int run_program(const Program& program, int argc, char** argv) {
  if (argc < 2) {
    print_overview(program, std::cerr);
    return kExitUsage;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_overview(program, std::cout);
    return kExitOk;
  }
  for (const Command& command : registered_commands())
    if (name == command.name)
      return run_command(program, command, argc - 1, argv + 1);
  std::cerr << program.name << ": unknown command '" << name << "'\n";
  print_overview(program, std::cerr);
  return kExitUsage;
}

}  // namespace pvfsf::cli
