#pragma once
// Files that hold a secret (the cluster key, the CHAP secret): read only
// when nobody but their owner may read them.

#include <cstddef>
#include <filesystem>
#include <string>

namespace pvfsf {

// The whole of the secret file @path, named @name in messages ("key file
// /etc/pvfsf/cluster.key").  Throws UsageError, naming it and saying what
// to do, for a file that cannot be opened, is a symbolic link or not a
// regular file, that group or others may access, or that holds more than
// @max_bytes.
std::string read_secret_file(const std::filesystem::path& path,
                             const std::string& name, size_t max_bytes);

}  // namespace pvfsf
