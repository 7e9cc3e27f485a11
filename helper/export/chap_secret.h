// The cluster's CHAP secret for the data path, as the servers write it into
// every node ACL they create (`chap-file` in export.conf).  A file of
// "key = value" lines, '#' comment lines, root's and mode 0600 or stricter:
//
//   username = pvfsf-initiator   # what clients log in with
//   password = ...               # 12 to 255 characters
//   # optional, both or neither: the target proves itself to the client
//   # (mutual CHAP; the client must then ask for it)
//   mutual_username = pvfsf-target
//   mutual_password = ...
//
// The secret reaches LIO by write(2) into configfs, never through an
// argument list or the environment.
#ifndef PVFSF_HELPER_EXPORT_CHAP_SECRET_H
#define PVFSF_HELPER_EXPORT_CHAP_SECRET_H

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pvfsf::lun_export {

struct ChapCredentials {
  std::string username;
  std::string password;
};

struct ChapSecret {
  ChapCredentials initiator;              // the client proves itself
  std::optional<ChapCredentials> mutual;  // the target proves itself
};

// The secret in @text; @source names it in messages.  Throws UsageError
// for an unknown, repeated or missing key, a value LIO cannot hold (empty,
// 256 characters or more, a control character) or a password shorter than
// 12 characters (RFC 3720 8.2.1's minimum for a secret).
ChapSecret parse_chap_secret(std::string_view text, const std::string& source);

// Reads @path.  Refuses (UsageError, naming the mode) a file that is not
// regular or that group or others may access.
ChapSecret load_chap_secret(const std::filesystem::path& path);

}  // namespace pvfsf::lun_export

#endif
