#include "runtime/node_pool.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "runtime/session_warmup.h"
#include "runtime/thread_affinity.h"

namespace onnxocr {

NodeSessionConfigs SessionConfigsFor(const NodePlan& plan, const NodePoolOptions& options) {
  // The core budget bounds the runs in flight on a node to its cores.
  NodeSessionConfigs configs{SessionConfig{.intra_op_threads = plan.threads_per_worker,
                                           .allow_spinning = options.allow_spinning,
                                           .concurrent_runs = plan.cores},
                             std::nullopt};
  if (options.adaptive && plan.cores > plan.threads_per_worker) {
    configs.wide = SessionConfig{.intra_op_threads = plan.cores, .concurrent_runs = 1};
  }
  return configs;
}

Result<std::unique_ptr<NodePool>> NodePool::Start(const NodePlan& plan, const NodePoolOptions& options,
                                                  const NodeModelLoader& load) {
  const NodeSessionConfigs sessions = SessionConfigsFor(plan, options);
  // Sessions (and ORT's intra-op threads, which inherit the affinity) are
  // created on a thread running on the node: first-touch keeps them local.
  std::optional<Result<NodeModels>> loaded;
  std::thread loader([&] {
    (void)PinCurrentThread(plan.cpus);
    loaded.emplace(load(sessions.workers, sessions.wide));
  });
  loader.join();
  if (!loaded->ok()) return loaded->error();
  const NodeModels& models = loaded->value();
  if (Status warm = options.warm_up ? WarmUpSessions(plan, *models.registry, models.wide_detectors) : Status::Ok();
      !warm.ok()) {
    return MakeError(warm.error().code, "node " + std::to_string(plan.numa_node) + " warm-up: " + warm.error().message);
  }
  return std::unique_ptr<NodePool>(new NodePool(plan, options, std::move(*loaded).value()));
}

NodePool::NodePool(const NodePlan& plan, const NodePoolOptions& options, NodeModels models)
    : plan_(plan),
      capacity_(options.queue_capacity),
      models_(std::move(models)),
      budget_(plan.cores),
      crews_(options.adaptive ? options.crews : nullptr) {
  // Alone, a node lends what its busy worker does not hold; beside other
  // nodes, every one of its cores may run another node's pages.
  const int helpers = crews_ ? plan.cores : plan.cores - plan.threads_per_worker;
  if (options.adaptive && helpers > 0) {
    crew_ = std::make_unique<HelperCrew>(budget_, helpers, plan.cpus, models_.registry.get());
    if (crews_) crews_->Add(*crew_);
  }
  for (int i = 0; i < plan.workers; ++i) {
    workers_.emplace_back([this] {
      (void)PinCurrentThread(plan_.cpus);  // best effort: the core budget still bounds the threads
      WorkLoop();
    });
  }
}

void NodePool::StopWorkers() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

NodePool::~NodePool() {
  StopWorkers();
  crew_.reset();
}

bool NodePool::TrySubmit(JobPtr& job) {
  {
    const std::lock_guard lock(mutex_);
    const auto idle = static_cast<std::size_t>(std::max(0, plan_.workers - busy_.load()));
    if (stopping_ || queue_.size() >= capacity_ + idle) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

std::size_t NodePool::queued() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

double NodePool::load() const {
  return static_cast<double>(queued() + static_cast<std::size_t>(busy_.load())) / plan_.workers;
}

void NodePool::WorkLoop() {
  const WideDetectors* wide = crew_ ? &models_.wide_detectors : nullptr;
  NodeExecutor executor(budget_, plan_.threads_per_worker, crew_.get(), wide, crews_.get());
  WorkerContext context{*models_.registry, executor, plan_.numa_node, {}, plan_.cores};
  bool counted_busy = false;
  context.done = [&] {
    if (counted_busy) {
      counted_busy = false;
      --busy_;
    }
  };
  for (;;) {
    JobPtr job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      counted_busy = true;
    }
    if (Status live = job->control().Check(); !live.ok()) {
      context.MarkDone();
      job->Drop(live.error());  // nobody waits for it, or it is late: no core is spent on it
    } else {
      const CoreLease own = budget_.Lease(plan_.threads_per_worker);
      context.cores = crews_ ? std::max(plan_.cores, crews_->cores()) : plan_.cores;
      try {
        job->Run(context);
      } catch (...) {
        job->Drop(ErrorFromCurrentException("the job"));
      }
    }
    context.MarkDone();
    job.reset();  // the job's answer (if it still had none) goes out before the next job starts
  }
}

}  // namespace onnxocr
