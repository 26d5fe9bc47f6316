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
  YieldingExecutor(CoreBudget& budget, const ModelRegistry* models) : budget_(budget), models_(models) {}
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
  const ModelSet& OnThisNode(const ModelSet& models) override {
    const ModelSet* local = models_ != nullptr ? models_->Find(models.name()) : nullptr;
    return local != nullptr ? *local : models;
  }

 private:
  void YieldToWaitingWorker() {
    if (token_ == nullptr || token_->count() == 0 || !budget_.HasWaiters()) return;
    token_->Return();
    *token_ = budget_.Lease(1);  // behind the worker; back once a core is free
  }

  CoreBudget& budget_;
  const ModelRegistry* models_;
  CoreLease* token_ = nullptr;
};

}  // namespace

struct HelperCrew::Job {
  // One crew's share of the run.
  struct Slot {
    HelperCrew* crew = nullptr;
    CoreLease unclaimed;  // lent tokens no helper has picked up yet
    int active = 0;       // helpers in the run
  };

  Job(std::size_t count_, const HelperCrew::Task& task_) : count(count_), task(task_) {}

  const std::size_t count;
  const HelperCrew::Task& task;
  std::atomic<std::size_t> next{0};

  std::mutex mutex;
  std::condition_variable left;
  std::vector<Slot> slots;  // set before the first Post, never resized after
  bool closed = false;
  std::optional<std::pair<std::size_t, Status>> first_error;

  void Record(std::size_t index, Status status) {
    if (status.ok()) return;
    const std::lock_guard lock(mutex);
    if (!first_error || index < first_error->first) first_error.emplace(index, std::move(status));
  }
  // Helpers in the run or about to join it; under `mutex`.
  int Committed() const {
    int committed = 0;
    for (const Slot& slot : slots) committed += slot.active + slot.unclaimed.count();
    return committed;
  }
};

HelperCrew::HelperCrew(CoreBudget& budget, int helpers, const std::vector<int>& cpus, const ModelRegistry* models)
    : budget_(budget), models_(models) {
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
  YieldingExecutor executor(budget_, models_);
  for (;;) {
    Entry entry;
    {
      std::unique_lock lock(mutex_);
      posted_.wait(lock, [this] { return stopping_ || !entries_.empty(); });
      if (entries_.empty()) return;
      entry = std::move(entries_.front());
      entries_.pop_front();
    }
    Job& job = *entry.job;
    CoreLease token;
    {
      const std::lock_guard lock(job.mutex);
      if (job.closed) continue;  // the caller finished alone and gave this token back
      token = job.slots[entry.slot].unclaimed.Split(1);
      ++job.slots[entry.slot].active;
    }
    executor.Hold(&token);
    Work(job, executor, &budget_);
    executor.Hold(nullptr);
    token.Return();
    {
      const std::lock_guard lock(job.mutex);
      --job.slots[entry.slot].active;
    }
    job.left.notify_all();
  }
}

void HelperCrew::Post(const std::shared_ptr<Job>& job, std::size_t slot, int entries) {
  {
    const std::lock_guard lock(mutex_);
    for (int i = 0; i < entries; ++i) entries_.push_back(Entry{job, slot});
  }
  posted_.notify_all();
}

void HelperCrew::TopUp(const std::shared_ptr<Job>& job) {
  const std::size_t next = job->next.load();
  if (next >= job->count) return;
  // Pages no helper will take: one per page left beyond those committed.
  int room = 0;
  {
    const std::lock_guard lock(job->mutex);
    const std::size_t committed = static_cast<std::size_t>(job->Committed());
    const std::size_t left = job->count - next;
    room = left > committed ? static_cast<int>(std::min<std::size_t>(left - committed, 1 << 20)) : 0;
  }
  for (std::size_t slot = 0; slot < job->slots.size() && room > 0; ++slot) {
    HelperCrew& crew = *job->slots[slot].crew;
    int wanted = 0;
    {
      const std::lock_guard lock(job->mutex);
      const Job::Slot& share = job->slots[slot];
      wanted = std::min(room, crew.size() - share.active - share.unclaimed.count());
    }
    if (wanted <= 0) continue;
    CoreLease freed = crew.budget_.TryLeaseUpTo(wanted);  // nothing while a worker waits for a core
    const int lent = freed.count();
    if (lent == 0) continue;
    {
      const std::lock_guard lock(job->mutex);
      job->slots[slot].unclaimed.Absorb(std::move(freed));
    }
    crew.Post(job, slot, lent);
    room -= lent;
  }
}

Status HelperCrew::Run(std::size_t count, const Task& task, std::vector<Lend> lends, StageExecutor& caller) {
  auto job = std::make_shared<Job>(count, task);
  job->slots.reserve(lends.size());
  for (Lend& lend : lends) job->slots.push_back(Job::Slot{lend.crew, std::move(lend.tokens), 0});
  for (std::size_t slot = 0; slot < job->slots.size(); ++slot) {
    int helpers = 0;
    {
      const std::lock_guard lock(job->mutex);
      helpers = job->slots[slot].unclaimed.count();
    }
    if (helpers > 0) job->slots[slot].crew->Post(job, slot, helpers);
  }
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
    for (Job::Slot& slot : job->slots) slot.unclaimed.Return();
    job->left.wait(lock, [&] {
      return std::all_of(job->slots.begin(), job->slots.end(), [](const Job::Slot& slot) { return slot.active == 0; });
    });
  }
  if (job->first_error) return std::move(job->first_error->second);
  return Status::Ok();
}

void NodeCrews::Add(HelperCrew& crew) {
  const std::lock_guard lock(mutex_);
  crews_.push_back(&crew);
}

std::vector<HelperCrew*> NodeCrews::Others(const HelperCrew* own) const {
  const std::lock_guard lock(mutex_);
  std::vector<HelperCrew*> others;
  for (HelperCrew* crew : crews_) {
    if (crew != own) others.push_back(crew);
  }
  return others;
}

int NodeCrews::cores() const {
  const std::lock_guard lock(mutex_);
  int cores = 0;
  for (const HelperCrew* crew : crews_) cores += crew->budget().cores();
  return cores;
}

NodeExecutor::NodeExecutor(CoreBudget& budget, int own_tokens, HelperCrew* crew, const WideDetectors* wide,
                           const NodeCrews* others)
    : budget_(budget), own_tokens_(own_tokens), crew_(crew), wide_(wide), others_(others) {}

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
  return Spread(
      count, [&task](std::size_t index, StageExecutor& executor) { return task(index, executor.scratch()); },
      /*other_nodes=*/false);
}

Status NodeExecutor::ForEachPage(std::size_t count, const PageTask& task) {
  return Spread(count, task, /*other_nodes=*/true);
}

Status NodeExecutor::Spread(std::size_t count, const PageTask& task, bool other_nodes) {
  if (count < 2) return StageExecutor::ForEachPage(count, task);
  std::vector<HelperCrew::Lend> lends;
  int wanted = static_cast<int>(std::min<std::size_t>(count - 1, 1 << 20));
  const auto lend = [&](HelperCrew& crew) {
    CoreLease tokens = crew.budget().TryLeaseUpTo(std::min(wanted, crew.size()));
    wanted -= tokens.count();
    lends.push_back(HelperCrew::Lend{&crew, std::move(tokens)});
  };
  if (crew_ != nullptr) lend(*crew_);
  if (other_nodes && others_ != nullptr) {
    for (HelperCrew* other : others_->Others(crew_)) lend(*other);
  }
  // Even with no token free now, the run lends the cores that free up later.
  if (lends.empty()) return StageExecutor::ForEachPage(count, task);
  return HelperCrew::Run(count, task, std::move(lends), *this);
}

}  // namespace onnxocr
