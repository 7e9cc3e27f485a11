// pvfs-stripe-attach: a PVFS file's fast path, opened and closed
// (docs/pvfs-stripe-attach.8.md).  The subcommands live in
// pvfs_stripe_attach_<name>.cc.
#include "attach/attach_error.h"
#include "attach/pvfs_stripe_attach_command.h"
#include "cli/program.h"
#include "common/error.h"
#include "layout/layout_error.h"

namespace pvfsf::attach::cli {

void add_config_option(po::options_description& visible) {
  visible.add_options()(
      "config", po::value<std::string>(),
      "the attach configuration (default /etc/pvfsf/attach.conf)");
}

AttachContext make_context(const po::variables_map& vm) {
  AttachContext context;
  context.config =
      vm.count("config")
          ? load_attach_config(vm["config"].as<std::string>(), true)
          : load_attach_config();
  return context;
}

FileRef file_argument(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 1) throw UsageError("expected one DEVICE|HANDLE|PATH");
  return parse_file_ref(args[0]);
}

}  // namespace pvfsf::attach::cli

namespace {

int exit_code(const std::exception& e) {
  if (const auto* attach = dynamic_cast<const pvfsf::attach::AttachError*>(&e))
    return attach->exit_code();
  if (dynamic_cast<const pvfsf::layout::LayoutError*>(&e))
    return pvfsf::cli::kExitUsage;
  return pvfsf::cli::kExitFailed;
}

const pvfsf::cli::Program kProgram = {
    "pvfs-stripe-attach",
    "The fast path of a PVFS file: its datafiles exported as iSCSI LUNs by\n"
    "their servers, one session per server shared by every file, and a\n"
    "/dev/pvfsfN striped over the member disks as PVFS stripes the file.",
    "0 done, 1 failed, 2 bad usage or invalid layout,\n"
    "3 pvfsf module not loaded, 4 export service unreachable or refused,\n"
    "5 iSCSI discovery, login or rescan failed, 6 a member disk did not\n"
    "appear in time, 7 a disk is not the datafile it should be, 8 device\n"
    "busy, 9 not attached.",
    exit_code,
};

}  // namespace

int main(int argc, char** argv) {
  return pvfsf::cli::run_program(kProgram, argc, argv);
}
