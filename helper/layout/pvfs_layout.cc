// pvfs-layout: check, build and query pvfsf layouts (docs/layout.md).  The
// subcommands live in pvfs_layout_<name>.cc.
#include "cli/program.h"
#include "common/error.h"
#include "layout/pvfs_layout_command.h"

namespace pvfsf::layout::cli {

std::string required_argument(const po::variables_map& vm, const char* name,
                              const char* label) {
  if (!vm.count(name)) throw UsageError(std::string(label) + " is required");
  return vm[name].as<std::string>();
}

}  // namespace pvfsf::layout::cli

namespace {

// A LayoutError names the file and field, a system_error the file: both
// exit kExitFailed, "bad layout or input".
const pvfsf::cli::Program kProgram = {
    pvfsf::layout::cli::kProgram,
    nullptr,
    "0 ok, 1 bad layout or input, 2 bad usage.",
};

}  // namespace

int main(int argc, char** argv) {
  return pvfsf::cli::run_program(kProgram, argc, argv);
}
