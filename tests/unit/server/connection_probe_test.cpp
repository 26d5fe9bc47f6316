#include "server/connection_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace onnxocr::server {
namespace {

// A listening socket on 127.0.0.1, a client connected to it, and the accepted
// server end: the three a real connection has. Closes what is still open.
struct LoopbackConnection {
  int listener = -1, client = -1, accepted = -1;
  sockaddr_in server_end{}, client_end{};

  LoopbackConnection() {
    listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof any;
    EXPECT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
    EXPECT_EQ(listen(listener, 1), 0);
    EXPECT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&any), &length), 0);
    client = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_EQ(connect(client, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
    accepted = accept(listener, nullptr, nullptr);
    length = sizeof server_end;
    EXPECT_EQ(getsockname(accepted, reinterpret_cast<sockaddr*>(&server_end), &length), 0);
    length = sizeof client_end;
    EXPECT_EQ(getpeername(accepted, reinterpret_cast<sockaddr*>(&client_end), &length), 0);
  }
  ~LoopbackConnection() {
    for (const int fd : {listener, client, accepted}) {
      if (fd >= 0) close(fd);
    }
  }
  ConnectionState Probe() const {
    return ProbeTcpConnection(reinterpret_cast<const sockaddr&>(server_end),
                              reinterpret_cast<const sockaddr&>(client_end));
  }
  // Closes the client's end and waits until its FIN has reached the server end.
  void CloseClient() {
    close(client);
    client = -1;
    pollfd server{accepted, POLLRDHUP, 0};
    EXPECT_EQ(poll(&server, 1, 5000), 1);
  }
};

TEST(ConnectionProbeTest, AConnectionIsOpenUntilItsClientCloses) {
  LoopbackConnection connection;
  EXPECT_EQ(connection.Probe(), ConnectionState::kOpen);
  connection.CloseClient();
  // The server end now waits in CLOSE_WAIT: nobody will read an answer.
  EXPECT_EQ(connection.Probe(), ConnectionState::kClosed);
}

TEST(ConnectionProbeTest, AConnectionNobodyHoldsIsClosed) {
  sockaddr_in local{}, peer{};
  local.sin_family = peer.sin_family = AF_INET;
  local.sin_addr.s_addr = peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  local.sin_port = htons(9);  // discard: nothing listens there in a test sandbox
  peer.sin_port = htons(40001);
  EXPECT_EQ(ProbeTcpConnection(reinterpret_cast<const sockaddr&>(local), reinterpret_cast<const sockaddr&>(peer)),
            ConnectionState::kClosed);
}

TEST(ConnectionProbeTest, MismatchedFamiliesCannotBeAsked) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  EXPECT_EQ(ProbeTcpConnection(reinterpret_cast<const sockaddr&>(v4), reinterpret_cast<const sockaddr&>(v6)),
            ConnectionState::kUnknown);
}

}  // namespace
}  // namespace onnxocr::server
