// pvfs-lun-export keygen: a new cluster key file.
#include "protocol/cluster_key.h"
#include "common/error.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description&, po::options_description& hidden,
                   po::positional_options_description& positional) {
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 1) throw UsageError("expected one FILE");
  write_new_key(args[0]);
  return kExitOk;
}

const Registration registration({
    "keygen",
    "FILE",
    "Write a new cluster key to FILE (32 random bytes as 64 hex digits,\n"
    "mode 0600).  An existing FILE is not overwritten.  Copy it to every\n"
    "server and client of the cluster.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
