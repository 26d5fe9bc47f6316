#include "server/read_timeout.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <trantor/net/InetAddress.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <unordered_set>

namespace onnxocr::server {

ReadTimeoutTable::ReadTimeoutTable(Clock::duration limit, Clock::duration busy_expiry)
    : limit_(limit), busy_expiry_(busy_expiry) {}

void ReadTimeoutTable::Opened(const std::string& peer, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  entries_[peer] = Entry{now, 0};
}

void ReadTimeoutTable::RequestReceived(const std::string& peer, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[peer];  // absent: opened before the table existed, or swept; track it again
  if (entry.pending == 0) entry.since = now;
  ++entry.pending;
}

void ReadTimeoutTable::ResponseSent(const std::string& peer, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(peer);
  if (found == entries_.end()) return;
  Entry& entry = found->second;
  if (entry.pending > 0) --entry.pending;
  if (entry.pending == 0) entry.since = now;
}

std::vector<std::string> ReadTimeoutTable::TakeOverdue(Clock::time_point now) {
  std::vector<std::string> overdue;
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    const Clock::duration age = now - it->second.since;
    if (it->second.pending == 0 && age > limit_) {
      overdue.push_back(it->first);
      it = entries_.erase(it);
    } else if (it->second.pending > 0 && age > busy_expiry_) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  return overdue;
}

std::size_t ReadTimeoutTable::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

namespace {

// "ip:port" of a socket address, written by the same code that writes the
// peer addresses Drogon reports.
std::string PeerText(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET)
    return trantor::InetAddress(reinterpret_cast<const sockaddr_in&>(address)).toIpPort();
  if (address.ss_family == AF_INET6) {
    return trantor::InetAddress(reinterpret_cast<const sockaddr_in6&>(address)).toIpPort();
  }
  return {};
}

std::uint16_t LocalPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return 0;
}

}  // namespace

std::size_t ShutdownConnectionsFrom(const std::vector<std::string>& peers, std::uint16_t local_port) {
  if (peers.empty()) return 0;
  const std::unordered_set<std::string_view> wanted(peers.begin(), peers.end());
  std::size_t cut = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    std::error_code link_error;
    const std::string target = std::filesystem::read_symlink(entry.path(), link_error).string();
    if (link_error || !target.starts_with("socket:")) continue;
    const int fd = std::atoi(entry.path().filename().c_str());
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    if (LocalPort(fd) != local_port || !wanted.contains(PeerText(address))) continue;
    if (shutdown(fd, SHUT_RDWR) == 0) ++cut;
  }
  return cut;
}

}  // namespace onnxocr::server
