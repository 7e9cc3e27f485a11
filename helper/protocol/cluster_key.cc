#include "protocol/cluster_key.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/error.h"
#include "common/secret_file.h"
#include "common/unique_fd.h"

namespace pvfsf::lun_export {

namespace {

// @out.size() bytes of HKDF-SHA256 (RFC 5869, no salt) of @key for @info.
void hkdf(std::string_view key, std::string_view info, uint8_t* out,
          size_t len) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
  EVP_KDF_free(kdf);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_KEY, const_cast<char*>(key.data()), key.size()),
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  const bool ok = ctx && EVP_KDF_derive(ctx, out, len, params) == 1;
  EVP_KDF_CTX_free(ctx);
  if (!ok) throw std::runtime_error("HKDF-SHA256 failed");
}

std::string hex(const uint8_t* bytes, size_t count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < count; i++) {
    text += kDigits[bytes[i] >> 4];
    text += kDigits[bytes[i] & 15];
  }
  return text;
}

}  // namespace

ClusterKey::ClusterKey(std::string bytes) : bytes_(std::move(bytes)) {
  while (!bytes_.empty() && (bytes_.back() == '\n' || bytes_.back() == '\r' ||
                             bytes_.back() == ' ' || bytes_.back() == '\t'))
    bytes_.pop_back();
  if (bytes_.size() < kMinKeyBytes)
    throw UsageError("key of " + std::to_string(bytes_.size()) +
                     " bytes: at least " + std::to_string(kMinKeyBytes) +
                     " are required");
}

ClusterKey ClusterKey::load(const std::filesystem::path& path) {
  const std::string name = "key file " + path.string();
  if (path.empty())
    throw UsageError("no key file given (option --key-file or key 'key-file')");
  std::string bytes = read_secret_file(path, name, kMaxKeyBytes);
  try {
    return ClusterKey(std::move(bytes));
  } catch (const UsageError& e) {
    throw UsageError(name + ": " + e.what());
  }
}

Psk ClusterKey::psk() const {
  Psk out{};
  hkdf(bytes_, "pvfsf export service TLS 1.3 PSK v1", out.data(), out.size());
  return out;
}

std::string ClusterKey::psk_identity() const {
  uint8_t id[8];
  hkdf(bytes_, "pvfsf cluster key id v1", id, sizeof(id));
  return "pvfsf-psk-v1:" + hex(id, sizeof(id));
}

std::string random_hex(size_t count) {
  std::string bytes(count, '\0');
  size_t done = 0;
  while (done < count) {
    const ssize_t got = ::getrandom(bytes.data() + done, count - done, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw_errno(errno, "getrandom");
    done += static_cast<size_t>(got);
  }
  return hex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

void write_new_key(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                     0600));
  if (!fd) throw_errno(errno, "create " + path.string());
  // O_CREAT's mode is masked by the umask; make sure of 0600.
  if (::fchmod(fd.get(), 0600) != 0)
    throw_errno(errno, "chmod " + path.string());
  const std::string text = random_hex(kMinKeyBytes) + "\n";
  if (::write(fd.get(), text.data(), text.size()) !=
      static_cast<ssize_t>(text.size()))
    throw_errno(errno ? errno : EIO, "write " + path.string());
}

}  // namespace pvfsf::lun_export
