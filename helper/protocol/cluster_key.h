// The per-cluster key that authenticates both ends of the export service:
// a file of at least 32 bytes (e.g. 64 hex digits from `pvfs-lun-export
// keygen FILE`), readable by its owner only.  Its bytes, without trailing
// whitespace, are the input of HKDF-SHA256 (RFC 5869), which derives the
// TLS 1.3 pre-shared key and the identity naming it
// (docs/export-protocol.md).
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
constexpr size_t kPskBytes = 32;
using Psk = std::array<uint8_t, kPskBytes>;

class ClusterKey {
 public:
  // The key from @bytes; throws UsageError if shorter than 32 bytes.
  explicit ClusterKey(std::string bytes);

  // Reads @path.  Refuses (UsageError, naming the mode) a file that group
  // or others may access, one that is not a regular file, one too short.
  static ClusterKey load(const std::filesystem::path& path);

  // The TLS 1.3 external PSK: HKDF-SHA256 of the key, info
  // "pvfsf export service TLS 1.3 PSK v1".
  Psk psk() const;
  // The PSK identity both ends send and expect: "pvfsf-psk-v1:" and 16 hex
  // digits of HKDF-SHA256 with info "pvfsf cluster key id v1", so that a
  // peer with another key is named in the log without revealing either.
  std::string psk_identity() const;

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
