// pvfsf-ctl info: show one device and its members.
#include <iostream>
#include <string>

#include "control/control_device.h"
#include "control/device_info_format.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("json", po::bool_switch(), "print one JSON object");
  hidden.add_options()("device", po::value<std::string>());
  positional.add("device", 1);
}

int execute(const po::variables_map& vm) {
  const DeviceRef ref = device_argument(vm);
  ControlDevice control;
  const uint32_t index = resolve_device_ref(control, ref);
  const DeviceInfo info = control.info(index);
  if (vm["json"].as<bool>())
    print_info_json(std::cout, info);
  else
    print_info_text(std::cout, info);
  return kExitOk;
}

const Registration registration({
    "info",
    "[--json] DEVICE|N",
    "Show the file, geometry, state and members of one pvfsf device.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::ctl
