// A file's size, set the way PVFS sets it.  PVFS computes a file's size
// from its datafiles' bstream sizes, and a block device writes whole
// blocks, so after writes through the fast path the bstreams end on block
// boundaries: a 100-byte write would make a 512-byte file.  The size commit
// (pNFS calls it LAYOUTCOMMIT) truncates or extends every bstream to its
// simple_stripe share of the true size, through each server's export
// service (set-size), so it works while the LUNs stay exported.
#ifndef PVFSF_HELPER_ATTACH_SIZE_COMMIT_H
#define PVFSF_HELPER_ATTACH_SIZE_COMMIT_H

#include <chrono>
#include <cstdint>
#include <functional>

#include "protocol/cluster_key.h"
#include "layout/layout.h"

namespace pvfsf::attach {

// Throws UsageError "--size N is above ..." unless @size fits PVFS_size.
void check_file_size(uint64_t size);

// Sets each datafile of @layout to its share of @size.  @skip(i, share)
// true leaves datafile i alone (the simulator leaves a datafile that gets
// no byte and has no bstream without one).  Throws UsageError for a size
// above PVFS's limit, AttachError kExitServer naming the server and the
// datafile handle for a service that cannot be reached or refuses.
void commit_file_size(
    const layout::Layout& layout, uint64_t size,
    const lun_export::ClusterKey& key, std::chrono::milliseconds timeout,
    const std::function<bool(uint32_t, uint64_t)>& skip = nullptr);

}  // namespace pvfsf::attach

#endif
