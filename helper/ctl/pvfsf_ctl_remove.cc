// pvfsf-ctl remove: tear down /dev/pvfsfN.
#include <sys/sysmacros.h>

#include <optional>
#include <string>

#include "attach/device_removal.h"
#include "control/control_device.h"
#include "control/device_node.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("deferred", po::bool_switch(),
                        "if the device is open, remove it at its last close "
                        "instead of failing with EBUSY");
  hidden.add_options()("device", po::value<std::string>());
  positional.add("device", 1);
}

int execute(const po::variables_map& vm) {
  const bool deferred = vm["deferred"].as<bool>();
  const DeviceRef ref = device_argument(vm);
  ControlDevice control;
  const uint32_t index = resolve_device_ref(control, ref);
  // The node's number, for cleaning up a node we may have made.  If INFO
  // fails, REMOVE fails the same way and says so itself.
  std::optional<DeviceInfo> info;
  try {
    info = control.info(index);
  } catch (const std::system_error&) {
  }
  attach::remove_device(control, index, deferred);
  if (info && !deferred)
    remove_stale_device_node(device_path(index),
                             makedev(info->dev_major, info->dev_minor));
  return kExitOk;
}

const Registration registration({
    "remove",
    "[--deferred] DEVICE|N",
    "Remove /dev/pvfsfN, named by its path, a node of it, 'pvfsfN' or N.\n"
    "An open device is refused (EBUSY) unless --deferred is given.  While\n"
    "udevd has events queued (its workers open a new device for a moment),\n"
    "a refused removal is tried again, for 10 s at most.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::ctl
