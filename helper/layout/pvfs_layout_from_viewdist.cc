// pvfs-layout from-viewdist: a layout from pvfs2-viewdist's output.
#include <iostream>

#include "common/error.h"
#include "layout/layout_json.h"
#include "layout/load.h"
#include "layout/pvfs_layout_command.h"
#include "layout/viewdist.h"
#include "common/parse_number.h"

namespace pvfsf::layout::cli {

namespace {

void get_arguments(po::options_description& visible,
                   po::options_description& hidden,
                   po::positional_options_description& positional) {
  // clang-format off
  visible.add_options()
      ("fs-id", po::value<std::string>()->required(),
       "the file's PVFS file system (collection) id, 0..2147483647")
      ("handle", po::value<std::string>()->required(),
       "the file's (metafile's) handle, decimal or 0x hex")
      ("size", po::value<std::string>(),
       "the file's size in bytes (viewdist does not print it; default 0)")
      ("datafiles", po::value<std::string>(),
       "the file's datafile count, checked against the text; needed for "
       "256 datafiles, where viewdist's list may be cut")
      ("servers", po::value<std::string>()->required(),
       "servers file (JSON) mapping BMI addresses to portals and targets");
  // clang-format on
  hidden.add_options()("viewdist", po::value<std::string>());
  positional.add("viewdist", 1);
}

int execute(const po::variables_map& vm) {
  ViewdistContext ctx;
  ctx.fs_id = parse_u32(vm["fs-id"].as<std::string>(), "--fs-id");
  if (ctx.fs_id > kMaxFsId)
    throw UsageError("--fs-id " + std::to_string(ctx.fs_id) +
                     ": above 2147483647 (PVFS_fs_id is int32_t)");
  ctx.handle = parse_u64(vm["handle"].as<std::string>(), "--handle");
  if (vm.count("size"))
    ctx.size = parse_size(vm["size"].as<std::string>(), "--size");
  if (vm.count("datafiles"))
    ctx.datafiles = parse_u32(vm["datafiles"].as<std::string>(), "--datafiles");
  const std::string path =
      vm.count("viewdist") ? vm["viewdist"].as<std::string>() : "-";

  ctx.servers = load_servers(vm["servers"].as<std::string>());
  const std::string text = read_input(path, kMaxViewdistBytes);
  Layout layout;
  try {
    layout = parse_viewdist(text, ctx);
  } catch (const LayoutError& e) {
    throw LayoutError(input_name(path) + ": " + e.what());
  }
  if (!ctx.size)
    std::cerr << kProgram
              << " from-viewdist: no --size: the layout says size 0, so its "
                 "LUNs cover only what an extent asks for\n";
  std::cout << to_json(layout);
  return kExitOk;
}

const Registration registration({
    "from-viewdist",
    "--fs-id ID --handle H [--size BYTES] [--datafiles N] --servers FILE "
    "[VIEWDIST|-]",
    "Read what pvfs2-viewdist printed for one file (from VIEWDIST, or\n"
    "standard input) and print the file's layout as JSON.  viewdist prints\n"
    "neither the fs id, the file's handle nor its size, and names servers\n"
    "by BMI address: the options supply the first three, the servers file\n"
    "maps each address to a server's portal, target and service.",
    get_arguments,
    execute,
});

}  // namespace

}  // namespace pvfsf::layout::cli
