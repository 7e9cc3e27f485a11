// pvfsf-ctl list: show every device.
#include <iostream>
#include <vector>

#include "control/control_device.h"
#include "control/device_info_format.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()("json", po::bool_switch(), "print one JSON array");
}

int execute(const po::variables_map& vm) {
  ControlDevice control;
  const std::vector<DeviceInfo> infos = control.infos();
  if (vm["json"].as<bool>())
    print_list_json(std::cout, infos);
  else
    print_list_text(std::cout, infos);
  return kExitOk;
}

const Registration registration({
    "list",
    "[--json]",
    "Show every pvfsf device, one line each.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::ctl
