#include "attach/attach_context.h"

#include <cerrno>
#include <system_error>

#include "attach/attach_error.h"
#include "cli/command.h"

namespace pvfsf::attach {

ControlDevice AttachContext::open_control() const {
  try {
    return ControlDevice(control_path);
  } catch (const std::system_error& e) {
    if (e.code().value() == ENOENT || e.code().value() == ENODEV ||
        e.code().value() == ENXIO)
      throw AttachError(kExitNoModule,
                        control_path +
                            ": no such device: the pvfsf module is not loaded "
                            "(modprobe pvfsf)");
    throw;
  }
}

lun_export::ClusterKey AttachContext::cluster_key() const {
  try {
    return lun_export::ClusterKey::load(config.cluster_key);
  } catch (const std::exception& e) {
    throw AttachError(
        cli::kExitFailed,
        "cluster key " + config.cluster_key + " (cluster_key in " +
            (config.source.empty() ? std::string(kDefaultAttachConfig)
                                   : config.source) +
            "): " + e.what());
  }
}

}  // namespace pvfsf::attach
