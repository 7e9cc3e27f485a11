#include "test_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pvfsf::layout::test {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One directory per test process, removed when it exits.
const std::filesystem::path& temp_dir() {
  static const std::filesystem::path dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pvfsf-layout-XXXXXX")
            .string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    std::atexit([] { std::filesystem::remove_all(temp_dir()); });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

}  // namespace

std::string source_path(const std::string& relative) {
  return std::string(PVFSF_SOURCE_DIR) + "/" + relative;
}

std::string read_source(const std::string& relative) {
  return slurp(source_path(relative));
}

Layout make_layout(size_t datafiles) {
  Layout layout;
  layout.fs_id = 1234567;
  layout.handle = 0x8000000000000001ULL;
  layout.strip_size = 65536;
  layout.size = 1000000;
  for (size_t i = 0; i < datafiles; ++i) {
    Server server;
    server.name = "s" + std::to_string(i);
    const std::string ip =
        "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256);
    server.portal = ip + ":3260";
    server.iqn = "iqn.2026-11.org.pvfsf.test:" + server.name;
    server.service = ip + ":3263";
    server.bmi = "tcp://node" + std::to_string(i) + ":3334";
    layout.servers.emplace(server.name, server);
    layout.datafiles.push_back({0x9E3779B97F4A7C15ULL * (i + 1), server.name});
  }
  return layout;
}

std::string refusal(const std::function<void()>& call) {
  try {
    call();
  } catch (const LayoutError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("unexpected exception: ") + e.what();
  }
  return "";
}

ToolResult run_tool(const std::vector<std::string>& args,
                    const std::string& input) {
  std::vector<std::string> argv = {PVFS_LAYOUT_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, input);
}

ToolResult run_program(const std::vector<std::string>& args,
                       const std::string& input) {
  const std::string in = temp_file("stdin", input);
  const std::string out = (temp_dir() / "stdout").string();
  const std::string err = (temp_dir() / "stderr").string();
  std::vector<std::string> copies = args;
  std::vector<char*> argv;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fd_in = ::open(in.c_str(), O_RDONLY);
    const int fd_out = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int fd_err = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd_in < 0 || fd_out < 0 || fd_err < 0 || ::dup2(fd_in, 0) < 0 ||
        ::dup2(fd_out, 1) < 0 || ::dup2(fd_err, 2) < 0)
      ::_exit(126);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  ToolResult result;
  result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = (temp_dir() / name).string();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) throw std::runtime_error("cannot write " + path);
  return path;
}

}  // namespace pvfsf::layout::test
