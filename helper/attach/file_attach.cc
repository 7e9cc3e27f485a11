#include "attach/file_attach.h"

#include <sys/sysmacros.h>

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <string>
#include <system_error>
#include <vector>

#include "attach/attach_error.h"
#include "attach/attached_file.h"
#include "attach/blkid_probe.h"
#include "attach/device_removal.h"
#include "attach/disk_wait.h"
#include "attach/dying_device.h"
#include "attach/lun_scan.h"
#include "attach/member_check.h"
#include "attach/member_release.h"
#include "attach/rollback.h"
#include "attach/session_pool.h"
#include "attach/session_use.h"
#include "cli/command.h"
#include "control/device_node.h"
#include "protocol/export_client.h"
#include "protocol/names.h"
#include "common/parallel.h"

namespace pvfsf::attach {

namespace {

namespace lx = lun_export;

// How long udev may take to make /dev/pvfsfN before we make it ourselves.
constexpr std::chrono::seconds kNodeTimeout{5};

// The datafiles of one server, in layout order.
struct ServerShare {
  std::string name;
  const layout::Server* server = nullptr;
  Endpoint portal;
  std::vector<uint64_t> handles;
  UsedSession used;  // step 5: its session, and that session's lock
};

std::vector<ServerShare> shares_of(const layout::Layout& layout) {
  std::vector<ServerShare> shares;
  std::map<std::string, size_t> at;
  for (const layout::Datafile& d : layout.datafiles) {
    const auto [it, fresh] = at.emplace(d.server, shares.size());
    if (fresh) {
      const layout::Server& server = layout.servers.at(d.server);
      shares.push_back({d.server,
                        &server,
                        parse_numeric_endpoint(server.portal, kIscsiPort,
                                               "portal"),
                        {},
                        {}});
    }
    shares[it->second].handles.push_back(d.handle);
  }
  return shares;
}

// Step timings for --verbose.
class StepLog {
 public:
  explicit StepLog(const AttachContext& context) : context_(context) {}
  void done(const std::string& what) {
    const auto now = Clock::now();
    if (context_.verbose)
      *context_.log << context_.program << " attach: " << what << " ("
                    << std::chrono::duration_cast<std::chrono::milliseconds>(
                           now - last_)
                           .count()
                    << " ms)" << std::endl;
    last_ = now;
  }

 private:
  const AttachContext& context_;
  Clock::time_point last_ = Clock::now();
};

// Runs @act(i) for every server share at once, then, in layout order,
// @keep(i) for each that succeeded (where the caller records what to undo),
// and only then rethrows the first failure in layout order: what succeeded
// on one server is undone even when another failed.
void for_each_server(const std::vector<ServerShare>& shares,
                     const std::function<void(size_t)>& act,
                     const std::function<void(size_t)>& keep) {
  std::vector<size_t> indexes(shares.size());
  std::iota(indexes.begin(), indexes.end(), 0);
  std::vector<std::exception_ptr> errors(shares.size());
  for_each_parallel(indexes, static_cast<unsigned>(shares.size()),
                        [&](size_t i) {
                          try {
                            act(i);
                          } catch (...) {
                            errors[i] = std::current_exception();
                          }
                        });
  for (size_t i = 0; i < shares.size(); i++)
    if (!errors[i]) keep(i);
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

// Step 4 on one server.
lx::ExportClient::Exported export_share(const ServerShare& share,
                                        lx::FsId fs_id, uint64_t lun_size,
                                        const lx::ClusterKey& key,
                                        const AttachContext& context) {
  const std::string who = datafile_name(share.name, share.handles.front());
  try {
    return lx::ExportClient(share.server->service, share.name, key,
                            context.service_timeout)
        .export_handles(fs_id, lun_size, share.handles);
  } catch (const lx::ExportError& e) {
    throw AttachError(kExitServer, who + ": export refused by " +
                                       share.server->service + ": " + e.what());
  } catch (const std::system_error& e) {
    throw AttachError(kExitServer, who + ": export service " +
                                       share.server->service +
                                       " cannot be reached: " + e.what());
  }
}

// The reply names the layout's target and portal and a LUN for each handle.
void check_export(const ServerShare& share,
                  const lx::ExportClient::Exported& got) {
  if (got.target.target != share.server->iqn ||
      parse_endpoint(got.target.portal, kIscsiPort, "the service's portal") !=
          share.portal)
    throw AttachError(kExitServer,
                      datafile_name(share.name, share.handles.front()) +
                          ": the service exports on " + got.target.target +
                          " at " + got.target.portal + ", the layout says " +
                          share.server->iqn + " at " + share.server->portal);
  for (uint64_t handle : share.handles)
    if (std::none_of(got.luns.begin(), got.luns.end(),
                     [handle](const lx::ExportedLun& lun) {
                       return lun.handle == handle;
                     }))
      throw AttachError(kExitServer,
                        datafile_name(share.name, handle) +
                            ": the service's reply has no LUN for it");
}

// Step 5 on one server.
UsedSession session_of(SessionPool& pool, const ServerShare& share,
                       const NodeSettings& settings,
                       const AttachContext& context,
                       std::chrono::seconds timeout) {
  try {
    return use_session(pool, context.state, {share.server->iqn, share.portal},
                       settings, Clock::now() + timeout);
  } catch (const std::exception& e) {
    throw AttachError(kExitIscsi,
                      datafile_name(share.name, share.handles.front()) +
                          ": iSCSI session to " + share.server->iqn + " at " +
                          share.portal.text() + ": " + e.what());
  }
}

// Step 6 on one reused session.
void bring_in_luns(const Sysfs& sysfs, const ServerShare& share,
                   const std::map<uint64_t, MemberExpectation>& by_lun) {
  std::map<uint64_t, std::string> present;  // LUN -> disk
  for (const std::string& name :
       iscsi_session_disks(sysfs, share.used.session.sid)) {
    try {
      present[read_scsi_disk(sysfs, name).hctl.lun] = name;
    } catch (const std::exception&) {
      // Going away: as good as absent.
    }
  }
  for (const auto& [lun, want] : by_lun) {
    const auto disk = present.find(lun);
    try {
      if (disk == present.end()) {
        scan_session_lun(sysfs, want.sid, lun);
        continue;
      }
      revalidate_disk(sysfs, disk->second);
    } catch (const std::exception& e) {
      throw AttachError(kExitIscsi, datafile_name(want.server, want.handle) +
                                        ": " + e.what());
    }
    const std::string problem =
        stale_disk_problem(want, read_scsi_disk(sysfs, disk->second));
    if (!problem.empty()) throw AttachError(kExitBadMember, problem);
  }
}

// The device's spec, its members left for step 9.  The capacity is given
// whether or not udev assembles the device, so both ways give the same
// device: lun_size() makes every LUN the share of a whole number of
// stripes, which the device then holds exactly.
CreateSpec device_spec(const layout::Layout& layout, uint64_t lun_size,
                       bool read_only) {
  CreateSpec spec;
  spec.fs_id = layout.fs_id;
  spec.handle = layout.handle;
  spec.strip_size = layout.strip_size;
  spec.read_only = read_only;
  spec.capacity_sectors = lun_size * layout.datafiles.size() / 512;
  return spec;
}

uint32_t create_device(ControlDevice& control, const CreateSpec& spec,
                       const std::string& file) {
  try {
    return control.create(spec);
  } catch (const std::system_error& e) {
    throw AttachError(cli::kExitFailed, file + ": " + e.what());
  }
}

// Step 9 of a device udev assembles: binds each disk an event has not
// bound (it appeared before the device, or its event is still queued),
// then checks that every slot holds the disk found for it.  A bind that
// loses the race to udev's gets EBUSY and is judged by that check.
void bind_remaining(ControlDevice& control, uint32_t index,
                    const CreateSpec& spec, const std::string& file) {
  const DeviceInfo before = control.info(index);
  for (uint32_t slot = 0; slot < spec.members.size(); ++slot) {
    if (!before.members.at(slot).unbound()) continue;
    try {
      control.bind(index, slot, spec.members[slot]);
    } catch (const std::system_error& e) {
      if (e.code().value() != EBUSY)
        throw AttachError(cli::kExitFailed, file + ": " + e.what());
    }
  }
  const DeviceInfo after = control.info(index);
  for (uint32_t slot = 0; slot < spec.members.size(); ++slot) {
    const Member& got = after.members.at(slot);
    const Member& want = spec.members[slot];
    if (got.dev_major != want.dev_major || got.dev_minor != want.dev_minor)
      throw AttachError(
          kExitBadMember,
          file + ": slot " + std::to_string(slot) + " of " +
              device_path(index) + " holds " + std::to_string(got.dev_major) +
              ":" + std::to_string(got.dev_minor) + ", not " + want.path);
  }
  if (after.state != PVFSF_STATE_LIVE)
    throw AttachError(cli::kExitFailed, file + ": " + device_path(index) +
                                            " is " + state_name(after.state) +
                                            " with every slot bound");
}

// Step 1.
// Step 1 of a file whose device is going: it is waited for, up to
// @timeout.
void wait_for_removal(ControlDevice& control, const DeviceInfo& dying,
                      const std::string& file, std::chrono::seconds timeout) {
  if (wait_device_gone(control, dying, Clock::now() + timeout)) return;
  throw AttachError(kExitBusy,
                    file + ": its device " + device_path(dying.index) +
                        " is being removed at its last close and still open "
                        "after " +
                        std::to_string(timeout.count()) +
                        " s: attach it once it is closed");
}

}  // namespace

AttachOutcome attach_file(const layout::Layout& layout,
                          const AttachOptions& options,
                          AttachContext& context) {
  layout::validate(layout);
  const uint64_t lun_size = layout::lun_size(layout, options.extent);
  std::vector<ServerShare> shares = shares_of(layout);
  ControlDevice control = context.open_control();
  const lx::ClusterKey key = context.cluster_key();
  const UniqueFd lock =
      context.lock_file(layout.fs_id, layout.handle, options.timeout);
  StepLog steps(context);

  // 1. Attached already: the same device, if it is what was asked for and
  // is not going; one that is going is waited for.
  const std::string file = file_name(layout.fs_id, layout.handle);
  std::optional<DeviceInfo> existing =
      device_of_file(control, layout.fs_id, layout.handle);
  if (existing && is_dying(*existing)) {
    wait_for_removal(control, *existing, file, options.timeout);
    steps.done(device_path(existing->index) + " is gone");
    existing.reset();
  }
  if (existing) {
    const std::string attached =
        file + " is attached already as " + device_path(existing->index);
    if (existing->read_only() != options.read_only)
      throw AttachError(
          cli::kExitFailed,
          attached + (existing->read_only() ? ", read-only" : ", read-write") +
              ": detach it to attach it otherwise");
    const auto record = context.state.load_file(layout.fs_id, layout.handle);
    if (record && record->lun_size < lun_size)
      throw AttachError(
          cli::kExitFailed,
          attached + " with LUNs of " + std::to_string(record->lun_size) +
              " bytes, too small for this extent (" + std::to_string(lun_size) +
              " bytes a LUN): detach it to attach it larger");
    return {existing->index, true};
  }

  Rollback rollback(*context.log, context.program + " attach");
  const auto fs_id = static_cast<lx::FsId>(layout.fs_id);
  // 2. Before anything is exported.  A record left by an earlier attach
  // whose device never came stays, should this one fail: it names LUNs
  // still to release.
  const auto previous = context.state.load_file(layout.fs_id, layout.handle);
  context.state.save_file(
      {layout, lun_size, options.read_only, options.orangefs_path});
  rollback.add("forget the record", [&context, &layout, &rollback, previous] {
    if (previous)
      context.state.save_file(*previous);
    else if (!rollback.undo_failed())
      context.state.remove_file(layout.fs_id, layout.handle);
  });

  // 3. Nothing that appears from here on can be missed.
  const Udev udev;
  UdevMonitor monitor = arm_disk_monitor(udev, default_monitor_source());
  CreateSpec spec = device_spec(layout, lun_size, options.read_only);
  // Undone before anything above: the device holds the disks the other
  // undos delete and the sessions they log out.
  Rollback device_rollback(*context.log, context.program + " attach");

  // 3a. With udevd running, the device waits from here on, its slots
  // unbound, and udev/61-pvfsf-member.rules binds each disk as it appears.
  std::optional<uint32_t> waiting;
  if (udev_is_running()) {
    CreateSpec unbound = spec;
    for (const layout::Datafile& d : layout.datafiles)
      unbound.members.push_back({d.handle, 0, 0, 0, "unbound"});
    DevWatch watch;  // armed before CREATE so that no /dev event is missed
    const uint32_t index = create_device(control, unbound, file);
    waiting = index;
    device_rollback.add("remove " + device_path(index), [&control, index] {
      remove_device(control, index, false);
    });
    const DeviceInfo info = control.info(index);
    ensure_device_node(watch, device_path(index),
                       makedev(info.dev_major, info.dev_minor), kNodeTimeout);
    steps.done("created " + device_path(index) + ", assembling");
  }

  // 4. Export, on every server at once.
  std::map<uint64_t, lx::ExportedLun> luns;
  std::vector<lx::ExportClient::Exported> exported(shares.size());
  for_each_server(
      shares,
      [&](size_t i) {
        exported[i] = export_share(shares[i], fs_id, lun_size, key, context);
      },
      [&](size_t i) {
        const ServerShare& share = shares[i];
        std::vector<uint64_t> created;
        for (const lx::ExportedLun& lun : exported[i].luns) {
          luns[lun.handle] = lun;
          if (lun.created) created.push_back(lun.handle);
        }
        if (!created.empty())
          rollback.add("unexport from " + share.name,
                       [&context, &key, &share, fs_id, created] {
                         lx::ExportClient(share.server->service, share.name,
                                          key, context.service_timeout)
                             .unexport(fs_id, created);
                       });
      });
  for (size_t i = 0; i < shares.size(); i++)
    check_export(shares[i], exported[i]);
  steps.done("exported " + std::to_string(luns.size()) + " datafiles on " +
             std::to_string(shares.size()) + " servers");

  // 5. One session per server.  One after another: discoveries at several
  // portals at once made iscsiadm time out under load, and a login is paid
  // once per server and boot, not at every attach.  Each iSCSI wait (the
  // session's lock, each connection and login attempt) ends within the
  // timeout.
  SessionPool pool(context.iscsiadm, context.sysfs);
  const NodeSettings settings =
      bounded_settings(context.config.node, options.timeout);
  unsigned logins = 0;
  for (ServerShare& share : shares) {
    share.used = session_of(pool, share, settings, context, options.timeout);
    if (!share.used.session.logged_in) continue;
    logins++;
    rollback.add("log out session " + std::to_string(share.used.session.sid),
                 [pool, &context, &share]() mutable {
                   undo_login(pool, context.state, share.used);
                 });
  }
  steps.done("sessions: " + std::to_string(logins) + " logged in, " +
             std::to_string(shares.size() - logins) + " reused");

  // The disks of LUNs this attach exported go before those LUNs do.
  std::set<uint64_t> created;
  for (const auto& [handle, lun] : luns)
    if (lun.created) created.insert(handle);
  rollback.add("delete the new disks", [&context, &layout, created] {
    delete_datafile_disks(context.sysfs, layout.fs_id, created);
  });

  // 6. Over reused sessions, scan each LUN of ours, or revalidate the disk
  // found at it; one that keeps a serial naming another datafile is stale.
  // (A new login has scanned the whole target.)
  std::map<std::string, MemberExpectation> wanted;  // by unit serial
  for (const ServerShare& share : shares) {
    std::map<uint64_t, MemberExpectation> by_lun;
    for (uint64_t handle : share.handles) {
      const MemberExpectation want{
          share.name,        handle,           lx::unit_serial(fs_id, handle),
          share.used.session.sid, luns[handle].lun, lun_size};
      wanted[want.serial] = want;
      by_lun[want.lun] = want;
    }
    if (!share.used.session.logged_in)
      bring_in_luns(context.sysfs, share, by_lun);
  }
  steps.done("scanned");

  // 7. The member disks, by unit serial.
  DiskWanted wait;
  for (const auto& [serial, want] : wanted) wait.serials.insert(serial);
  wait.check = [&wanted](const ScsiDisk& disk) {
    return placement_problem(wanted.at(normalize_serial(*disk.serial)), disk);
  };
  std::map<std::string, FoundDisk> found;
  try {
    found = wait_for_disks(monitor, wait, Clock::now() + options.timeout);
  } catch (const DiskWaitTimeout& e) {
    const MemberExpectation& first = wanted.at(e.missing().front());
    throw AttachError(kExitTimeout,
                      datafile_name(first.server, first.handle) + ": LUN " +
                          std::to_string(first.lun) + " of session " +
                          std::to_string(first.sid) + ": " + e.what());
  } catch (const DuplicateSerialError& e) {
    throw AttachError(kExitBadMember, e.what());
  }
  steps.done("found " + std::to_string(found.size()) + " member disks");

  // 8. Probe, and build the members in datafile order.
  for (const layout::Datafile& d : layout.datafiles) {
    const MemberExpectation& want = wanted.at(lx::unit_serial(fs_id, d.handle));
    const FoundDisk& disk = found.at(want.serial);
    const std::string node = disk.device.devnode();
    ProbeResult probe;
    try {
      probe = probe_device(node);
    } catch (const std::exception& e) {
      throw AttachError(
          kExitBadMember,
          datafile_name(want.server, want.handle) + ": " + e.what());
    }
    const std::string problem = content_problem(
        want, disk.disk.name, probe, layout.strip_size, options.force);
    if (!problem.empty()) throw AttachError(kExitBadMember, problem);
    spec.members.push_back(
        {d.handle, 0, major(disk.disk.devnum), minor(disk.disk.devnum), node});
  }
  steps.done("probed the members");

  // 9. The device: assembled by udev and by us, or made whole at once.
  if (waiting) {
    bind_remaining(control, *waiting, spec, file);
    steps.done("assembled " + device_path(*waiting));
    device_rollback.commit();
    rollback.commit();
    return {*waiting, false};
  }
  DevWatch watch;  // armed before CREATE so that no /dev event is missed
  const uint32_t index = create_device(control, spec, file);
  device_rollback.add("remove " + device_path(index), [&control, index] {
    remove_device(control, index, false);
  });
  const DeviceInfo info = control.info(index);
  ensure_device_node(watch, device_path(index),
                     makedev(info.dev_major, info.dev_minor), kNodeTimeout);
  steps.done("created " + device_path(index));

  device_rollback.commit();
  rollback.commit();
  return {index, false};
}

}  // namespace pvfsf::attach
