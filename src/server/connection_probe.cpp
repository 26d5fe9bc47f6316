#include "server/connection_probe.h"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace onnxocr::server {
namespace {

// Owns one file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Fills the request's socket id from the two ends; false for an unknown family.
bool FillSocketId(const sockaddr& local, const sockaddr& peer, inet_diag_req_v2& request) {
  if (local.sa_family != peer.sa_family) return false;
  inet_diag_sockid& id = request.id;
  if (local.sa_family == AF_INET) {
    const auto& l = reinterpret_cast<const sockaddr_in&>(local);
    const auto& p = reinterpret_cast<const sockaddr_in&>(peer);
    id.idiag_sport = l.sin_port;
    id.idiag_dport = p.sin_port;
    std::memcpy(id.idiag_src, &l.sin_addr, sizeof l.sin_addr);
    std::memcpy(id.idiag_dst, &p.sin_addr, sizeof p.sin_addr);
  } else if (local.sa_family == AF_INET6) {
    const auto& l = reinterpret_cast<const sockaddr_in6&>(local);
    const auto& p = reinterpret_cast<const sockaddr_in6&>(peer);
    id.idiag_sport = l.sin6_port;
    id.idiag_dport = p.sin6_port;
    std::memcpy(id.idiag_src, &l.sin6_addr, sizeof l.sin6_addr);
    std::memcpy(id.idiag_dst, &p.sin6_addr, sizeof p.sin6_addr);
  } else {
    return false;
  }
  request.sdiag_family = static_cast<__u8>(local.sa_family);
  request.sdiag_protocol = IPPROTO_TCP;
  request.idiag_states = ~0u;  // any state: we want to see CLOSE_WAIT as well
  id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  return true;
}

}  // namespace

ConnectionState ProbeTcpConnection(const sockaddr& local, const sockaddr& peer) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 body;
  } request{};
  if (!FillSocketId(local, peer, request.body)) return ConnectionState::kUnknown;
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  request.header.nlmsg_flags = NLM_F_REQUEST;  // no NLM_F_DUMP: one exact lookup

  const FileDescriptor netlink(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (netlink.get() < 0) return ConnectionState::kUnknown;
  const timeval timeout{0, 200'000};  // the kernel answers at once; never let a worker hang here
  (void)setsockopt(netlink.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(netlink.get(), &request, sizeof request, 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel) !=
      static_cast<ssize_t>(sizeof request)) {
    return ConnectionState::kUnknown;
  }
  alignas(nlmsghdr) std::array<char, 4096> answer{};
  const ssize_t length = recv(netlink.get(), answer.data(), answer.size(), 0);
  if (length < static_cast<ssize_t>(sizeof(nlmsghdr))) return ConnectionState::kUnknown;
  const auto* header = reinterpret_cast<const nlmsghdr*>(answer.data());
  if (!NLMSG_OK(header, static_cast<unsigned>(length))) return ConnectionState::kUnknown;
  if (header->nlmsg_type == NLMSG_ERROR) {
    const auto* error = static_cast<const nlmsgerr*>(NLMSG_DATA(header));
    return error->error == -ENOENT ? ConnectionState::kClosed : ConnectionState::kUnknown;
  }
  if (header->nlmsg_type != SOCK_DIAG_BY_FAMILY) return ConnectionState::kUnknown;
  const auto* found = static_cast<const inet_diag_msg*>(NLMSG_DATA(header));
  return found->idiag_state == TCP_ESTABLISHED ? ConnectionState::kOpen : ConnectionState::kClosed;
}

}  // namespace onnxocr::server
