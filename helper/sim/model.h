// The simple_stripe model on bstream files: what a PVFS client writes into
// a file's datafiles and reads back, and the file size PVFS computes from
// the datafiles' sizes.  Every position comes from pvfsf_stripe.h.
//
// Bstreams behave as trove-dbpf's: created when the first byte lands in
// them (bucket directory 0755, file 0600), absent = empty, a read past the
// end reads zeros (a hole).
#ifndef PVFSF_HELPER_SIM_MODEL_H
#define PVFSF_HELPER_SIM_MODEL_H

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "pvfsf_stripe.h"

namespace pvfsf::sim {

namespace fs = std::filesystem;

// The bstream path of datafile @index (layout order).
using BstreamPaths = std::function<fs::path(uint32_t index)>;

// Writes everything readable from @in_fd into the datafiles as the file's
// bytes from offset 0, and returns how many bytes that was.  A datafile
// that receives no byte gets no bstream.  Refuses (system_error EEXIST) to
// write into a bstream that exists already: new handles have none.
uint64_t write_file(const pvfsf_stripe& st, const BstreamPaths& paths,
                    int in_fd);

// The file size PVFS computes from the datafiles' bstream sizes (nullopt:
// absent, 0 bytes): the largest file position + 1 any datafile holds a byte
// of, 0 if none holds any.  Throws std::overflow_error if that does not
// fit in 64 bits.
uint64_t file_size(const pvfsf_stripe& st,
                   const std::vector<std::optional<uint64_t>>& sizes);

// The bstream sizes of @count datafiles (nullopt: absent).
std::vector<std::optional<uint64_t>> bstream_sizes(const BstreamPaths& paths,
                                                   uint32_t count);

// Writes bytes [0, @size) of the file to @out_fd: each from its datafile,
// zeros where the bstream is absent or ends first.
void read_file(const pvfsf_stripe& st, const BstreamPaths& paths,
               uint64_t size, int out_fd);

// Sets each bstream to its share of a file of @size bytes
// (pvfsf_stripe_member_size): truncated, or extended with a hole.  A
// datafile whose share is 0 and that has no bstream keeps having none.
// The simulator's put --size does this locally; truncate goes through the
// servers' services instead.
void set_file_size(const pvfsf_stripe& st, const BstreamPaths& paths,
                   uint64_t size);

}  // namespace pvfsf::sim

#endif
