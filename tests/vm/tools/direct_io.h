// O_DIRECT I/O for the test tools: they must see what reached the devices,
// never a page cache.
#ifndef PVFSF_TOOLS_DIRECT_IO_H
#define PVFSF_TOOLS_DIRECT_IO_H

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>

#include "common/unique_fd.h"

namespace pvfsf::tools {

// Page-aligned memory, as O_DIRECT wants whatever the logical block size.
class AlignedBuffer {
 public:
  explicit AlignedBuffer(size_t size);
  uint8_t* data() { return bytes_.get(); }
  std::span<uint8_t> span(size_t offset, size_t len) {
    return {data() + offset, len};
  }

 private:
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t[], Free> bytes_;
};

// open(@path, @flags | O_DIRECT | O_CLOEXEC); throws system_error.
UniqueFd open_direct(const std::string& path, int flags);

// The whole range or an exception naming @what: a short transfer is an
// error here, since block devices only stop short at their end.
void pread_full(int fd, std::span<uint8_t> buf, uint64_t offset,
                const std::string& what);
void pwrite_full(int fd, std::span<const uint8_t> buf, uint64_t offset,
                 const std::string& what);

}  // namespace pvfsf::tools

#endif
