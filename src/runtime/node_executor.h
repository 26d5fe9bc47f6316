// Lending a node's idle cores to the requests it is running (the policy is in
// execution_plan.h). HelperCrew is a node's helper threads; NodeExecutor is
// one worker's StageExecutor, which borrows core tokens from the node's
// CoreBudget for a wide detector run, for parallel recognition batches, or
// for the pages of a many-page request, and from other nodes' budgets
// (NodeCrews) for pages.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/stage_executor.h"
#include "core/tensor_model.h"
#include "runtime/core_budget.h"
#include "runtime/model_registry.h"

namespace onnxocr {

// Detector sessions with one intra-op thread per node core, by model set name.
using WideDetectors = std::map<std::string, std::unique_ptr<TensorModel>>;

// Threads that run tasks for a caller who has taken their core tokens.
// Thread-safe; the destructor joins the threads (no job may be running).
class HelperCrew {
 public:
  // Starts `helpers` threads pinned to `cpus`, which take tokens of
  // `budget`; each has its own executor (in order, no lending) and so its own
  // scratch buffers. Before each model call a helper's executor hands its
  // lent core to a worker waiting for one and waits to take a core again, so
  // a page on a lent core pauses for a new request within one model call.
  // `models`: the node's sets, which a page on a helper runs on
  // (StageExecutor::OnThisNode); null: the set the caller names.
  HelperCrew(CoreBudget& budget, int helpers, const std::vector<int>& cpus, const ModelRegistry* models = nullptr);
  ~HelperCrew();
  HelperCrew(const HelperCrew&) = delete;
  HelperCrew& operator=(const HelperCrew&) = delete;

  int size() const { return static_cast<int>(threads_.size()); }
  CoreBudget& budget() const { return budget_; }

  // task(i, executor): executor is the thread's own (the caller's on the caller).
  using Task = StageExecutor::PageTask;
  // Tokens of `crew`'s budget, lent to one run.
  struct Lend {
    HelperCrew* crew = nullptr;
    CoreLease tokens;
  };
  // Runs task(i) for i in [0, count) on the calling thread (with `caller`)
  // and on helpers of the crews in `lends`: one helper per lent token, which
  // it gives back when it leaves, which it does early when a worker of its
  // crew's node waits for a token. Between its own tasks the caller lends the
  // run tokens of those crews that have come free since (a helper that left,
  // another run that ended), so a long run gets its helpers back. A task
  // that throws counts as failing with that error. Returns when every task
  // has ended, with the error of the lowest failing index, and every lent
  // token back.
  static Status Run(std::size_t count, const Task& task, std::vector<Lend> lends, StageExecutor& caller);

 private:
  struct Job;
  struct Entry {
    std::shared_ptr<Job> job;
    std::size_t slot = 0;  // which of the job's lends this helper takes a token from
  };
  void HelperLoop();
  void Post(const std::shared_ptr<Job>& job, std::size_t slot, int entries);
  static void TopUp(const std::shared_ptr<Job>& job);
  static void Work(Job& job, StageExecutor& executor, const CoreBudget* yield_to);

  CoreBudget& budget_;
  const ModelRegistry* models_;
  std::mutex mutex_;
  std::condition_variable posted_;
  std::deque<Entry> entries_;  // one entry per lent token
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Every node's helper crew, so a worker can lend the idle cores of other
// nodes to the pages of its request. Crews are added while the pools start,
// before any request runs, and must outlive every worker that may lend them
// (the Scheduler stops every node's workers before it destroys any crew).
// Thread-safe.
class NodeCrews {
 public:
  void Add(HelperCrew& crew);
  // The crews other than `own`, in the order they were added.
  std::vector<HelperCrew*> Others(const HelperCrew* own) const;
  // Every crew's core budget together: the pages of one request that can run at once.
  int cores() const;

 private:
  mutable std::mutex mutex_;
  std::vector<HelperCrew*> crews_;
};

// A worker's executor. Not thread-safe: one pipeline run at a time.
class NodeExecutor : public StageExecutor {
 public:
  // `own_tokens`: tokens the worker holds while it runs a request. `crew` and
  // `wide` may be null (no lending); `others` too (pages stay on this node).
  NodeExecutor(CoreBudget& budget, int own_tokens, HelperCrew* crew, const WideDetectors* wide,
               const NodeCrews* others = nullptr);

  Status RunDetector(const ModelSet& models, const TensorView& input, const TensorConsumer& consume) override;
  Status ForEach(std::size_t count, const IndexedTask& task) override;
  // Pages on the caller and on helpers, with the tokens of idle cores of this
  // node first, then of the other nodes (see HelperCrew::Run): a page is a
  // unit of work holding one core token. Batches (ForEach) stay on the node:
  // they run on the caller's sessions.
  Status ForEachPage(std::size_t count, const PageTask& task) override;

 private:
  Status Spread(std::size_t count, const PageTask& task, bool other_nodes);

  CoreBudget& budget_;
  int own_tokens_;
  HelperCrew* crew_;
  const WideDetectors* wide_;
  const NodeCrews* others_;
};

}  // namespace onnxocr
