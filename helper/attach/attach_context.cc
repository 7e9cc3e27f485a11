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

UniqueFd AttachContext::lock_file(uint32_t fs_id, uint64_t handle,
                                  std::chrono::seconds patience) const {
  auto held = state.lock_file(fs_id, handle,
                              std::chrono::steady_clock::now() + patience);
  if (!held)
    throw AttachError(kExitBusy,
                      "fs " + std::to_string(fs_id) + ", handle " +
                          std::to_string(handle) +
                          ": another pvfs-stripe-attach command still works "
                          "on it after " +
                          std::to_string(patience.count()) + " s: try again");
  return std::move(*held);
}

}  // namespace pvfsf::attach
