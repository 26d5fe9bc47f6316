#include "runtime/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace onnxocr {
namespace {

TEST(WorkerPoolTest, RunsEverySubmittedTask) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.TrySubmit([&] { ++done; }));
  }  // the destructor finishes the queue
  EXPECT_EQ(done.load(), 50);
}

TEST(WorkerPoolTest, RefusesWorkBeyondTheQueueCapacity) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> started{0};
  WorkerPool pool(1, 2);
  ASSERT_TRUE(pool.TrySubmit([&] {
    ++started;
    gate.wait();
  }));
  while (started.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_TRUE(pool.TrySubmit([&] { gate.wait(); }));
  EXPECT_TRUE(pool.TrySubmit([&] { gate.wait(); }));
  EXPECT_EQ(pool.queue_depth(), 2u);
  EXPECT_FALSE(pool.TrySubmit([] {}));  // full: admission control says no
  release.set_value();
}

TEST(WorkerPoolTest, UsesAllWorkersConcurrently) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  {
    WorkerPool pool(3, 10);
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(pool.TrySubmit([&] {
        const int now = ++running;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        --running;
      }));
    }
  }
  EXPECT_EQ(peak.load(), 3);
}

}  // namespace
}  // namespace onnxocr
