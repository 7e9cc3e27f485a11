// pvfsf-ctl bind: put a disk back in the place of a lost member.
#include <string>

#include "common/error.h"
#include "common/parse_number.h"
#include "control/control_device.h"
#include "control/member_spec.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

void get_arguments(po::options_description&, po::options_description& hidden,
                   po::positional_options_description& positional) {
  // clang-format off
  hidden.add_options()
      ("device", po::value<std::string>())
      ("slot", po::value<std::string>())
      ("member", po::value<std::string>());
  // clang-format on
  positional.add("device", 1).add("slot", 1).add("member", 1);
}

int execute(const po::variables_map& vm) {
  if (!vm.count("slot") || !vm.count("member"))
    throw UsageError("DEVICE, SLOT and MEMBER are required");
  const DeviceRef ref = device_argument(vm);
  const uint32_t slot = parse_u32(vm["slot"].as<std::string>(), "SLOT");
  // Parsed before resolved: a typo is a usage error even if the path is
  // missing.
  const MemberArg arg = parse_member_arg(vm["member"].as<std::string>());
  if (arg.path == kUnboundPath)
    throw UsageError("MEMBER must name a disk to bind, not 'unbound'");
  const Member member = resolve_member(arg, slot);
  ControlDevice control;
  control.bind(resolve_device_ref(control, ref), slot, member);
  return kExitOk;
}

const Registration registration({
    "bind",
    "DEVICE|N SLOT MEMBER",
    "Bind MEMBER into place SLOT (0-based, layout order) of the device,\n"
    "a place left unbound at create or whose member was lost (its disk\n"
    "gone); the device is live once every place is bound and no member\n"
    "is lost.  MEMBER is\n"
    "PATH[:DATAFILE_HANDLE[:START_SECTOR]] as for create; the datafile\n"
    "handle defaults to SLOT and must be the one the place was created\n"
    "with.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::ctl
