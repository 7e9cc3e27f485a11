// pvfs-stripe-attach attach: a file's layout in, /dev/pvfsfN out.
#include <filesystem>
#include <iostream>

#include "attach/file_attach.h"
#include "attach/orangefs_file.h"
#include "attach/pvfs_stripe_attach_command.h"
#include "common/error.h"
#include "common/parse_number.h"
#include "layout/load.h"
#include "orangefs/fs_conf.h"
#include "orangefs/mounted_file.h"

namespace pvfsf::attach::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  // clang-format off
  visible.add_options()
      ("read-only", po::bool_switch(), "attach for reading only")
      ("timeout", po::value<std::string>()->default_value("30"),
       "the limit, in seconds, of each wait: the file's lock, a device going "
       "at its last close, each session's lock, discovery and login, the "
       "member disks")
      ("force", po::bool_switch(),
       "take member disks that carry a filesystem or partition signature")
      ("extent", po::value<std::string>(),
       "bytes the file may grow to through the device (default: its size); "
       "K, M, G, T suffixes")
      ("fs-conf", po::value<std::string>()->default_value(orangefs::kDefaultFsConf),
       "for a PATH: the cluster's fs.conf (as its servers read it)")
      ("servers", po::value<std::string>()->default_value(layout::kDefaultServers),
       "for a PATH: servers file (JSON) mapping BMI addresses to portals and targets")
      ("verbose,v", po::bool_switch(), "say each step and its time on standard error");
  // clang-format on
  add_config_option(visible);
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 1) throw UsageError("expected one LAYOUT|PATH");
  AttachOptions options;
  options.read_only = vm["read-only"].as<bool>();
  options.force = vm["force"].as<bool>();
  const uint32_t timeout =
      parse_u32(vm["timeout"].as<std::string>(), "--timeout");
  if (!timeout) throw UsageError("--timeout: at least 1 second");
  options.timeout = std::chrono::seconds(timeout);
  if (vm.count("extent"))
    options.extent = parse_size(vm["extent"].as<std::string>(), "--extent");
  layout::Layout layout;
  if (args[0] != "-" && orangefs::on_orangefs_mount(args[0])) {
    const std::filesystem::path path = std::filesystem::absolute(args[0]);
    const OrangefsSources sources{vm["fs-conf"].as<std::string>(),
                                  vm["servers"].as<std::string>()};
    // Reading never reaches past the file's size: nothing to unstuff.
    layout = orangefs_file_layout(path, sources,
                                  options.read_only ? 0 : options.extent);
    options.orangefs_path = path.string();
  } else {
    layout = layout::load_layout(args[0]);
  }
  AttachContext context = make_context(vm);
  context.verbose = vm["verbose"].as<bool>();
  const AttachOutcome outcome = attach_file(layout, options, context);
  if (outcome.attached_before && context.verbose)
    std::cerr << "pvfs-stripe-attach attach: attached already\n";
  std::cout << device_path(outcome.index) << "\n";
  return kExitOk;
}

const Registration registration({
    "attach",
    "LAYOUT|PATH [--read-only] [--timeout SECONDS] [--force] [--extent BYTES] "
    "[--fs-conf FILE] [--servers FILE]",
    "Open the fast path of the file LAYOUT describes (a layout JSON file, see\n"
    "docs/layout.md; - is standard input), or of PATH, a file on a mounted\n"
    "OrangeFS (its layout from the mount, fs.conf and the servers file; a\n"
    "stuffed file is unstuffed first if the device may write past its first\n"
    "strip), and print its device, /dev/pvfsfN.\n"
    "Each server exports the file's datafiles as LUNs; the one iSCSI session\n"
    "to each server is reused, or made; the member disks are found by unit\n"
    "serial, probed, and striped over in datafile order.  A file attached\n"
    "already prints the same device.  On failure everything this attach did\n"
    "is undone.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
