// What the layout tests share: example files, generated layouts, the
// message of a refusal and a way to run pvfs-layout.
#ifndef PVFSF_TESTS_UNIT_LAYOUT_TEST_UTIL_H
#define PVFSF_TESTS_UNIT_LAYOUT_TEST_UTIL_H

#include <functional>
#include <string>
#include <vector>

#include "layout/layout.h"

namespace pvfsf::layout::test {

// A file of the source tree, e.g. "docs/examples/servers.json".
std::string source_path(const std::string& relative);
std::string read_source(const std::string& relative);

// A valid layout of @datafiles datafiles, server "s<i>" holding datafile i,
// 64 KiB strips, handles far apart and above 2^53.
Layout make_layout(size_t datafiles);

// The message of the LayoutError @call throws; "" if it returns, and
// "unexpected exception: ..." for any other exception.
std::string refusal(const std::function<void()>& call);

struct ToolResult {
  int status = -1;  // exit code, or -1 if killed
  std::string out;
  std::string err;
};
// Runs @argv[0] (a path, or a name looked up in PATH) with @input on
// standard input.
ToolResult run_program(const std::vector<std::string>& argv,
                       const std::string& input = "");
// Runs pvfs-layout with @args.
ToolResult run_tool(const std::vector<std::string>& args,
                    const std::string& input = "");

// A file in a fresh temporary directory holding @text; removed at exit.
std::string temp_file(const std::string& name, const std::string& text);

}  // namespace pvfsf::layout::test

#endif
