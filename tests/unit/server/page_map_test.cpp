#include "server/page_map.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runtime/core_budget.h"
#include "runtime/node_executor.h"
#include "runtime/thread_affinity.h"

namespace onnxocr::server {
namespace {

using namespace std::chrono_literals;

TEST(MapPagesTest, PagesThatEndOutOfOrderComeBackInPageOrder) {
  CoreBudget budget(3);
  HelperCrew crew(budget, 2, CurrentThreadCpus());
  NodeExecutor executor(budget, 1, &crew, nullptr);
  const CoreLease own = budget.Lease(1);
  WorkContext context;
  context.executor = &executor;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  auto pages = MapPages<std::string>(9, context, [&](std::size_t index, StageExecutor&) -> Result<std::string> {
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * (9 - index)));  // later pages end sooner
    const std::lock_guard lock(mutex);
    threads.insert(std::this_thread::get_id());
    return "page " + std::to_string(index);
  });
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  ASSERT_EQ(pages->size(), 9u);
  for (std::size_t i = 0; i < 9; ++i) EXPECT_EQ((*pages)[i], "page " + std::to_string(i));
  EXPECT_GE(threads.size(), 2u);  // the pages were spread over the idle cores
}

TEST(MapPagesTest, AFailedPageFailsTheRequestAndStopsThePagesNotYetBegun) {
  WorkContext context;  // no executor: the pages run in order on the caller
  std::vector<std::size_t> ran;
  auto pages = MapPages<int>(8, context, [&](std::size_t index, StageExecutor&) -> Result<int> {
    ran.push_back(index);
    if (index == 3) return MakeError(ErrorCode::kCorruptInput, "page 3 is broken");
    return static_cast<int>(index);
  });
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.error().code, ErrorCode::kCorruptInput);
  EXPECT_EQ(pages.error().message, "page 3 is broken");
  EXPECT_EQ(ran, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(MapPagesTest, ACancelledJobRunsNoFurtherPage) {
  WorkContext context;
  std::vector<std::size_t> ran;
  auto pages = MapPages<int>(8, context, [&](std::size_t index, StageExecutor&) -> Result<int> {
    ran.push_back(index);
    if (index == 1) context.control.cancel.Cancel();  // the client has gone
    return static_cast<int>(index);
  });
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(ran, (std::vector<std::size_t>{0, 1}));
}

TEST(MapPagesTest, APassedDeadlineRunsNoPage) {
  WorkContext context;
  context.control.deadline = std::chrono::steady_clock::now() - 1s;
  int ran = 0;
  auto pages = MapPages<int>(4, context, [&](std::size_t, StageExecutor&) -> Result<int> { return ++ran; });
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(pages.error().code, ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(ran, 0);
}

}  // namespace
}  // namespace onnxocr::server
