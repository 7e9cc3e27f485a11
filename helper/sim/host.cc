#include "sim/host.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/process.h"
#include "common/error.h"

namespace pvfsf::sim {

namespace {

using Clock = std::chrono::steady_clock;

std::string last_line_of(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

std::string joined(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// The state letter of /proc/PID/stat ('Z' zombie, 'X' dead), 0 if gone.
char process_state(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return 0;
  const size_t paren = text.rfind(')');
  if (paren == std::string::npos || paren + 2 >= text.size()) return 0;
  return text[paren + 2];
}

bool gone(pid_t pid) {
  // Reap it if it is our child; harmless otherwise.
  ::waitpid(pid, nullptr, WNOHANG);
  const char state = process_state(pid);
  return state == 0 || state == 'Z' || state == 'X';
}

bool wait_gone(pid_t pid, std::chrono::milliseconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  while (!gone(pid)) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

void run_checked(const std::vector<std::string>& argv) {
  const ProcessResult result =
      run_process(argv, std::chrono::seconds(60));
  if (result.success()) return;
  std::string why = last_line_of(result.err);
  if (why.empty()) why = result.status_text();
  throw std::runtime_error(joined(argv) + " failed: " + why);
}

void load_modules(const std::vector<std::string>& modules) {
  for (const std::string& module : modules) run_checked({"modprobe", module});
}

bool lo_has_address(const std::string& address) {
  in_addr want;
  if (::inet_pton(AF_INET, address.c_str(), &want) != 1)
    throw std::invalid_argument("not an IPv4 address: " + address);
  ifaddrs* list;
  if (::getifaddrs(&list) != 0) throw_errno(errno, "getifaddrs");
  bool found = false;
  for (ifaddrs* a = list; a && !found; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    if (std::strcmp(a->ifa_name, "lo") != 0) continue;
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    found = in->sin_addr.s_addr == want.s_addr;
  }
  ::freeifaddrs(list);
  return found;
}

void lo_add_address(const std::string& address) {
  run_checked({"ip", "addr", "add", address + "/32", "dev", "lo"});
}

void lo_del_address(const std::string& address) {
  run_checked({"ip", "addr", "del", address + "/32", "dev", "lo"});
}

fs::path find_exporter() {
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (dir.empty()) continue;
      const fs::path candidate = fs::path(dir) / "pvfs-lun-export";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path next = self.parent_path() / "pvfs-lun-export";
    if (::access(next.c_str(), X_OK) == 0) return next;
  }
  throw std::runtime_error(
      "pvfs-lun-export not found in PATH nor next to pvfs-sim");
}

bool process_alive(pid_t pid, const std::string& marker) {
  if (pid < 2 || gone(pid)) return false;
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
  std::string arg;
  while (std::getline(in, arg, '\0'))
    if (arg == marker) return true;
  return false;
}

bool stop_process(pid_t pid, const std::string& marker,
                  std::chrono::milliseconds grace) {
  if (!process_alive(pid, marker)) return true;
  // The daemon leads its own process group (setsid): signal the group.
  if (::kill(-pid, SIGTERM) != 0) ::kill(pid, SIGTERM);
  if (wait_gone(pid, grace)) return true;
  if (::kill(-pid, SIGKILL) != 0) ::kill(pid, SIGKILL);
  return wait_gone(pid, std::chrono::seconds(5));
}

std::string last_line(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return last_line_of(text.str());
}

}  // namespace pvfsf::sim
