// How the helper reports failure: std::system_error for anything the system
// refused (the message says what was being done, what() appends strerror),
// UsageError for arguments that are wrong before anything is tried.
#ifndef PVFSF_HELPER_COMMON_ERROR_H
#define PVFSF_HELPER_COMMON_ERROR_H

#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace pvfsf {

// Thrown by the parsers; a command line tool exits 2 on it.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// what() reads "<context>: <strerror(err)>".
[[noreturn]] void throw_errno(int err, const std::string& context);

// @text for a message: in double quotes, with '"', '\' and every byte
// outside printable ASCII escaped (\n, \t, \xNN), cut after @max bytes with
// "..." so that a message stays one short line whatever the input held.
std::string quote(std::string_view text, size_t max = 64);

}  // namespace pvfsf

#endif
