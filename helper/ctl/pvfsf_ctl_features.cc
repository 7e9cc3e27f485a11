// pvfsf-ctl features: what the loaded pvfsf.ko supports.
#include <iostream>

#include "control/control_device.h"
#include "ctl/pvfsf_ctl_command.h"

namespace pvfsf::ctl {

namespace {

struct FeatureName {
  uint64_t bit;
  const char* name;
};

constexpr FeatureName kFeatureNames[] = {
    {PVFSF_FEAT_DEFERRED_REMOVE, "deferred-remove"},
    {PVFSF_FEAT_READ_ONLY, "read-only"},
    {PVFSF_FEAT_BIND, "bind"},
};

void get_arguments(po::options_description&, po::options_description&,
                   po::positional_options_description&) {}

int execute(const po::variables_map&) {
  uint64_t features = ControlDevice().features();
  for (const FeatureName& feature : kFeatureNames) {
    if (features & feature.bit) std::cout << feature.name << "\n";
    features &= ~feature.bit;
  }
  // A newer module than this tool: show the bits it cannot name.
  for (unsigned bit = 0; bit < 64; ++bit)
    if (features & (1ULL << bit)) std::cout << "unknown-bit-" << bit << "\n";
  return kExitOk;
}

const Registration registration({
    "features",
    "",
    "Print the features of the loaded pvfsf module, one name a line.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::ctl
