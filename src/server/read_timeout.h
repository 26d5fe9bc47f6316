// Slow-sender protection (slowloris). Drogon's idle timeout restarts on every
// byte received, so a client that trickles a request one byte every few
// seconds would hold its connection, and with enough of them every connection
// slot, forever. ReadTimeoutTable tracks, per open connection, when it started
// waiting for its next request (on accept, and after each response) and
// reports the ones that have not delivered a whole request within the limit.
// Drogon 1.9 gives no handle for a connection that has not sent a request yet,
// so connections are keyed by peer address ("ip:port", unique among open TCP
// connections to one listening port) and cut with ShutdownConnectionFrom.
// ReadTimeoutTable is thread-safe: I/O threads report, a timer sweeps.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace onnxocr::server {

class ReadTimeoutTable {
 public:
  using Clock = std::chrono::steady_clock;

  // `limit`: time to deliver one whole request (headers and body).
  // `busy_expiry`: a connection whose response never went out (the client
  // vanished mid-request) is forgotten after this long, never cut.
  ReadTimeoutTable(Clock::duration limit, Clock::duration busy_expiry);

  // A new connection: it starts waiting for its first request (replaces any
  // entry of a closed connection that had the same peer address).
  void Opened(const std::string& peer, Clock::time_point now);
  // A whole request arrived: the connection is busy until its response.
  void RequestReceived(const std::string& peer, Clock::time_point now);
  // A response went out: with no other request pending, the connection waits
  // for the next one from `now`.
  void ResponseSent(const std::string& peer, Clock::time_point now);

  // Removes and returns the peers that have waited longer than the limit with
  // no request pending; also drops busy entries older than `busy_expiry`.
  // Entries of connections that closed normally end up here too (cutting them
  // is a no-op), which keeps the table bounded by the open connections plus
  // those closed within the last `limit`.
  std::vector<std::string> TakeOverdue(Clock::time_point now);

  std::size_t size() const;

 private:
  struct Entry {
    Clock::time_point since;  // waiting since (pending == 0) or busy since
    int pending = 0;          // requests received and not yet answered
  };
  const Clock::duration limit_;
  const Clock::duration busy_expiry_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// Shuts down, both ways, this process's TCP sockets on local port
// `local_port` whose peer is one of `peers` ("ip:port", as
// trantor::InetAddress::toIpPort writes it); the event loop owning each then
// sees end-of-file and closes it normally. One pass over /proc/self/fd.
// Returns how many were open and cut (peers whose connection already closed
// are skipped).
std::size_t ShutdownConnectionsFrom(const std::vector<std::string>& peers, std::uint16_t local_port);

}  // namespace onnxocr::server
