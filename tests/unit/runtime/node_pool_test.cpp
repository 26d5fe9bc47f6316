#include "runtime/node_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/model_set.h"
#include "runtime/node_executor.h"
#include "runtime/scheduler.h"
#include "body_job.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {
namespace {

using namespace std::chrono_literals;

NodePlan Plan(int node, std::vector<int> cpus, int cores, int workers) {
  NodePlan plan;
  plan.numa_node = node;
  plan.cpus = std::move(cpus);
  plan.cores = cores;
  plan.workers = workers;
  return plan;
}

int FirstAllowedCpu() {
  return CurrentThreadCpus().front();
}

TEST(NodePoolTest, WorkersRunPinnedToTheNode) {
  const int cpu = FirstAllowedCpu();
  auto pool = NodePool::Start(Plan(3, {cpu}, 1, 1), {.adaptive = false, .queue_capacity = 4}, EmptyModels());
  ASSERT_TRUE(pool.ok()) << pool.error().message;
  std::promise<std::pair<std::vector<int>, int>> seen;
  ASSERT_TRUE(
      SubmitBody(*pool.value(), [&](WorkerContext& worker) { seen.set_value({CurrentThreadCpus(), worker.numa_node}); }));
  const auto [cpus, node] = seen.get_future().get();
  EXPECT_EQ(cpus, std::vector<int>{cpu});
  EXPECT_EQ(node, 3);
}

TEST(NodePoolTest, RefusesWorkWhenTheQueueIsFull) {
  auto pool =
      NodePool::Start(Plan(0, {FirstAllowedCpu()}, 1, 1), {.adaptive = false, .queue_capacity = 1}, EmptyModels());
  ASSERT_TRUE(pool.ok());
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  std::promise<void> started;
  ASSERT_TRUE(SubmitBody(*pool.value(), [&](WorkerContext&) {
    started.set_value();
    released.wait();
    ++ran;
  }));
  started.get_future().wait();                                            // the worker is busy
  EXPECT_TRUE(SubmitBody(*pool.value(), [&](WorkerContext&) { ++ran; }));   // fills the one queue place
  EXPECT_FALSE(SubmitBody(*pool.value(), [&](WorkerContext&) { ++ran; }));  // refused at once
  EXPECT_EQ(pool.value()->queued(), 1u);
  EXPECT_EQ(pool.value()->busy(), 1);
  release.set_value();
  pool.value().reset();  // drains the queue
  EXPECT_EQ(ran.load(), 2);
}

TEST(NodePoolTest, AWorkerThatHasAnsweredFreesItsPlaceAtOnce) {
  auto pool =
      NodePool::Start(Plan(0, {FirstAllowedCpu()}, 1, 1), {.adaptive = false, .queue_capacity = 1}, EmptyModels());
  ASSERT_TRUE(pool.ok());
  std::promise<void> answered, release;
  std::shared_future<void> released = release.get_future().share();
  // `released` by value: the task may still wait on it after this body's locals are gone.
  ASSERT_TRUE(SubmitBody(*pool.value(), [&answered, released](WorkerContext& worker) {
    worker.MarkDone();  // the response is on its way; the client may send the next request now
    answered.set_value();
    released.wait();
  }));
  answered.get_future().wait();
  EXPECT_EQ(pool.value()->busy(), 0);
  // One queue place plus the worker that is about to be free: two more fit, a third does not.
  EXPECT_TRUE(SubmitBody(*pool.value(), [](WorkerContext&) {}));
  EXPECT_TRUE(SubmitBody(*pool.value(), [](WorkerContext&) {}));
  EXPECT_FALSE(SubmitBody(*pool.value(), [](WorkerContext&) {}));
  release.set_value();
}

TEST(NodePoolTest, NeverRunsMoreTasksAtOnceThanCores) {
  auto pool =
      NodePool::Start(Plan(0, CurrentThreadCpus(), 2, 6), {.adaptive = false, .queue_capacity = 64}, EmptyModels());
  ASSERT_TRUE(pool.ok());
  std::atomic<int> running{0}, peak{0}, done{0};
  for (int i = 0; i < 24; ++i) {
    ASSERT_TRUE(SubmitBody(*pool.value(), [&](WorkerContext&) {
      const int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(5ms);
      --running;
      ++done;
    }));
  }
  pool.value().reset();
  EXPECT_EQ(done.load(), 24);
  EXPECT_EQ(peak.load(), 2);  // six workers, two cores
}

// The first `count` callers of Arrive() wait until all `count` have arrived
// (at most 10 s): proof that they ran at the same time, on different threads.
class Rendezvous {
 public:
  explicit Rendezvous(int count) : count_(count) {}
  // True when this call was one of the first `count` and all of them met.
  bool Arrive() {
    std::unique_lock lock(mutex_);
    if (arrived_ >= count_) return false;
    if (++arrived_ == count_) {
      met_.notify_all();
      return true;
    }
    return met_.wait_for(lock, 10s, [this] { return arrived_ >= count_; });
  }

 private:
  const int count_;
  std::mutex mutex_;
  std::condition_variable met_;
  int arrived_ = 0;
};

TEST(NodePoolTest, AnIdleNodeLendsItsCoresToParallelBatches) {
  auto pool =
      NodePool::Start(Plan(0, CurrentThreadCpus(), 3, 1), {.adaptive = true, .queue_capacity = 4}, EmptyModels());
  ASSERT_TRUE(pool.ok());
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::vector<int> order(9, 0);
  std::atomic<int> met{0};
  Rendezvous three(3);  // the worker and two helpers, at once
  std::promise<Status> finished;
  ASSERT_TRUE(SubmitBody(*pool.value(), [&](WorkerContext& worker) {
    finished.set_value(worker.executor.ForEach(9, [&](std::size_t i, ScratchBuffers&) -> Status {
      if (three.Arrive()) ++met;
      const std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
      ++order[i];
      return i == 7 ? MakeError(ErrorCode::kModelError, "seven") : Status::Ok();
    }));
  }));
  const Status status = finished.get_future().get();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "seven");
  EXPECT_EQ(met.load(), 3);                  // three batches ran at the same time
  EXPECT_EQ(threads.size(), 3u);             // the worker and two helpers
  EXPECT_EQ(order, std::vector<int>(9, 1));  // every index exactly once
}

TEST(NodeExecutorTest, LentCoresComeBackWhenAWorkerWaits) {
  CoreBudget budget(2);
  HelperCrew crew(budget, 1, CurrentThreadCpus());
  NodeExecutor executor(budget, 1, &crew, nullptr);
  CoreLease own = budget.Lease(1);  // the worker's own token
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> waiter_started{false}, got_in_time{false};
  std::atomic<int> helper_batches{0}, helper_batches_begun_while_waited_for{0};
  std::promise<void> waiter_got;
  std::shared_future<void> got = waiter_got.get_future().share();
  std::thread waiter;
  const Status status = executor.ForEach(64, [&](std::size_t, ScratchBuffers&) -> Status {
    if (std::this_thread::get_id() == caller) {
      if (!waiter_started.exchange(true)) {
        // The helper must be inside a batch before the new worker arrives: a
        // helper that finds a waiter before its first batch rightly yields at
        // once, and then nothing was lent to test.
        const auto limit = std::chrono::steady_clock::now() + 10s;
        while (helper_batches.load() == 0 && std::chrono::steady_clock::now() < limit) std::this_thread::yield();
        waiter = std::thread([&] {
          const CoreLease worker = budget.Lease(1);  // a new request's worker, while the run goes on
          waiter_got.set_value();
        });
        got_in_time = got.wait_for(10s) == std::future_status::ready;
      }
      return Status::Ok();
    }
    // On the helper: the first batch holds on until the new worker waits for a
    // core; a helper that keeps its token would go on taking batches after it.
    ++helper_batches;
    if (budget.HasWaiters()) ++helper_batches_begun_while_waited_for;
    const auto limit = std::chrono::steady_clock::now() + 10s;
    while (!budget.HasWaiters() && got.wait_for(0s) != std::future_status::ready &&
           std::chrono::steady_clock::now() < limit) {
      std::this_thread::yield();
    }
    return Status::Ok();
  });
  waiter.join();
  ASSERT_TRUE(status.ok());
  EXPECT_GE(helper_batches.load(), 1);  // a core was lent
  EXPECT_TRUE(got_in_time.load());      // the waiter had its core while the run still went on
  // The helper handed its token back after the batch it was in (a batch it had
  // just begun as the worker arrived may count once).
  EXPECT_LE(helper_batches_begun_while_waited_for.load(), 1);
  own.Return();
  EXPECT_EQ(budget.available(), 2);
}

TEST(NodeExecutorTest, PagesRunOnHelpersEachWithAnExecutorOfItsOwn) {
  CoreBudget budget(3);
  HelperCrew crew(budget, 2, CurrentThreadCpus());
  NodeExecutor executor(budget, 1, &crew, nullptr);
  CoreLease own = budget.Lease(1);
  const std::thread::id caller = std::this_thread::get_id();
  std::mutex mutex;
  std::map<std::thread::id, std::set<StageExecutor*>> executors;
  std::vector<int> order(12, 0);
  std::atomic<int> met{0};
  Rendezvous three(3);  // the worker and two helpers on pages at once
  const Status status = executor.ForEachPage(12, [&](std::size_t i, StageExecutor& page_executor) -> Status {
    if (three.Arrive()) ++met;
    const std::lock_guard lock(mutex);
    executors[std::this_thread::get_id()].insert(&page_executor);
    ++order[i];
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(met.load(), 3);
  EXPECT_EQ(order, std::vector<int>(12, 1));  // every page exactly once
  ASSERT_EQ(executors.size(), 3u);
  std::set<StageExecutor*> distinct;
  for (const auto& [thread, seen] : executors) {
    ASSERT_EQ(seen.size(), 1u);  // one executor per thread, kept from page to page
    distinct.insert(*seen.begin());
    if (thread == caller) {
      EXPECT_EQ(*seen.begin(), static_cast<StageExecutor*>(&executor));  // the worker's pages use its own
    }
  }
  EXPECT_EQ(distinct.size(), 3u);
  own.Return();
  EXPECT_EQ(budget.available(), 3);
}

TEST(NodeExecutorTest, ALongRunIsLentTheCoreAgainOnceTheWorkerItYieldedToHasLeft) {
  CoreBudget budget(2);
  HelperCrew crew(budget, 1, CurrentThreadCpus());
  NodeExecutor executor(budget, 1, &crew, nullptr);
  CoreLease own = budget.Lease(1);
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> helper_pages{0}, helper_pages_after_the_worker{0}, caller_pages{0};
  std::atomic<bool> worker_left{false};
  std::thread worker;
  const auto wait_until = [](const auto& condition) {
    const auto limit = std::chrono::steady_clock::now() + 10s;
    while (!condition() && std::chrono::steady_clock::now() < limit) std::this_thread::yield();
    return condition();
  };
  const Status status = executor.ForEachPage(200, [&](std::size_t, StageExecutor&) -> Status {
    if (std::this_thread::get_id() == caller) {
      const int mine = ++caller_pages;
      if (mine == 1) {
        // A new request's worker arrives while the helper is on a page, takes
        // the core the helper gives back, finishes and leaves.
        wait_until([&] { return helper_pages.load() > 0; });
        worker = std::thread([&] {
          CoreLease lease = budget.Lease(1);
          lease.Return();
          worker_left = true;
        });
        wait_until([&] { return worker_left.load(); });
      } else {
        // The caller lends freed cores between its pages (the helper's token
        // may come back just after one of those checks): give the helper a
        // moment on each of the caller's pages until it has been lent again.
        const auto limit = std::chrono::steady_clock::now() + 50ms;
        while (helper_pages_after_the_worker.load() == 0 && std::chrono::steady_clock::now() < limit) {
          std::this_thread::yield();
        }
      }
      return Status::Ok();
    }
    ++helper_pages;
    if (worker_left) {
      ++helper_pages_after_the_worker;
      return Status::Ok();
    }
    wait_until([&] { return budget.HasWaiters() || worker_left.load(); });  // hold the core until it is wanted
    return Status::Ok();
  });
  worker.join();
  ASSERT_TRUE(status.ok());
  EXPECT_GE(helper_pages.load(), 1);
  EXPECT_GE(helper_pages_after_the_worker.load(), 1);  // the caller lent the freed core to the run again
  own.Return();
  EXPECT_EQ(budget.available(), 2);
}

TEST(NodeExecutorTest, AHelperPausesItsPageForAWaitingWorkerBetweenModelCalls) {
  CoreBudget budget(2);
  HelperCrew crew(budget, 1, CurrentThreadCpus());
  NodeExecutor executor(budget, 1, &crew, nullptr);
  CoreLease own = budget.Lease(1);
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> helper_calls{0}, calls_when_the_worker_got_its_core{-1};
  std::thread worker;
  const Status status = executor.ForEachPage(2, [&](std::size_t, StageExecutor& page_executor) -> Status {
    if (std::this_thread::get_id() == caller) {
      // A new request's worker arrives while the helper is inside its page.
      const auto limit = std::chrono::steady_clock::now() + 10s;
      while (helper_calls.load() == 0 && std::chrono::steady_clock::now() < limit) std::this_thread::yield();
      worker = std::thread([&] {
        const CoreLease core = budget.Lease(1);
        calls_when_the_worker_got_its_core = helper_calls.load();
        std::this_thread::sleep_for(20ms);
      });
      return Status::Ok();
    }
    // The helper's page: 200 short model calls through its own executor.
    return page_executor.ForEach(200, [&](std::size_t, ScratchBuffers&) -> Status {
      ++helper_calls;
      std::this_thread::sleep_for(1ms);
      return Status::Ok();
    });
  });
  worker.join();
  ASSERT_TRUE(status.ok());
  EXPECT_GE(calls_when_the_worker_got_its_core.load(), 1);
  EXPECT_LT(calls_when_the_worker_got_its_core.load(), 200);  // mid-page, not after it
  EXPECT_EQ(helper_calls.load(), 200);                        // and the page still ran to its end
  own.Return();
  EXPECT_EQ(budget.available(), 2);
}

TEST(NodeExecutorTest, ThrowingBatchesBecomeTheirErrorAndEveryLentTokenComesBack) {
  CoreBudget budget(3);
  HelperCrew crew(budget, 2, CurrentThreadCpus());
  NodeExecutor executor(budget, 1, &crew, nullptr);
  const CoreLease own = budget.Lease(1);
  std::atomic<int> ran{0};
  // Every third batch throws, wherever it runs: on the caller or on a helper.
  const Status status = executor.ForEach(9, [&](std::size_t i, ScratchBuffers&) -> Status {
    ++ran;
    std::this_thread::sleep_for(5ms);
    if (i % 3 == 1) throw std::runtime_error("batch " + std::to_string(i));
    return Status::Ok();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_EQ(status.error().message, "stage failed: batch 1");  // the lowest failing index
  EXPECT_EQ(ran.load(), 9);
  EXPECT_EQ(budget.available(), 2);  // only the worker's own token is out

  // The crew still serves: a later run gets helpers again.
  std::mutex mutex;
  std::set<std::thread::id> threads;
  ASSERT_TRUE(executor
                  .ForEach(6,
                           [&](std::size_t, ScratchBuffers&) -> Status {
                             std::this_thread::sleep_for(20ms);
                             const std::lock_guard lock(mutex);
                             threads.insert(std::this_thread::get_id());
                             return Status::Ok();
                           })
                  .ok());
  EXPECT_GE(threads.size(), 2u);
  EXPECT_EQ(budget.available(), 2);
}

// A detector whose run throws (as a consumer's OpenCV call can).
class ThrowingModel final : public TensorModel {
 public:
  Status Run(const TensorView&, const TensorConsumer&) const override { throw std::runtime_error("det broke"); }
};

TEST(NodeExecutorTest, AWideDetectorThatThrowsGivesItsCoresBack) {
  CoreBudget budget(4);
  WideDetectors wide;
  wide.emplace("set", std::make_unique<ThrowingModel>());
  NodeExecutor executor(budget, 1, nullptr, &wide);
  const CoreLease own = budget.Lease(1);
  ModelManifest manifest;
  manifest.name = "set";
  const ModelSet models(manifest, {}, std::make_unique<ThrowingModel>(), nullptr, std::make_unique<ThrowingModel>());
  const std::vector<float> pixels(3 * 32 * 32, 0.0f);
  const std::vector<std::int64_t> shape{1, 3, 32, 32};
  EXPECT_THROW((void)executor.RunDetector(models, TensorView{pixels, shape}, [](const TensorView&) { return Status::Ok(); }),
               std::runtime_error);
  EXPECT_EQ(budget.available(), 3);  // the three lent to the wide run are back
}

TEST(SchedulerTest, DispatchesToTheLeastLoadedNodeAndRefusesWhenAllAreFull) {
  const int cpu = FirstAllowedCpu();
  ExecutionPlan plan;
  plan.adaptive = false;
  plan.nodes = {Plan(0, {cpu}, 1, 1), Plan(1, {cpu}, 1, 1)};
  auto scheduler = Scheduler::Start(plan, 2, EmptyModels());
  ASSERT_TRUE(scheduler.ok()) << scheduler.error().message;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::mutex mutex;
  std::vector<int> nodes;
  std::atomic<int> started{0};
  const auto blocking = [&](WorkerContext& worker) {
    {
      const std::lock_guard lock(mutex);
      nodes.push_back(worker.numa_node);
    }
    ++started;
    released.wait();
  };
  ASSERT_TRUE(scheduler.value()->Submit(MakeBodyJob(blocking)).ok());
  while (started.load() < 1) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(scheduler.value()->Submit(MakeBodyJob(blocking)).ok());  // node 1 is idle: it goes there
  while (started.load() < 2) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ(scheduler.value()->queue_capacity(), 2u);
  EXPECT_TRUE(scheduler.value()->Submit(MakeBodyJob(blocking)).ok());
  EXPECT_TRUE(scheduler.value()->Submit(MakeBodyJob(blocking)).ok());
  EXPECT_FALSE(scheduler.value()->Submit(MakeBodyJob(blocking)).ok());
  const auto stats = scheduler.value()->Stats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].queued + stats[1].queued, 2u);
  EXPECT_EQ(stats[0].queued, 1u);  // one queued request on each node
  release.set_value();
  scheduler.value().reset();
  EXPECT_EQ(nodes.size(), 4u);
}

// A model that answers nothing: pages here only record where they ran.
class SilentModel final : public TensorModel {
 public:
  Status Run(const TensorView&, const TensorConsumer&) const override { return Status::Ok(); }
};

// Each node loads its own set "m", as the server does.
NodeModelLoader OneSetPerNode() {
  return [](const SessionConfig&, const std::optional<SessionConfig>&) -> Result<NodeModels> {
    ModelManifest manifest;
    manifest.name = "m";
    std::vector<std::unique_ptr<ModelSet>> sets;
    sets.push_back(std::make_unique<ModelSet>(std::move(manifest), std::vector<std::string>{""},
                                              std::make_unique<SilentModel>(), nullptr,
                                              std::make_unique<SilentModel>()));
    NodeModels models;
    models.registry = std::make_unique<ModelRegistry>(std::move(sets), "m");
    return models;
  };
}

// Two one-core nodes: a request on one node may only grow onto the other.
ExecutionPlan TwoOneCoreNodes() {
  const int cpu = FirstAllowedCpu();
  ExecutionPlan plan;
  plan.adaptive = true;
  plan.warm_up = false;
  plan.nodes = {Plan(0, {cpu}, 1, 1), Plan(1, {cpu}, 1, 1)};
  return plan;
}

TEST(SchedulerTest, APagesRunSpreadsOntoTheIdleCoresOfAnotherNodeAndItsModels) {
  auto scheduler = Scheduler::Start(TwoOneCoreNodes(), 4, OneSetPerNode());
  ASSERT_TRUE(scheduler.ok()) << scheduler.error().message;
  struct Seen {
    std::thread::id thread;
    const ModelSet* models;
  };
  std::promise<void> finished;
  std::mutex mutex;
  std::vector<Seen> seen;
  const ModelSet* own_set = nullptr;
  int cores = 0;
  Status status = Status::Ok();
  std::thread::id worker_thread;
  std::atomic<int> met{0};
  Rendezvous two(2);  // the worker and a helper of the other node on pages at once
  ASSERT_TRUE(scheduler.value()
                  ->Submit(MakeBodyJob([&](WorkerContext& worker) {
                    worker_thread = std::this_thread::get_id();
                    own_set = worker.models.Find("m");
                    cores = worker.cores;
                    status = worker.executor.ForEachPage(8, [&](std::size_t, StageExecutor& executor) -> Status {
                      if (two.Arrive()) ++met;
                      const std::lock_guard lock(mutex);
                      seen.push_back({std::this_thread::get_id(), &executor.OnThisNode(*own_set)});
                      return Status::Ok();
                    });
                    finished.set_value();
                  }))
                  .ok());
  finished.get_future().wait();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(cores, 2);  // both nodes' cores can run this request's pages
  EXPECT_EQ(met.load(), 2);
  ASSERT_EQ(seen.size(), 8u);
  std::set<std::thread::id> helpers;
  for (const Seen& page : seen) {
    ASSERT_NE(page.models, nullptr);
    EXPECT_EQ(page.models->name(), "m");
    if (page.thread == worker_thread) {
      EXPECT_EQ(page.models, own_set);  // the worker's pages: its node's sessions
    } else {
      helpers.insert(page.thread);
      EXPECT_NE(page.models, own_set);  // the other node's pages: that node's own sessions
    }
  }
  EXPECT_EQ(helpers.size(), 1u);
  scheduler.value().reset();
}

TEST(SchedulerTest, BatchesStayOnTheirNodeAndABusyNodeLendsNothing) {
  auto scheduler = Scheduler::Start(TwoOneCoreNodes(), 4, OneSetPerNode());
  ASSERT_TRUE(scheduler.ok()) << scheduler.error().message;
  std::promise<void> other_busy, release_other, finished;
  std::shared_future<void> released = release_other.get_future().share();
  std::mutex mutex;  // the sets are written from every thread a page or batch runs on
  std::set<std::thread::id> batch_threads, page_threads;
  std::thread::id worker_thread;
  // Batches of one page run on the caller's sessions: never on another node.
  ASSERT_TRUE(scheduler.value()
                  ->Submit(MakeBodyJob([&](WorkerContext& worker) {
                    worker_thread = std::this_thread::get_id();
                    (void)worker.executor.ForEach(16, [&](std::size_t, ScratchBuffers&) -> Status {
                      {
                        const std::lock_guard lock(mutex);
                        batch_threads.insert(std::this_thread::get_id());
                      }
                      std::this_thread::sleep_for(1ms);
                      return Status::Ok();
                    });
                    finished.set_value();
                  }))
                  .ok());
  finished.get_future().wait();
  EXPECT_EQ(batch_threads, std::set<std::thread::id>{worker_thread});
  // With the other node's only core held by its worker, pages stay home.
  ASSERT_TRUE(scheduler.value()
                  ->Submit(MakeBodyJob([&](WorkerContext&) {
                    other_busy.set_value();
                    released.wait();
                  }))
                  .ok());
  other_busy.get_future().wait();
  std::promise<void> pages_done;
  ASSERT_TRUE(scheduler.value()
                  ->Submit(MakeBodyJob([&](WorkerContext& worker) {
                    worker_thread = std::this_thread::get_id();
                    (void)worker.executor.ForEachPage(8, [&](std::size_t, StageExecutor&) -> Status {
                      const std::lock_guard lock(mutex);
                      page_threads.insert(std::this_thread::get_id());
                      return Status::Ok();
                    });
                    pages_done.set_value();
                  }))
                  .ok());
  pages_done.get_future().wait();
  release_other.set_value();
  EXPECT_EQ(page_threads, std::set<std::thread::id>{worker_thread});
  scheduler.value().reset();
}

}  // namespace
}  // namespace onnxocr
