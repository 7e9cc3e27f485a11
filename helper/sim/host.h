// What pvfs-sim does to the host besides files: kernel modules, addresses
// on lo, and the request services it runs as daemons.  Programs are run
// and started (start_daemon) with argument vectors by common/process.h,
// never through a shell.
#ifndef PVFSF_HELPER_SIM_HOST_H
#define PVFSF_HELPER_SIM_HOST_H

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace pvfsf::sim {

namespace fs = std::filesystem;

// Runs @argv and throws std::runtime_error "<argv[0]> ... failed: <its
// stderr's last line or status>" unless it exits 0.
void run_checked(const std::vector<std::string>& argv);

// modprobe each of @modules.
void load_modules(const std::vector<std::string>& modules);

// Whether IPv4 @address is configured on interface lo (getifaddrs).
bool lo_has_address(const std::string& address);
// ip addr add|del ADDRESS/32 dev lo.
void lo_add_address(const std::string& address);
void lo_del_address(const std::string& address);

// The first pvfs-lun-export in PATH (an installed one), else the one next
// to this program (/proc/self/exe: a build tree run without installing).
// Throws std::runtime_error if there is none.
fs::path find_exporter();

// Whether @pid is a living process (not a zombie) whose command line
// holds @marker as one of its arguments: guards against a pid reused by
// another program.
bool process_alive(pid_t pid, const std::string& marker);

// SIGTERM to @pid's process group, up to @grace for it to end, then
// SIGKILL and up to 5 s more.  Returns false if it is still there.
bool stop_process(pid_t pid, const std::string& marker,
                  std::chrono::milliseconds grace);

// The last non-empty line of the text file @path ("" if none).
std::string last_line(const fs::path& path);

}  // namespace pvfsf::sim

#endif
