#include "runtime/core_budget.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace onnxocr {
namespace {

TEST(CoreBudgetTest, TokensAreCountedAndCapped) {
  CoreBudget budget(4);
  EXPECT_EQ(budget.available(), 4);
  budget.Acquire(1);
  EXPECT_EQ(budget.TryAcquireUpTo(8), 3);
  EXPECT_EQ(budget.available(), 0);
  EXPECT_FALSE(budget.TryAcquire(1));
  budget.Release(4);
  EXPECT_TRUE(budget.TryAcquire(4));
  budget.Release(10);  // never above the core count
  EXPECT_EQ(budget.available(), 4);
}

TEST(CoreBudgetTest, AcquireBlocksUntilReleaseAndLendersYieldToWaiters) {
  CoreBudget budget(2);
  budget.Acquire(2);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    budget.Acquire(1);
    got = true;
  });
  while (!budget.HasWaiters()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  budget.Release(1);
  // Either the waiter has the token by now or it is still waiting: a lender gets nothing.
  EXPECT_EQ(budget.TryAcquireUpTo(1), 0);
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_FALSE(budget.HasWaiters());
  EXPECT_EQ(budget.available(), 0);
  budget.Release(2);
  EXPECT_EQ(budget.available(), 2);
}

}  // namespace
}  // namespace onnxocr
