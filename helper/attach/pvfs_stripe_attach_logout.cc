// pvfs-stripe-attach logout --idle: end the sessions no device uses.
#include <iostream>

#include "attach/idle_logout.h"
#include "attach/pvfs_stripe_attach_command.h"
#include "common/error.h"

namespace pvfsf::attach::cli {

namespace {

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add_options()(
      "idle", po::bool_switch(),
      "log out every session this tool made that no device uses");
  add_config_option(visible);
}

int execute(const po::variables_map& vm) {
  if (!vm["idle"].as<bool>()) throw UsageError("say --idle");
  AttachContext context = make_context(vm);
  const LogoutReport report = logout_idle_sessions(context);
  for (const std::string& name : report.logged_out)
    std::cout << "logged out " << name << "\n";
  for (const std::string& name : report.in_use)
    std::cout << "in use: " << name << "\n";
  return kExitOk;
}

const Registration registration({
    "logout",
    "--idle",
    "Log out of the iSCSI sessions this tool logged in whose disks nothing\n"
    "holds any more.  Sessions made otherwise are never touched.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
