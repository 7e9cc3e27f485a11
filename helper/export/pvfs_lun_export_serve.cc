// pvfs-lun-export serve: the request service, in the foreground.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "common/error.h"
#include "export/lio.h"
#include "export/pvfs_lun_export_command.h"
#include "export/request_handler.h"
#include "export/service.h"
#include "protocol/cluster_key.h"
#include "protocol/net.h"
#include "protocol/tls.h"

namespace pvfsf::lun_export::cli {

namespace {

int g_stop_write = -1;

void on_stop_signal(int) {
  const char byte = 1;
  // Async-signal-safe; a full pipe already says "stop".
  if (::write(g_stop_write, &byte, 1) < 0) {
  }
}

void get_arguments(po::options_description& visible, po::options_description&,
                   po::positional_options_description&) {
  visible.add(server_options());
  po::options_description limits("Limits (docs/export-protocol.md)");
  limits.add_options()  //
      ("rate", po::value<double>()->default_value(50),
       "authenticated requests a second, all connections together")  //
      ("connection-rate", po::value<double>()->default_value(10),
       "requests a second on one connection")  //
      ("max-connections", po::value<unsigned>()->default_value(32),
       "connections served at once")  //
      ("max-connections-per-host", po::value<unsigned>()->default_value(8),
       "connections served at once from one address")  //
      ("auth-timeout", po::value<unsigned>()->default_value(3000),
       "milliseconds a new connection has to complete its TLS handshake");
  visible.add(limits);
}

void log_line(const std::string& server, const std::string& line) {
  const std::time_t now = std::time(nullptr);
  std::tm tm;
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ",
                ::gmtime_r(&now, &tm));
  const std::string text =
      std::string(stamp) + " pvfs-lun-export[" + server + "]: " + line + "\n";
  // One write(2) per line, so that lines of concurrent requests do not mix.
  if (::write(STDERR_FILENO, text.data(), text.size()) < 0) {
  }
}

int execute(const po::variables_map& vm) {
  const ServerConfig config = load_server_config(vm);
  // Refuse to start without a key we trust.
  const ClusterKey key = ClusterKey::load(config.key_file);
  if (!std::filesystem::is_directory(config.storage))
    throw UsageError("storage '" + config.storage.string() +
                     "' is not a directory");
  ConfigFs configfs(config.configfs);
  Exporter exporter(config, configfs);
  Lio(configfs, config.server, config.target, config.portal).check_available();

  HandlerLimits handler_limits;
  handler_limits.global_rate = vm["rate"].as<double>();
  handler_limits.global_burst = 2 * handler_limits.global_rate;
  ServiceLimits service_limits;
  service_limits.connection_rate = vm["connection-rate"].as<double>();
  service_limits.connection_burst = 2 * service_limits.connection_rate;
  service_limits.max_connections = vm["max-connections"].as<unsigned>();
  service_limits.max_connections_per_host =
      vm["max-connections-per-host"].as<unsigned>();
  service_limits.auth_timeout =
      std::chrono::milliseconds(vm["auth-timeout"].as<unsigned>());
  if (handler_limits.global_rate <= 0 || service_limits.connection_rate <= 0 ||
      service_limits.max_connections == 0 ||
      service_limits.max_connections_per_host == 0 ||
      service_limits.auth_timeout.count() == 0)
    throw UsageError(
        "rates, --max-connections, --max-connections-per-host and "
        "--auth-timeout must be positive");

  const TlsContext tls(TlsContext::Role::kServer, key);
  RequestHandler handler(
      exporter, handler_limits, [] {
        return std::chrono::duration<double>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
      });
  UniqueFd listen = listen_on(config.listen);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
    throw_errno(errno, "pipe2");
  UniqueFd stop_read(pipe_fds[0]), stop_write(pipe_fds[1]);
  g_stop_write = stop_write.get();
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  const std::string server = config.server;
  auto log = [server](const std::string& line) { log_line(server, line); };
  log("serving target " + config.target + " (portal " + config.portal.text() +
      ", storage " + config.storage.string() + ") on " + config.listen.text());
  Service service(handler, tls, std::move(listen), service_limits, log);
  service.run(stop_read.get());
  log("stopped");
  return kExitOk;
}

const Registration registration({
    "serve",
    "[--config FILE] [options]",
    "Serve export, unexport, set-size and list requests from clients on the\n"
    "listen address, in the foreground, one log line per request on\n"
    "standard error, until SIGTERM or SIGINT.  Clients connect with TLS 1.3\n"
    "and a pre-shared key derived from the cluster key (key-file, mode\n"
    "0600), and name this server in every request.  All state is LIO's: a\n"
    "restarted service serves the LUNs it finds.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::lun_export::cli
