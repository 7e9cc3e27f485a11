// pvfs-stripe-attach detach: remove a file's device and release its members.
#include <iostream>

#include "attach/file_detach.h"
#include "attach/pvfs_stripe_attach_command.h"
#include "attach/size_commit.h"
#include "common/parse_number.h"

namespace pvfsf::attach::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  // clang-format off
  visible.add_options()
      ("lazy", po::bool_switch(), "if the device is open, detach it at its last close")
      ("size", po::value<std::string>(), "commit this file size first (bytes; K, M, G, T suffixes)")
      ("keep-cache", po::bool_switch(), "leave the mount's cached pages of the file (for the orangefs module's own detach)");
  // clang-format on
  add_config_option(visible);
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const FileRef ref = file_argument(vm);
  DetachOptions options;
  options.lazy = vm["lazy"].as<bool>();
  options.keep_cache = vm["keep-cache"].as<bool>();
  if (vm.count("size")) {
    options.size = parse_size(vm["size"].as<std::string>(), "--size");
    check_file_size(*options.size);
  }
  AttachContext context = make_context(vm);
  if (detach_file(ref, options, context) == DetachResult::kDeferred)
    std::cerr << "pvfs-stripe-attach detach: the device is open: it goes at "
                 "its last close, "
                 "and its members with it\n";
  return kExitOk;
}

const Registration registration({
    "detach",
    "DEVICE|HANDLE|PATH [--lazy] [--size BYTES] [--keep-cache]",
    "Close a file's fast path: remove its device, delete its member disks\n"
    "and ask the servers to unexport the LUNs.  The iSCSI sessions stay for\n"
    "the next file.  DEVICE is /dev/pvfsfN, pvfsfN or a link to it; HANDLE\n"
    "is the file's handle, or FSID-HANDLE, decimal; PATH the file on an\n"
    "OrangeFS mount.  The mount's cached pages of a file attached by its\n"
    "path are dropped, unless --keep-cache (62-pvfsf-orangefs.rules: the\n"
    "orangefs module's cache went through the device, and the open that\n"
    "dropping needs would ask it to attach the file again).  An open\n"
    "device is refused (exit 8) unless --lazy.\n"
    "--size commits the file's true size first (see commit).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
