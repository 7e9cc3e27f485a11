// pvfs-lun-export set-size: truncate or extend a datafile's bstream.
#include <iostream>

#include "export/arguments.h"
#include "common/error.h"
#include "common/parse_number.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()("fs-id", po::value<std::string>(),
                        "file system (collection) id");
  visible.add(server_options());
  hidden.add_options()("args", po::value<std::vector<std::string>>());
  positional.add("args", -1);
}

int execute(const po::variables_map& vm) {
  const FsId fs_id = fs_id_option(vm);
  const std::vector<std::string> args = positional_args(vm);
  if (args.size() != 2) throw UsageError("expected HANDLE BYTES");
  const std::vector<Handle> handle = parse_handles({args[0]});
  const uint64_t size = parse_bstream_size(args[1]);
  LocalServer server(vm);
  const SizeChange change = server.exporter.set_size(fs_id, handle[0], size);
  std::cout << change.handle << " " << change.size << "\n";
  return kExitOk;
}

const Registration registration({
    "set-size",
    "--fs-id ID HANDLE BYTES",
    "Truncate or extend datafile HANDLE's bstream to BYTES (creating it if\n"
    "missing), exported or not: the server's half of a client's size\n"
    "commit.  Prints 'HANDLE BYTES'.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
