// pvfs-stripe-attach incremental: bind one member disk as udev reports it.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "attach/attach_error.h"
#include "attach/incremental_bind.h"
#include "attach/pvfs_stripe_attach_command.h"
#include "common/error.h"
#include "common/unique_fd.h"

namespace pvfsf::attach::cli {

namespace {

constexpr const char* kProgram = "pvfs-stripe-attach incremental";

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  add_config_option(visible);
  // clang-format off
  visible.add_options()
      ("log", po::value<std::string>()->default_value("stderr"),
       "where the one line goes: stderr, or kmsg (the kernel log, where a\n"
       "udev RUN program's line is kept; udevd drops their output)");
  // clang-format on
  hidden.add_options()("devnode", po::value<std::string>());
  positional.add("devnode", 1);
}

// One line to the kernel log at notice level; stderr if that fails.  The
// kernel log's line starts "pvfs-stripe-attach[PID]: ", the syslog tag
// from which journald takes the line's identifier and process.
void log_line(bool kmsg, const std::string& line) {
  const std::string text = std::string(kProgram) + ": " + line;
  if (kmsg) {
    const UniqueFd fd(::open("/dev/kmsg", O_WRONLY | O_CLOEXEC));
    const std::string record = "<5>pvfs-stripe-attach[" +
                               std::to_string(::getpid()) +
                               "]: incremental: " + line;
    if (fd.get() >= 0 &&
        ::write(fd.get(), record.data(), record.size()) ==
            static_cast<ssize_t>(record.size()))
      return;
  }
  std::cerr << text << std::endl;
}

int execute(const po::variables_map& vm) {
  if (!vm.count("devnode")) throw UsageError("DEVNODE is required");
  const std::string log = vm["log"].as<std::string>();
  if (log != "stderr" && log != "kmsg")
    throw UsageError("--log " + log + ": expected stderr or kmsg");
  const bool kmsg = log == "kmsg";
  try {
    AttachContext context = make_context(vm);
    ControlDevice control = context.open_control();
    const IncrementalResult result = bind_incremental(
        context.sysfs, control, vm["devnode"].as<std::string>());
    log_line(kmsg, result.message);
    return kExitOk;
  } catch (const AttachError& e) {
    log_line(kmsg, e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    log_line(kmsg, e.what());
    return kExitFailed;
  }
}

const Registration registration({
    "incremental",
    "[--log stderr|kmsg] DEVNODE",
    "Bind the SCSI disk DEVNODE, whose unit serial names a PVFS datafile,\n"
    "into the device that waits for it: a slot left unbound by an attach\n"
    "that lets udev assemble the device, or the slot of a lost member.\n"
    "Writes one line saying what it did.  A disk no device waits for is\n"
    "left alone (exit 0).  Local and short, for udev's RUN:\n"
    "udev/61-pvfsf-member.rules runs it as each such disk appears.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
