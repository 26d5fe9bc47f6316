#include "runtime/node_executor.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <utility>

#include "core/model_set.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {

struct HelperCrew::Job {
  Job(std::size_t count_, const StageExecutor::IndexedTask& task_, int lent)
      : count(count_), task(task_), unclaimed(lent) {}

  const std::size_t count;
  const StageExecutor::IndexedTask& task;
  std::atomic<std::size_t> next{0};

  std::mutex mutex;
  std::condition_variable left;
  int unclaimed;  // lent tokens no helper has picked up yet
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

void HelperCrew::Work(Job& job, ScratchBuffers& scratch, const CoreBudget* yield_to) {
  for (;;) {
    if (yield_to != nullptr && yield_to->HasWaiters()) return;
    const std::size_t index = job.next.fetch_add(1);
    if (index >= job.count) return;
    job.Record(index, job.task(index, scratch));
  }
}

void HelperCrew::HelperLoop() {
  ScratchBuffers scratch;
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      posted_.wait(lock, [this] { return stopping_ || !entries_.empty(); });
      if (entries_.empty()) return;
      job = std::move(entries_.front());
      entries_.pop_front();
    }
    {
      const std::lock_guard lock(job->mutex);
      if (job->closed) continue;  // the caller finished alone and took this token back
      --job->unclaimed;
      ++job->active;
    }
    Work(*job, scratch, &budget_);
    budget_.Release(1);
    {
      const std::lock_guard lock(job->mutex);
      --job->active;
    }
    job->left.notify_all();
  }
}

Status HelperCrew::Run(std::size_t count, const StageExecutor::IndexedTask& task, int lent,
                       ScratchBuffers& caller_scratch) {
  auto job = std::make_shared<Job>(count, task, lent);
  {
    const std::lock_guard lock(mutex_);
    for (int i = 0; i < lent; ++i) entries_.push_back(job);
  }
  posted_.notify_all();
  Work(*job, caller_scratch, nullptr);  // the caller never yields: its own token is not lent
  {
    std::unique_lock lock(job->mutex);
    job->closed = true;
    budget_.Release(job->unclaimed);
    job->unclaimed = 0;
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
    if (wide != wide_->end() && budget_.TryAcquire(extra)) {
      Status ran = wide->second->Run(input, consume);
      budget_.Release(extra);
      return ran;
    }
  }
  return StageExecutor::RunDetector(models, input, consume);
}

Status NodeExecutor::ForEach(std::size_t count, const IndexedTask& task) {
  if (crew_ == nullptr || count < 2) return StageExecutor::ForEach(count, task);
  const int wanted = static_cast<int>(std::min<std::size_t>(count - 1, static_cast<std::size_t>(crew_->size())));
  const int lent = budget_.TryAcquireUpTo(wanted);
  if (lent == 0) return StageExecutor::ForEach(count, task);
  return crew_->Run(count, task, lent, scratch());
}

}  // namespace onnxocr
