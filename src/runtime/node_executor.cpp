#include "runtime/node_executor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <new>
#include <string>
#include <optional>
#include <utility>

#include "core/model_set.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {

namespace {

// A task's Status, or its exception as one: nothing thrown by a stage may
// leave a helper thread (std::terminate) or unwind the caller while helpers
// still run on its frame.
Status RunCatching(const HelperCrew::Task& task, std::size_t index, StageExecutor& executor) {
  try {
    return task(index, executor);
  } catch (...) {
    return ErrorFromCurrentException("stage");
  }
}

// A helper thread's executor: runs model calls in order, and before each one
// hands its lent core back to a worker that waits for a core, then waits to
// take one again. A long task on a lent core (a page of a big document) so
// pauses for a new request within one model call, not at its end.
class YieldingExecutor final : public StageExecutor {
 public:
  explicit YieldingExecutor(CoreBudget& budget) : budget_(budget) {}
  // The lent token the thread holds now (null between jobs).
  void Hold(CoreLease* token) { token_ = token; }

  Status RunDetector(const ModelSet& models, const TensorView& input, const TensorConsumer& consume) override {
    YieldToWaitingWorker();
    return StageExecutor::RunDetector(models, input, consume);
  }
  Status ForEach(std::size_t count, const IndexedTask& task) override {
    for (std::size_t i = 0; i < count; ++i) {
      YieldToWaitingWorker();
      if (Status done = task(i, scratch()); !done.ok()) return done;
    }
    return Status::Ok();
  }

 private:
  void YieldToWaitingWorker() {
    if (token_ == nullptr || token_->count() == 0 || !budget_.HasWaiters()) return;
    token_->Return();
    *token_ = budget_.Lease(1);  // behind the worker; back once a core is free
  }

  CoreBudget& budget_;
  CoreLease* token_ = nullptr;
};

}  // namespace

struct HelperCrew::Job {
  Job(std::size_t count_, const HelperCrew::Task& task_, CoreLease lent)
      : count(count_), task(task_), unclaimed(std::move(lent)) {}

  const std::size_t count;
  const HelperCrew::Task& task;
  std::atomic<std::size_t> next{0};

  std::mutex mutex;
  std::condition_variable left;
  CoreLease unclaimed;  // lent tokens no helper has picked up yet
  int active = 0;
  bool closed = false;
  std::optional<std::pair<std::size_t, Status>> first_error;

  void Record(std::size_t index, Status status) {
    if (status.ok()) return;
    const std::lock_guard lock(mutex);
    if (!first_error || index < first_error->first) first_error.emplace(index, std::move(status));
  }
};

HelperCrew::HelperCrew(CoreBudget& budget, int helpers, const std::vector<int>& cpus) : budget_(budget) {
  for (int i = 0; i < helpers; ++i) {
    threads_.emplace_back([this, cpus] {
      (void)PinCurrentThread(cpus);  // best effort: an unpinned helper still obeys the budget
      HelperLoop();
    });
  }
}

HelperCrew::~HelperCrew() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  posted_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void HelperCrew::Work(Job& job, StageExecutor& executor, const CoreBudget* yield_to) {
  for (;;) {
    if (yield_to != nullptr && yield_to->HasWaiters()) return;
    const std::size_t index = job.next.fetch_add(1);
    if (index >= job.count) return;
    job.Record(index, RunCatching(job.task, index, executor));
  }
}

void HelperCrew::HelperLoop() {
  YieldingExecutor executor(budget_);
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      posted_.wait(lock, [this] { return stopping_ || !entries_.empty(); });
      if (entries_.empty()) return;
      job = std::move(entries_.front());
      entries_.pop_front();
    }
    CoreLease token;
    {
      const std::lock_guard lock(job->mutex);
      if (job->closed) continue;  // the caller finished alone and gave this token back
      token = job->unclaimed.Split(1);
      ++job->active;
    }
    executor.Hold(&token);
    Work(*job, executor, &budget_);
    executor.Hold(nullptr);
    token.Return();
    {
      const std::lock_guard lock(job->mutex);
      --job->active;
    }
    job->left.notify_all();
  }
}

void HelperCrew::Post(const std::shared_ptr<Job>& job, int entries) {
  {
    const std::lock_guard lock(mutex_);
    for (int i = 0; i < entries; ++i) entries_.push_back(job);
  }
  posted_.notify_all();
}

void HelperCrew::TopUp(const std::shared_ptr<Job>& job) {
  const std::size_t next = job->next.load();
  if (next >= job->count) return;
  int wanted = 0;
  {
    const std::lock_guard lock(job->mutex);
    wanted = size() - job->active - job->unclaimed.count();
  }
  wanted = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(0, wanted)), job->count - next));
  if (wanted == 0) return;
  CoreLease freed = budget_.TryLeaseUpTo(wanted);  // nothing while a worker waits for a core
  const int lent = freed.count();
  if (lent == 0) return;
  {
    const std::lock_guard lock(job->mutex);
    job->unclaimed.Absorb(std::move(freed));
  }
  Post(job, lent);
}

Status HelperCrew::Run(std::size_t count, const Task& task, CoreLease lent, StageExecutor& caller) {
  const int helpers = lent.count();
  auto job = std::make_shared<Job>(count, task, std::move(lent));
  Post(job, helpers);
  // The caller never yields (its own token is not lent) and lends what frees up.
  for (;;) {
    const std::size_t index = job->next.fetch_add(1);
    if (index >= count) break;
    job->Record(index, RunCatching(task, index, caller));
    TopUp(job);
  }
  {
    std::unique_lock lock(job->mutex);
    job->closed = true;
    job->unclaimed.Return();
    job->left.wait(lock, [&] { return job->active == 0; });
  }
  if (job->first_error) return std::move(job->first_error->second);
  return Status::Ok();
}

NodeExecutor::NodeExecutor(CoreBudget& budget, int own_tokens, HelperCrew* crew, const WideDetectors* wide)
    : budget_(budget), own_tokens_(own_tokens), crew_(crew), wide_(wide) {}

Status NodeExecutor::RunDetector(const ModelSet& models, const TensorView& input, const TensorConsumer& consume) {
  const int extra = budget_.cores() - own_tokens_;
  if (wide_ != nullptr && extra > 0) {
    const auto wide = wide_->find(models.name());
    if (wide != wide_->end()) {
      if (const CoreLease lease = budget_.TryLease(extra); lease.count() > 0) return wide->second->Run(input, consume);
    }
  }
  return StageExecutor::RunDetector(models, input, consume);
}

Status NodeExecutor::ForEach(std::size_t count, const IndexedTask& task) {
  return ForEachPage(count, [&task](std::size_t index, StageExecutor& executor) {
    return task(index, executor.scratch());
  });
}

Status NodeExecutor::ForEachPage(std::size_t count, const PageTask& task) {
  if (crew_ == nullptr || count < 2) return StageExecutor::ForEachPage(count, task);
  const int wanted = static_cast<int>(std::min<std::size_t>(count - 1, static_cast<std::size_t>(crew_->size())));
  CoreLease lent = budget_.TryLeaseUpTo(wanted);
  if (lent.count() == 0) return StageExecutor::ForEachPage(count, task);
  return crew_->Run(count, task, std::move(lent), *this);
}

}  // namespace onnxocr
