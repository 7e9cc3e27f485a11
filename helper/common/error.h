// How the helper reports failure: std::system_error for anything the system
// refused (the message says what was being done, what() appends strerror),
// UsageError for arguments that are wrong before anything is tried.
#ifndef PVFSF_HELPER_COMMON_ERROR_H
#define PVFSF_HELPER_COMMON_ERROR_H

#include <stdexcept>
#include <string>
#include <system_error>

namespace pvfsf {

// Thrown by the parsers; a command line tool exits 2 on it.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// what() reads "<context>: <strerror(err)>".
[[noreturn]] void throw_errno(int err, const std::string& context);

}  // namespace pvfsf

#endif
