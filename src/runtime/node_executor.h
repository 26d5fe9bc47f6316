// Lending a node's idle cores to the requests it is running (the policy is in
// execution_plan.h). HelperCrew is a node's helper threads; NodeExecutor is
// one worker's StageExecutor, which borrows core tokens from the node's
// CoreBudget for a wide detector run, for parallel recognition batches, or
// for the pages of a many-page request.
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

namespace onnxocr {

// Detector sessions with one intra-op thread per node core, by model set name.
using WideDetectors = std::map<std::string, std::unique_ptr<TensorModel>>;

// Threads that run tasks for a caller who has taken their core tokens.
// Thread-safe; the destructor joins the threads (no job may be running).
class HelperCrew {
 public:
  // Starts `helpers` threads pinned to `cpus`; each has its own executor (in
  // order, no lending) and so its own scratch buffers. Before each model call
  // a helper's executor hands its lent core to a worker waiting for one and
  // waits to take a core again, so a page on a lent core pauses for a new
  // request within one model call.
  HelperCrew(CoreBudget& budget, int helpers, const std::vector<int>& cpus);
  ~HelperCrew();
  HelperCrew(const HelperCrew&) = delete;
  HelperCrew& operator=(const HelperCrew&) = delete;

  int size() const { return static_cast<int>(threads_.size()); }

  // task(i, executor): executor is the thread's own (the caller's on the caller).
  using Task = StageExecutor::PageTask;
  // Runs task(i) for i in [0, count) on the calling thread (with `caller`)
  // and on up to lent.count() helpers, each of which takes one of the lent
  // tokens and gives it back when it leaves, which it does early when a
  // worker waits for a token. Between its own tasks the caller lends the run
  // tokens that have come free since (a helper that left, another run that
  // ended), so a long run gets its helpers back. A task that throws counts
  // as failing with that error. Returns when every task has ended, with the
  // error of the lowest failing index, and every lent token back.
  Status Run(std::size_t count, const Task& task, CoreLease lent, StageExecutor& caller);

 private:
  struct Job;
  void HelperLoop();
  void Post(const std::shared_ptr<Job>& job, int entries);
  void TopUp(const std::shared_ptr<Job>& job);
  static void Work(Job& job, StageExecutor& executor, const CoreBudget* yield_to);

  CoreBudget& budget_;
  std::mutex mutex_;
  std::condition_variable posted_;
  std::deque<std::shared_ptr<Job>> entries_;  // one entry per lent token
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// A worker's executor. Not thread-safe: one pipeline run at a time.
class NodeExecutor : public StageExecutor {
 public:
  // `own_tokens`: tokens the worker holds while it runs a request. `crew` and
  // `wide` may be null (no lending).
  NodeExecutor(CoreBudget& budget, int own_tokens, HelperCrew* crew, const WideDetectors* wide);

  Status RunDetector(const ModelSet& models, const TensorView& input, const TensorConsumer& consume) override;
  Status ForEach(std::size_t count, const IndexedTask& task) override;
  // Pages on the caller and on helpers, with the tokens of idle cores (see
  // HelperCrew::Run): a page is a unit of work holding one core token.
  Status ForEachPage(std::size_t count, const PageTask& task) override;

 private:
  CoreBudget& budget_;
  int own_tokens_;
  HelperCrew* crew_;
  const WideDetectors* wide_;
};

}  // namespace onnxocr
