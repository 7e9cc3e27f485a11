#include "protocol/cluster_key.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/error.h"
#include "common/unique_fd.h"

namespace pvfsf::lun_export {

namespace {

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
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
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    const int err = errno;
    throw UsageError(name +
                     ": cannot open: " + std::system_category().message(err));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) throw_errno(errno, "fstat " + path.string());
  if (!S_ISREG(st.st_mode)) throw UsageError(name + ": not a regular file");
  if (st.st_mode & 077)
    throw UsageError(name + " has mode " + mode_text(st.st_mode) +
                     ": group and others must have no access (chmod 600 " +
                     path.string() + ")");
  if (st.st_size > static_cast<off_t>(kMaxKeyBytes))
    throw UsageError(name + ": larger than " + std::to_string(kMaxKeyBytes) +
                     " bytes");
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got =
        ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw_errno(errno, "read " + path.string());
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  try {
    return ClusterKey(std::move(bytes));
  } catch (const UsageError& e) {
    throw UsageError(name + ": " + e.what());
  }
}

Mac ClusterKey::mac(std::string_view data) const {
  Mac out{};
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), bytes_.data(), static_cast<int>(bytes_.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(),
            out.data(), &len) ||
      len != kMacSize)
    throw std::runtime_error("HMAC-SHA256 failed");
  return out;
}

bool ClusterKey::verify(std::string_view data, const Mac& mac) const {
  const Mac expected = this->mac(data);
  return CRYPTO_memcmp(expected.data(), mac.data(), kMacSize) == 0;
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
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
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
