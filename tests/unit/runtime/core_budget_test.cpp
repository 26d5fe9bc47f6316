#include "runtime/core_budget.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <utility>

namespace onnxocr {
namespace {

TEST(CoreBudgetTest, TokensAreCountedAndCapped) {
  CoreBudget budget(4);
  EXPECT_EQ(budget.available(), 4);
  CoreLease one = budget.Lease(1);
  CoreLease rest = budget.TryLeaseUpTo(8);
  EXPECT_EQ(rest.count(), 3);
  EXPECT_EQ(budget.available(), 0);
  EXPECT_EQ(budget.TryLease(1).count(), 0);
  one.Return();
  rest.Return();
  EXPECT_EQ(budget.available(), 4);
  EXPECT_EQ(budget.TryLease(5).count(), 0);  // all or none
  EXPECT_EQ(budget.TryLease(4).count(), 4);  // a temporary: given back at once
  EXPECT_EQ(budget.available(), 4);
}

TEST(CoreBudgetTest, ALeaseGivesItsTokensBackWhenItEndsAThrowIncluded) {
  CoreBudget budget(3);
  try {
    const CoreLease lease = budget.Lease(2);
    EXPECT_EQ(budget.available(), 1);
    throw std::runtime_error("a stage failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(budget.available(), 3);

  CoreLease moved_from = budget.Lease(3);
  CoreLease moved_to = std::move(moved_from);
  EXPECT_EQ(moved_from.count(), 0);  // NOLINT(bugprone-use-after-move): a moved-from lease is empty
  EXPECT_EQ(budget.available(), 0);
  CoreLease part = moved_to.Split(2);
  EXPECT_EQ(part.count(), 2);
  EXPECT_EQ(moved_to.count(), 1);
  EXPECT_EQ(moved_to.Split(5).count(), 1);  // never more than it holds
  EXPECT_EQ(budget.available(), 1);         // that split lease ended at once
  part = CoreLease();                       // assigning over a lease gives its tokens back
  EXPECT_EQ(budget.available(), 3);
}

TEST(CoreBudgetTest, LeaseBlocksUntilTokensComeBackAndLendersYieldToWaiters) {
  CoreBudget budget(2);
  CoreLease all = budget.Lease(2);
  std::atomic<bool> got{false};
  CoreLease waiter_lease;  // the waiter's, kept beyond its thread
  std::thread waiter([&] {
    waiter_lease = budget.Lease(1);
    got = true;
  });
  while (!budget.HasWaiters()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CoreLease kept = all.Split(1);
  all.Return();
  // Either the waiter has the token by now or it is still waiting: a lender gets nothing.
  EXPECT_EQ(budget.TryLeaseUpTo(1).count(), 0);
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_FALSE(budget.HasWaiters());
  EXPECT_EQ(waiter_lease.count(), 1);
  EXPECT_EQ(budget.available(), 0);
  kept.Return();
  waiter_lease.Return();
  EXPECT_EQ(budget.available(), 2);
}

TEST(CoreBudgetTest, WaitersAreServedInTheOrderTheyCame) {
  CoreBudget budget(1);
  CoreLease held = budget.Lease(1);
  std::atomic<bool> first_got{false};
  std::thread first([&] {
    const CoreLease core = budget.Lease(1);
    first_got = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!budget.HasWaiters() && std::chrono::steady_clock::now() < limit) std::this_thread::yield();
  held.Return();
  const CoreLease again = budget.Lease(1);  // queues behind `first`, who was waiting already
  EXPECT_TRUE(first_got.load());
  first.join();
}

}  // namespace
}  // namespace onnxocr
