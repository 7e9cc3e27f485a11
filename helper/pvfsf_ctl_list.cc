// pvfsf-ctl list: show every device.
#include <cerrno>
#include <iostream>
#include <system_error>
#include <vector>

#include "control_device.h"
#include "device_info_format.h"
#include "pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()("json", po::bool_switch(), "print one JSON array");
}

int execute(const po::variables_map& vm) {
  ControlDevice control;
  std::vector<DeviceInfo> infos;
  for (uint32_t index : control.list()) {
    try {
      infos.push_back(control.info(index));
    } catch (const std::system_error& e) {
      // Removed since LIST: not there any more, so not listed.
      if (e.code().value() != ENODEV && e.code().value() != ENXIO) throw;
    }
  }
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
