// pvfsf-ctl: create, remove and inspect pvfsf devices through
// /dev/pvfsf-control, as losetup does for loop devices.  The subcommands
// live in pvfsf_ctl_<name>.cc.
#include "cli/program.h"
#include "common/error.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

DeviceRef device_argument(const po::variables_map& vm) {
  if (!vm.count("device")) throw UsageError("DEVICE or N is required");
  return parse_device_ref(vm["device"].as<std::string>());
}

}  // namespace pvfsf::ctl

namespace {

const pvfsf::cli::Program kProgram = {
    "pvfsf-ctl",
    nullptr,
    "0 done, 1 failed, 2 bad usage.",
};

}  // namespace

int main(int argc, char** argv) {
  return pvfsf::cli::run_program(kProgram, argc, argv);
}
