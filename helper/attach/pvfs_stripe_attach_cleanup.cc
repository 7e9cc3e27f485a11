// pvfs-stripe-attach cleanup: release the members of devices that are gone.
#include <iostream>

#include "attach/file_detach.h"
#include "attach/pvfs_stripe_attach_command.h"

namespace pvfsf::attach::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  add_config_option(visible);
}

int execute(const po::variables_map& vm) {
  AttachContext context = make_context(vm);
  for (const std::string& name : release_orphans(context))
    std::cout << "released " << name << "\n";
  return kExitOk;
}

const Registration registration({
    "cleanup",
    "",
    "Release the members of every attached file whose device is gone: a\n"
    "device detached --lazy that reached its last close, or one an\n"
    "interrupted attach or detach left.  udev/60-pvfsf.rules runs it when a\n"
    "pvfsf device is removed.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
