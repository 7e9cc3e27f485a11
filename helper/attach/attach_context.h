// What every pvfs-stripe-attach command works with: the configuration, the
// run-time records, sysfs, the control device's path and iscsiadm.  Tests
// and the command line fill it in; nothing in it is global.
#ifndef PVFSF_HELPER_ATTACH_ATTACH_CONTEXT_H
#define PVFSF_HELPER_ATTACH_ATTACH_CONTEXT_H

#include <chrono>
#include <iostream>
#include <ostream>
#include <string>

#include "attach/attach_config.h"
#include "attach/iscsiadm.h"
#include "attach/run_state.h"
#include "attach/scsi_disk.h"
#include "protocol/cluster_key.h"
#include "control/control_device.h"

namespace pvfsf::attach {

// How long detach, commit and cleanup wait for a file another command
// works on; attach waits its --timeout.
constexpr std::chrono::seconds kLockPatience{30};

struct AttachContext {
  AttachConfig config;
  RunState state;
  Sysfs sysfs;
  std::string control_path = ControlDevice::kDefaultPath;
  Iscsiadm iscsiadm;
  // How long one request to an export service may take.
  std::chrono::milliseconds service_timeout = std::chrono::seconds(30);
  std::ostream* log = &std::cerr;  // warnings and rollback reports
  bool verbose = false;            // each step and its time on *log
  std::string program = "pvfs-stripe-attach";

  // /dev/pvfsf-control, or AttachError kExitNoModule if it is missing.
  ControlDevice open_control() const;
  // The cluster key the config names.  Throws AttachError kExitFailed
  // naming the file if it cannot be read.
  lun_export::ClusterKey cluster_key() const;
  // The lock of file (@fs_id, @handle) (RunState::lock_file), waited for
  // @patience at most; then AttachError kExitBusy: another command works
  // on that file still.
  UniqueFd lock_file(uint32_t fs_id, uint64_t handle,
                     std::chrono::seconds patience) const;
};

}  // namespace pvfsf::attach

#endif
