// Blocking TCP with deadlines, for the service and its client: every read
// and write waits in poll(2) at most until a deadline, so a silent peer
// costs a connection slot for a bounded time only.
#ifndef PVFSF_HELPER_PROTOCOL_NET_H
#define PVFSF_HELPER_PROTOCOL_NET_H

#include <chrono>
#include <cstddef>
#include <string_view>

#include "common/server_address.h"
#include "common/unique_fd.h"

namespace pvfsf::lun_export {

using Clock = std::chrono::steady_clock;

enum class ReadResult {
  kOk,       // all bytes read
  kEof,      // the peer closed before the first byte
  kTimeout,  // the deadline passed
  kClosed,   // the peer closed half-way
};

// Waits until @fd is ready for @events (poll(2)); false once @deadline
// passed.
bool wait_ready(int fd, short events, Clock::time_point deadline);

// Reads exactly @len bytes into @buf.  Throws std::system_error on a
// socket error.
ReadResult read_full(int fd, char* buf, size_t len, Clock::time_point deadline);
// Writes all of @data; throws std::system_error (ETIMEDOUT at the
// deadline).  Never raises SIGPIPE.
void write_full(int fd, std::string_view data, Clock::time_point deadline);

// Ends a connection we refuse without reading all the peer sent: our
// reply is flushed (shutdown SHUT_WR), then whatever still arrives is read
// and dropped until the peer closes, @max_bytes were dropped or @timeout
// passed.  Closing with unread input would make the kernel send a reset,
// and the peer could lose the reply that says why.
void drain_before_close(int fd, size_t max_bytes,
                        std::chrono::milliseconds timeout);

// A listening socket bound to @endpoint (SO_REUSEADDR).
UniqueFd listen_on(const Endpoint& endpoint);
// A connected socket, or std::system_error after @timeout.
UniqueFd connect_to(const Endpoint& endpoint,
                    std::chrono::milliseconds timeout);

}  // namespace pvfsf::lun_export

#endif
