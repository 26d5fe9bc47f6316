// Whether a client's TCP connection is still open, asked of the kernel by the
// connection's addresses (NETLINK_SOCK_DIAG, one exact lookup), so work for a
// client that has gone can be dropped without touching the socket the HTTP
// layer owns. Stateless and thread-safe: each call opens and closes its own
// netlink socket (a few microseconds).
#pragma once

#include <sys/socket.h>

namespace onnxocr::server {

enum class ConnectionState {
  kOpen,     // ESTABLISHED
  kClosed,   // the client closed its side (CLOSE_WAIT and later), or the socket is gone
  kUnknown,  // the kernel could not be asked (no netlink here): treat as open
};

// `local` and `peer` are the server's and the client's ends, of one family
// (AF_INET or AF_INET6).
ConnectionState ProbeTcpConnection(const sockaddr& local, const sockaddr& peer);

}  // namespace onnxocr::server
