// The operations of pvfs-sim on a cluster directory: what each command
// does, apart from parsing its arguments and printing.  docs/sim.md.
#ifndef PVFSF_HELPER_SIM_CLUSTER_H
#define PVFSF_HELPER_SIM_CLUSTER_H

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "layout/layout.h"
#include "sim/model.h"
#include "sim/state.h"

namespace pvfsf::sim {

// A layout of another cluster (fs id, servers or handles that are not
// this one's): what() says which field and why.
class ForeignLayout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CreateOptions {
  unsigned servers = 0;               // 1..kMaxServers
  uint32_t fs_id = kDefaultFsId;
  bool load_modules = true;           // modprobe the LIO modules
  fs::path configfs = "/sys/kernel/config";
  std::chrono::milliseconds ready_timeout = std::chrono::seconds(30);
};

// Throws UsageError unless @options can make a cluster.
void check_create_options(const CreateOptions& options);

// Makes the cluster in @paths.dir() (CreateOptions::servers servers), or
// undoes what it did and throws.  Refuses a directory that holds a cluster
// or anything else.
ClusterState create_cluster(const ClusterPaths& paths,
                            const CreateOptions& options);

// Stops the services, tears the LIO targets down, removes the addresses
// create added and the directory.  Goes on past a failing step (each is
// reported through @warn); the directory is removed only if every step
// worked, so that destroy can be run again.  Returns whether all worked.
bool destroy_cluster(const ClusterPaths& paths, const ClusterState& state,
                     const fs::path& configfs,
                     const std::function<void(const std::string&)>& warn);

// The bstream path of datafile i of @layout (which check_layout accepted).
BstreamPaths bstream_paths(const ClusterPaths& paths,
                           const layout::Layout& layout);

// Throws ForeignLayout unless @layout's fs id is the cluster's, its servers
// are the cluster's (names, portals, targets, services) and each datafile's
// handle was handed out by the server it names.
void check_layout(const layout::Layout& layout, const ClusterState& state);

struct PutOptions {
  uint64_t strip = 0;
  unsigned servers = 0;  // datafiles; 0 = every server of the cluster
  std::optional<uint64_t> extent;  // --size
};

// Allocates the handles, writes @in_fd's bytes by the model and returns
// the layout.  On failure the bstreams written are removed again.
layout::Layout put_file(const ClusterPaths& paths, const PutOptions& options,
                        int in_fd);

// Writes the file of @layout to @out_fd; returns its size.
uint64_t get_file(const ClusterPaths& paths, const layout::Layout& layout,
                  int out_fd);

// Sets each datafile to its share of @size through its server's export
// service (set-size).  A datafile whose share is 0 and that has no bstream
// is left alone.
void truncate_file(const ClusterPaths& paths, const layout::Layout& layout,
                   uint64_t size);

}  // namespace pvfsf::sim

#endif
