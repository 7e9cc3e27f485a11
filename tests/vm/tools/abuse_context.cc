#include "abuse_context.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>
#include <utility>

#include "control/block_device.h"
#include "common/error.h"

namespace pvfsf::tools {

namespace {

constexpr std::chrono::seconds kNodeTimeout{5};
// How long a removed device may take to go: until the last opener closes
// it (udevd's worker, under TCG, is the slow one), then the work item.
constexpr std::chrono::seconds kRemoveTimeout{30};
constexpr std::chrono::milliseconds kRemovePoll{10};

MemberDev probe_member(const std::string& path) {
  MemberDev m;
  m.path = path;
  const dev_t dev = block_device_number(path, "member");
  m.major = major(dev);
  m.minor = minor(dev);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno(errno, "open " + path);
  m.sectors = block_device_bytes(fd.get(), path) / 512;
  m.block = logical_block_size(fd.get(), path);
  return m;
}

}  // namespace

AbuseContext::AbuseContext(const std::string& control_path,
                           const std::vector<std::string>& member_paths)
    :  // Handles unlikely to collide with a real file or a parallel run.
      next_handle_(0xab05e00000000000ULL |
                   (static_cast<uint64_t>(::getpid()) << 16)) {
  std::vector<MemberDev> probed;
  for (const std::string& path : member_paths)
    probed.push_back(probe_member(path));
  const MemberDev& first = probed.at(0);
  for (const MemberDev& m : probed) {
    if (m.block == first.block && m.sectors == first.sectors)
      members_.push_back(m);
    else if (m.block == first.block &&
             m.sectors * 512 + kStrip < first.sectors * 512)
      small_ = m;
    else if (m.block > first.block)
      big_block_ = m;
    else
      throw UsageError(m.path + " fits no role: not like " + first.path +
                       ", nor a strip smaller, nor with larger blocks");
  }
  if (members_.size() < 3)
    throw UsageError("need three devices of the size and block size of " +
                     first.path);
  control_ = UniqueFd(::open(control_path.c_str(), O_RDWR | O_CLOEXEC));
  if (!control_) throw_errno(errno, "open " + control_path);
  bad_page_ =
      ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (bad_page_ == MAP_FAILED) throw_errno(errno, "mmap");
  devices_at_start_ = list_devices();
}

AbuseContext::~AbuseContext() {
  try {
    remove_fixture();
  } catch (const std::system_error&) {
  }
  ::munmap(bad_page_, 4096);
}

int AbuseContext::raw(unsigned long request, void* arg) {
  return ::ioctl(control_.get(), request, arg) < 0 ? errno : 0;
}

uint64_t AbuseContext::fresh_handle() { return next_handle_++; }

pvfsf_member AbuseContext::entry_for(const MemberDev& dev,
                                     uint64_t datafile_handle) const {
  pvfsf_member m{};
  m.datafile_handle = datafile_handle;
  m.dev_major = dev.major;
  m.dev_minor = dev.minor;
  return m;
}

pvfsf_member AbuseContext::member_entry(size_t i) const {
  return entry_for(members_.at(i), 1000 + i);
}

CreateRequest AbuseContext::valid_create() {
  CreateRequest r;
  r.members = {member_entry(1), member_entry(2)};
  r.req.version = PVFSF_CTL_VERSION;
  r.req.fs_id = kFsId;
  r.req.nr_members = static_cast<uint32_t>(r.members.size());
  r.req.handle = fresh_handle();
  r.req.strip_size = kStrip;
  return r;
}

int AbuseContext::remove_device(uint32_t index) {
  pvfsf_remove req = make_remove_request(index, true);
  // EBUSY to a deferred REMOVE: the device is being removed already.
  if (const int err = raw(PVFSF_IOC_REMOVE, &req); err && err != EBUSY)
    return err;
  const auto deadline = std::chrono::steady_clock::now() + kRemoveTimeout;
  for (;;) {
    std::vector<pvfsf_member> room;
    pvfsf_info info = make_info_request(index, room);
    const int err = raw(PVFSF_IOC_INFO, &info);
    if (err == ENODEV || err == ENXIO) return 0;
    if (err) return err;
    if (std::chrono::steady_clock::now() >= deadline) return ETIMEDOUT;
    std::this_thread::sleep_for(kRemovePoll);
  }
}

int AbuseContext::create(CreateRequest& r, unsigned long request) {
  if (!r.members_pointer_fixed)
    r.req.members = reinterpret_cast<uintptr_t>(r.members.data());
  const int err = raw(request, &r.req);
  // If it stays, remove_leaked_devices() reports it.
  if (!err) remove_device(r.req.index);
  return err;
}

const DeviceInfo& AbuseContext::fixture() {
  if (fixture_) return *fixture_;
  CreateRequest r;
  r.members = {member_entry(0)};
  r.req.version = PVFSF_CTL_VERSION;
  r.req.fs_id = kFsId;
  r.req.nr_members = 1;
  r.req.handle = fresh_handle();
  r.req.strip_size = kStrip;
  r.req.members = reinterpret_cast<uintptr_t>(r.members.data());
  if (const int err = raw(PVFSF_IOC_CREATE, &r.req))
    throw_errno(err, "fixture: create over " + members_[0].path);
  fixture_ = info_until_complete(r.req.index, [this](pvfsf_info& req) {
    if (const int err = raw(PVFSF_IOC_INFO, &req))
      throw_errno(err, "fixture: info");
  });
  ensure_device_node(dev_watch_, device_path(fixture_->index),
                     makedev(fixture_->dev_major, fixture_->dev_minor),
                     kNodeTimeout);
  return *fixture_;
}

std::vector<uint32_t> AbuseContext::list_devices() {
  return list_until_complete([this](pvfsf_list& req) {
    if (const int err = raw(PVFSF_IOC_LIST, &req)) throw_errno(err, "list");
  });
}

uint32_t AbuseContext::missing_index() {
  const std::vector<uint32_t> indices = list_devices();
  uint32_t index = 0;
  while (std::find(indices.begin(), indices.end(), index) != indices.end())
    ++index;
  return index;
}

uint64_t AbuseContext::bad_pointer() const {
  return reinterpret_cast<uintptr_t>(bad_page_);
}

std::vector<uint32_t> AbuseContext::remove_leaked_devices() {
  std::vector<uint32_t> leaked;
  for (uint32_t index : list_devices()) {
    const bool is_fixture = fixture_ && fixture_->index == index;
    if (!is_fixture &&
        std::find(devices_at_start_.begin(), devices_at_start_.end(), index) ==
            devices_at_start_.end()) {
      remove_device(index);
      leaked.push_back(index);
    }
  }
  return leaked;
}

void AbuseContext::remove_fixture() {
  if (!fixture_) return;
  const DeviceInfo fixture = *std::exchange(fixture_, std::nullopt);
  if (const int err = remove_device(fixture.index))
    throw_errno(err, "remove the fixture " + device_path(fixture.index));
  // Where no udev runs the fixture's node is ours to delete.
  remove_stale_device_node(device_path(fixture.index),
                           makedev(fixture.dev_major, fixture.dev_minor));
}

}  // namespace pvfsf::tools
