// pvfs-sim truncate: set a file's size through the servers' services.
#include "common/error.h"
#include "layout/load.h"
#include "common/parse_number.h"
#include "sim/cluster.h"
#include "sim/pvfs_sim_command.h"

namespace pvfsf::sim::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  add_dir_option(visible);
  add_positional_args(hidden, positional);
}

int execute(const po::variables_map& vm) {
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 2) throw UsageError("expected LAYOUT SIZE");
  const uint64_t size = parse_size(args[1], "SIZE");
  const ClusterPaths paths = cluster_paths(vm);
  const layout::Layout layout = layout::load_layout(args[0]);
  truncate_file(paths, layout, size);
  return kExitOk;
}

const Registration registration({
    "truncate",
    "LAYOUT SIZE [--dir DIR]",
    "Make the file of LAYOUT SIZE bytes long: each datafile's bstream is\n"
    "set to its simple_stripe share of SIZE (truncated, or extended with a\n"
    "hole) by a set-size request to its server's export service, as a\n"
    "client's size commit does; so it works while the LUNs are exported.\n"
    "A datafile whose share is 0 and that has no bstream is left without.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::sim::cli
