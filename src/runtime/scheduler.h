// Admission and dispatch over the node pools of an ExecutionPlan: each
// request goes to the least-loaded node whose bounded queue has room, or is
// refused at once. Thread-safe; the destructor finishes queued work.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "core/status.h"
#include "runtime/execution_plan.h"
#include "runtime/node_pool.h"

namespace onnxocr {

class Scheduler {
 public:
  // Starts one NodePool per planned node; `queue_capacity` places are shared
  // out in proportion to the nodes' workers (at least 1 per node).
  static Result<std::unique_ptr<Scheduler>> Start(const ExecutionPlan& plan, std::size_t queue_capacity,
                                                  const NodeModelLoader& load);

  // Queues `job` on the least-loaded node with room. When every queue is full
  // the job is dropped at once (answered with kUnavailable) and that error is
  // returned: either way the job is answered exactly once.
  Status Submit(JobPtr job);

  // Finishes what is queued on every node, then stops the nodes.
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  struct NodeStats {
    int numa_node = 0;
    std::size_t queued = 0;
    std::size_t capacity = 0;
    int busy = 0;
    int workers = 0;
  };
  std::vector<NodeStats> Stats() const;
  std::size_t queue_capacity() const;
  const ExecutionPlan& plan() const { return plan_; }
  // Node 0's models (every node loads the same sets).
  const ModelRegistry& models() const { return pools_.front()->models(); }

 private:
  Scheduler(ExecutionPlan plan, std::vector<std::unique_ptr<NodePool>> pools);

  const ExecutionPlan plan_;
  std::vector<std::unique_ptr<NodePool>> pools_;
};

}  // namespace onnxocr
