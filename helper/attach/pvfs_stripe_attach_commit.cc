// pvfs-stripe-attach commit: set an attached file's true size.
#include "attach/file_commit.h"
#include "attach/pvfs_stripe_attach_command.h"
#include "attach/size_commit.h"
#include "common/parse_number.h"

namespace pvfsf::attach::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("size", po::value<std::string>()->required(),
                        "the file's size in bytes; K, M, G, T suffixes");
  add_config_option(visible);
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const FileRef ref = file_argument(vm);
  const uint64_t size = parse_size(vm["size"].as<std::string>(), "--size");
  check_file_size(size);
  AttachContext context = make_context(vm);
  commit_file(ref, size, context);
  return kExitOk;
}

const Registration registration({
    "commit",
    "DEVICE|HANDLE|PATH --size BYTES",
    "Set the file's size as PVFS sets it: the device is flushed, then each\n"
    "datafile's bstream is truncated or extended to its simple_stripe share\n"
    "of BYTES.  A file attached by its path on an OrangeFS mount (or named\n"
    "by it here) gets it through the mount, with truncate(2), which also\n"
    "sets the sizes in the servers' databases; it only grows the file (a\n"
    "file another client made longer is left so).  A file attached by its\n"
    "layout gets it from the servers' export services.  A block device\n"
    "writes whole blocks, so without this a 100-byte write would leave a\n"
    "512-byte file (pNFS's LAYOUTCOMMIT does the same job).",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::attach::cli
