#include "runtime/scheduler.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <utility>

namespace onnxocr {

Result<std::unique_ptr<Scheduler>> Scheduler::Start(const ExecutionPlan& plan, std::size_t queue_capacity,
                                                    const NodeModelLoader& load) {
  if (plan.nodes.empty()) return MakeError(ErrorCode::kInvalidArgument, "the execution plan has no node");
  std::vector<std::unique_ptr<NodePool>> pools;
  // With several nodes, a request's pages may run on every node's idle cores.
  auto crews = plan.adaptive && plan.nodes.size() > 1 ? std::make_shared<NodeCrews>() : nullptr;
  const double per_worker = static_cast<double>(queue_capacity) / std::max(1, plan.workers());
  for (const NodePlan& node : plan.nodes) {
    const auto capacity = std::max<std::size_t>(1, static_cast<std::size_t>(per_worker * node.workers + 0.5));
    const NodePoolOptions options{plan.adaptive, plan.allow_spinning, plan.warm_up, capacity, crews};
    auto pool = NodePool::Start(node, options, load);
    if (!pool.ok()) return pool.error();
    pools.push_back(std::move(pool).value());
  }
  return std::unique_ptr<Scheduler>(new Scheduler(plan, std::move(pools)));
}

Scheduler::Scheduler(ExecutionPlan plan, std::vector<std::unique_ptr<NodePool>> pools)
    : plan_(std::move(plan)), pools_(std::move(pools)) {}

Scheduler::~Scheduler() {
  // Every node's workers end before any crew does: a request on one node may
  // still lend another node's helpers.
  for (const auto& pool : pools_) pool->StopWorkers();
}

Status Scheduler::Submit(JobPtr job) {
  std::vector<std::pair<double, std::size_t>> by_load;
  for (std::size_t i = 0; i < pools_.size(); ++i) by_load.emplace_back(pools_[i]->load(), i);
  std::stable_sort(by_load.begin(), by_load.end());
  for (const auto& [load, index] : by_load) {
    // TrySubmit moves the job only when it accepts it.
    if (pools_[index]->TrySubmit(job)) return Status::Ok();
  }
  const Error full = MakeError(ErrorCode::kUnavailable, "server is at capacity (" + std::to_string(queue_capacity()) +
                                                            " requests queued); retry later");
  job->Drop(full);
  return full;
}

std::vector<Scheduler::NodeStats> Scheduler::Stats() const {
  std::vector<NodeStats> stats;
  for (const auto& pool : pools_) {
    stats.push_back(
        NodeStats{pool->plan().numa_node, pool->queued(), pool->queue_capacity(), pool->busy(), pool->plan().workers});
  }
  return stats;
}

std::size_t Scheduler::queue_capacity() const {
  std::size_t total = 0;
  for (const auto& pool : pools_) total += pool->queue_capacity();
  return total;
}

}  // namespace onnxocr
