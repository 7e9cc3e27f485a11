// pvfs-lun-export request: send one request to a server's service, with
// ExportClient, and print the result as the local subcommand would.
#include <chrono>
#include <iostream>

#include "export/arguments.h"
#include "common/error.h"
#include "protocol/export_client.h"
#include "export/list_format.h"
#include "export/pvfs_lun_export_command.h"

namespace pvfsf::lun_export::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  visible.add_options()  //
      ("service", po::value<std::string>(),
       "the service's ADDR[:PORT] (default: listen of --config)")  //
      ("server", po::value<std::string>(),
       "the server's name, which the request names (default: server of "
       "--config)")  //
      ("key", po::value<std::string>(),
       "the cluster key file (default: key-file of --config)")  //
      ("config", po::value<std::string>(),
       "a server's config file, for --service and --key")                  //
      ("fs-id", po::value<std::string>(), "file system (collection) id")   //
      ("size", po::value<std::string>(), "export: the LUN size in bytes")  //
      ("json", po::bool_switch(), "list: print one JSON object")           //
      ("initiator", po::value<std::string>(),
       "export, unexport: the client's initiator name (default: this "
       "host's)")  //
      ("timeout", po::value<unsigned>()->default_value(120),
       "seconds to wait for the reply");
  hidden.add_options()                  //
      ("op", po::value<std::string>())  //
      ("args", po::value<std::vector<std::string>>());
  positional.add("op", 1).add("args", -1);
}

int execute(const po::variables_map& vm) {
  if (!vm.count("op"))
    throw UsageError("expected export, unexport, set-size or list");
  const std::string op = vm["op"].as<std::string>();
  const std::vector<std::string> args = positional_args(vm);

  std::optional<Endpoint> service;
  std::string server;
  std::string key_file;
  if (vm.count("config")) {
    const ServerConfig config = load_server_config(vm);
    service = config.listen;
    server = config.server;
    key_file = config.key_file;
  }
  if (vm.count("server")) {
    server = vm["server"].as<std::string>();
    check_server_name(server, "--server");
  }
  if (vm.count("service"))
    service = resolve_endpoint(vm["service"].as<std::string>(), kServicePort,
                               "service");
  if (vm.count("key")) key_file = vm["key"].as<std::string>();
  if (!service) throw UsageError("--service or --config is required");
  if (server.empty())
    throw UsageError(
        "--server or --config is required: every request names its server");

  ExportClient client(*service, server, ClusterKey::load(key_file),
                      std::chrono::seconds(vm["timeout"].as<unsigned>()));
  if (op == "export" || op == "unexport")
    client.set_initiator(initiator_option(vm));
  if (op == "export") {
    const FsId fs_id = fs_id_option(vm);
    const uint64_t size = parse_lun_size(required_option(vm, "size"));
    print_exported(
        client.export_handles(fs_id, size, parse_handles(args)).luns);
  } else if (op == "unexport") {
    const FsId fs_id = fs_id_option(vm);
    print_unexported(client.unexport(fs_id, parse_handles(args)).handles);
  } else if (op == "set-size") {
    const FsId fs_id = fs_id_option(vm);
    const SizeChange wanted = set_size_arguments(vm);
    print_size_change(
        client.set_size(fs_id, wanted.handle, wanted.size).change);
  } else if (op == "list") {
    if (!args.empty()) throw UsageError("list takes no arguments");
    const ExportClient::Listed listed = client.list(optional_fs_id(vm));
    if (vm["json"].as<bool>())
      print_list_json(std::cout, listed.target, listed.luns);
    else
      print_list_text(std::cout, listed.luns);
  } else {
    throw UsageError("unknown request '" + op +
                     "' (export, unexport, set-size, list)");
  }
  return kExitOk;
}

const Registration registration({
    "request",
    "--service ADDR:PORT --server NAME --key FILE "
    "export|unexport|set-size|list ...",
    "Send one request to a server's service and print what the local\n"
    "subcommand of the same name prints:\n"
    "  request ... export --fs-id ID --size BYTES [--initiator NAME] "
    "HANDLE...\n"
    "  request ... unexport --fs-id ID [--initiator NAME] HANDLE...\n"
    "  request ... set-size --fs-id ID HANDLE BYTES\n"
    "  request ... list [--json] [--fs-id ID]",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
