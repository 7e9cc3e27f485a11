// pvfsf-ctl create: make /dev/pvfsfN for one PVFS file over its datafiles.
#include <sys/sysmacros.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "control/control_device.h"
#include "control/device_node.h"
#include "common/error.h"
#include "control/member_spec.h"
#include "common/parse_number.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

// How long udev may take to make the node before we make it ourselves.
constexpr std::chrono::seconds kNodeTimeout{5};

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  // clang-format off
  visible.add_options()
      ("fs-id", po::value<std::string>()->required(),
       "PVFS file system (collection) id, 32 bits")
      ("handle", po::value<std::string>()->required(),
       "PVFS handle of the file (metafile), 64 bits, decimal or 0x hex")
      ("strip", po::value<std::string>()->required(),
       "strip size in bytes; K, M, G suffixes allowed")
      ("read-only", po::bool_switch(), "refuse writes to the device")
      ("size", po::value<std::string>(),
       "capacity in bytes (K, M, G suffixes), whole 512-byte sectors;"
       " required if a MEMBER is unbound");
  // clang-format on
  hidden.add_options()("member", po::value<std::vector<std::string>>());
  positional.add("member", -1);
}

CreateSpec spec_from(const po::variables_map& vm) {
  CreateSpec spec;
  spec.fs_id = parse_u32(vm["fs-id"].as<std::string>(), "--fs-id");
  spec.handle = parse_u64(vm["handle"].as<std::string>(), "--handle");
  spec.strip_size = parse_size(vm["strip"].as<std::string>(), "--strip");
  spec.read_only = vm["read-only"].as<bool>();
  if (vm.count("size")) {
    const uint64_t size = parse_size(vm["size"].as<std::string>(), "--size");
    if (size == 0 || size % 512)
      throw UsageError("--size " + std::to_string(size) +
                       ": must be a positive multiple of 512 bytes");
    spec.capacity_sectors = size / 512;
  }
  if (!vm.count("member")) throw UsageError("at least one MEMBER is required");
  const auto& args = vm["member"].as<std::vector<std::string>>();
  // Parse all before resolving any, so a typo is a usage error (exit 2)
  // even when an earlier path is missing.
  std::vector<MemberArg> parsed;
  for (const std::string& arg : args) parsed.push_back(parse_member_arg(arg));
  for (size_t i = 0; i < parsed.size(); ++i)
    spec.members.push_back(resolve_member(parsed[i], static_cast<uint32_t>(i)));
  const bool assemble = std::any_of(spec.members.begin(), spec.members.end(),
                                    [](const Member& m) { return m.unbound(); });
  if (assemble && !spec.capacity_sectors)
    throw UsageError("an unbound MEMBER needs --size");
  return spec;
}

int execute(const po::variables_map& vm) {
  const CreateSpec spec = spec_from(vm);
  ControlDevice control;
  DevWatch watch;  // armed before CREATE so no /dev event is missed
  const uint32_t index = control.create(spec);
  const std::string path = device_path(index);
  try {
    const DeviceInfo info = control.info(index);
    const NodeOrigin origin = ensure_device_node(
        watch, path, makedev(info.dev_major, info.dev_minor), kNodeTimeout);
    if (origin == NodeOrigin::kCreated && udev_is_running())
      std::cerr << "pvfsf-ctl create: udev did not make " << path << " within "
                << kNodeTimeout.count() << " s; made it with mknod\n";
  } catch (const std::system_error& e) {
    std::cerr << "pvfsf-ctl create: created " << path
              << " but cannot provide its node: " << e.what() << "\n";
    return kExitFailed;
  }
  std::cout << path << "\n";
  return kExitOk;
}

const Registration registration({
    "create",
    "--fs-id ID --handle H --strip BYTES [--read-only] [--size BYTES] "
    "MEMBER...",
    "Create /dev/pvfsfN for the PVFS file (ID, H) striped over the MEMBER\n"
    "block devices in datafile order, and print its path.  MEMBER is\n"
    "PATH[:DATAFILE_HANDLE[:START_SECTOR]]; the datafile handle defaults\n"
    "to the member's position (0, 1, ...), the start sector (512 bytes)\n"
    "to 0.  Numbers are decimal or 0x hex.  A PATH whose last ':' part\n"
    "looks like a number is written PATH:: to keep the defaults.\n"
    "A MEMBER of unbound[:DATAFILE_HANDLE] leaves its slot for 'bind': the\n"
    "device is 'assembling' (capacity 0, opens refused) until every slot\n"
    "is bound, then live with --size bytes, which each disk bound must\n"
    "hold its share of.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::ctl
