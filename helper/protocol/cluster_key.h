// The per-cluster key that authenticates requests: a file of at least 32
// bytes (e.g. 64 hex digits from `pvfs-lun-export keygen FILE`), readable
// by its owner only.  Its bytes, without trailing whitespace, are the
// HMAC-SHA256 key.
#ifndef PVFSF_HELPER_PROTOCOL_CLUSTER_KEY_H
#define PVFSF_HELPER_PROTOCOL_CLUSTER_KEY_H

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace pvfsf::lun_export {

constexpr size_t kMinKeyBytes = 32;
constexpr size_t kMaxKeyBytes = 4096;
constexpr size_t kMacSize = 32;
using Mac = std::array<uint8_t, kMacSize>;

class ClusterKey {
 public:
  // The key from @bytes; throws UsageError if shorter than 32 bytes.
  explicit ClusterKey(std::string bytes);

  // Reads @path.  Refuses (UsageError, naming the mode) a file that group
  // or others may access, one that is not a regular file, one too short.
  static ClusterKey load(const std::filesystem::path& path);

  Mac mac(std::string_view data) const;
  // Constant-time comparison of mac(@data) with @mac.
  bool verify(std::string_view data, const Mac& mac) const;

 private:
  std::string bytes_;
};

// @count random bytes from the kernel's CSPRNG, as lowercase hex.
std::string random_hex(size_t count);

// Writes a new key (32 random bytes as 64 hex digits and a newline) to
// @path, created with mode 0600; refuses to overwrite an existing file.
void write_new_key(const std::filesystem::path& path);

}  // namespace pvfsf::lun_export

#endif
