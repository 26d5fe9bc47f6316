#include "server/read_timeout.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace onnxocr::server {
namespace {

using std::chrono::seconds;
using Clock = ReadTimeoutTable::Clock;

TEST(ReadTimeoutTable, ConnectionWithoutARequestIsOverdueAfterTheLimit) {
  ReadTimeoutTable table(seconds(10), seconds(100));
  const Clock::time_point t0{};
  table.Opened("10.0.0.1:1000", t0);
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(10)).empty());
  EXPECT_EQ(table.TakeOverdue(t0 + seconds(11)), std::vector<std::string>{"10.0.0.1:1000"});
  EXPECT_EQ(table.size(), 0u);  // taken once
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(30)).empty());
}

TEST(ReadTimeoutTable, BusyConnectionIsNeverCutAndWaitsAgainAfterItsResponse) {
  ReadTimeoutTable table(seconds(10), seconds(100));
  const Clock::time_point t0{};
  table.Opened("peer:1", t0);
  table.RequestReceived("peer:1", t0 + seconds(5));
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(60)).empty());  // answering takes long: fine
  table.ResponseSent("peer:1", t0 + seconds(60));
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(70)).empty());  // the next request has 10 s from here
  EXPECT_EQ(table.TakeOverdue(t0 + seconds(71)).size(), 1u);
}

TEST(ReadTimeoutTable, PipelinedRequestsKeepTheConnectionBusyUntilTheLastResponse) {
  ReadTimeoutTable table(seconds(10), seconds(100));
  const Clock::time_point t0{};
  table.Opened("p:1", t0);
  table.RequestReceived("p:1", t0 + seconds(1));
  table.RequestReceived("p:1", t0 + seconds(1));
  table.ResponseSent("p:1", t0 + seconds(2));
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(30)).empty());
  table.ResponseSent("p:1", t0 + seconds(30));
  EXPECT_EQ(table.TakeOverdue(t0 + seconds(41)).size(), 1u);
}

TEST(ReadTimeoutTable, BusyEntryOfAVanishedClientIsForgottenNotCut) {
  ReadTimeoutTable table(seconds(10), seconds(100));
  const Clock::time_point t0{};
  table.Opened("gone:1", t0);
  table.RequestReceived("gone:1", t0);
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(101)).empty());
  EXPECT_EQ(table.size(), 0u);
}

TEST(ReadTimeoutTable, ReopenedPeerAddressStartsAFreshClock) {
  ReadTimeoutTable table(seconds(10), seconds(100));
  const Clock::time_point t0{};
  table.Opened("p:1", t0);
  table.Opened("p:1", t0 + seconds(8));  // the old connection closed; a new one has the same address
  EXPECT_TRUE(table.TakeOverdue(t0 + seconds(12)).empty());
  EXPECT_EQ(table.TakeOverdue(t0 + seconds(19)).size(), 1u);
}

TEST(ShutdownConnectionsFrom, UnknownPeersCutNothing) {
  EXPECT_EQ(ShutdownConnectionsFrom({}, 5005), 0u);
  EXPECT_EQ(ShutdownConnectionsFrom({"192.0.2.1:9"}, 5005), 0u);
}

}  // namespace
}  // namespace onnxocr::server
