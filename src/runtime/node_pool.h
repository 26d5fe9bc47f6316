// One NUMA node's share of the server: its request workers and helper
// threads, pinned to the node's CPUs; its bounded request queue; its own
// model sessions, created by a thread running on the node so their memory is
// node-local; and its core budget. Thread-safe. The destructor runs (or drops,
// see Job) what is still queued, then joins every thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/stage_executor.h"
#include "core/status.h"
#include "runtime/job.h"
#include "runtime/core_budget.h"
#include "runtime/execution_plan.h"
#include "runtime/model_registry.h"
#include "runtime/node_executor.h"
#include "runtime/session_options.h"

namespace onnxocr {

// A node's models: the workers' sessions and, when lending is on, a wide
// detector per model set.
struct NodeModels {
  std::unique_ptr<ModelRegistry> registry;
  WideDetectors wide_detectors;
};

// Loads a node's models; called on a thread pinned to the node. `workers`
// configures the worker sessions (as many overlapping runs as the node has
// cores), `wide` the wide detectors (intra-op threads = node cores, one run
// at a time; nullopt: do not load any).
using NodeModelLoader = std::function<Result<NodeModels>(SessionConfig workers, std::optional<SessionConfig> wide)>;

struct NodePoolOptions {
  bool adaptive = true;            // lend idle cores (helpers, wide detectors)
  bool allow_spinning = false;     // ORT intra-op spinning in the workers' sessions
  bool warm_up = true;             // run every session before the pool starts (session_warmup.h)
  std::size_t queue_capacity = 4;  // tasks that may wait for a worker
  // The server's node crews, when it has several nodes and lends: this pool
  // adds its crew, and its workers lend other nodes' idle cores to pages.
  std::shared_ptr<NodeCrews> crews = nullptr;
};

// The session configs a node's models are loaded with (NodeModelLoader's
// arguments): the workers' (intra-op threads per worker, as many overlapping
// runs as the node has cores) and, when lending is on and the node has cores
// to lend, the wide detectors' (one run at a time on every core).
struct NodeSessionConfigs {
  SessionConfig workers;
  std::optional<SessionConfig> wide;
};
NodeSessionConfigs SessionConfigsFor(const NodePlan& plan, const NodePoolOptions& options);

class NodePool {
 public:
  // Loads the models on the node, warms them up, then starts its threads.
  static Result<std::unique_ptr<NodePool>> Start(const NodePlan& plan, const NodePoolOptions& options,
                                                 const NodeModelLoader& load);
  // Runs (or drops) what is queued, then joins the workers; the helper crew
  // stays until the destructor, so other nodes' running requests may still
  // lend it. Idempotent; called by the destructor.
  void StopWorkers();
  ~NodePool();
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;

  // Queues `job` (moved from only when accepted); false when the pool is
  // stopping or its queue is full. The queue holds queue_capacity jobs plus
  // one per idle worker, so requests in the pool never exceed workers +
  // queue_capacity, and a worker that has answered (MarkDone) but not yet
  // taken its next job does not make the pool look full. A worker drops a
  // job whose control fails its Check (cancelled, past its deadline) when it
  // takes it, and runs the others; a throw from Run becomes its Drop.
  bool TrySubmit(JobPtr& job);

  std::size_t queued() const;
  int busy() const { return busy_.load(); }
  // (queued + running) per worker: what the scheduler balances.
  double load() const;
  const NodePlan& plan() const { return plan_; }
  std::size_t queue_capacity() const { return capacity_; }
  const ModelRegistry& models() const { return *models_.registry; }

 private:
  NodePool(const NodePlan& plan, const NodePoolOptions& options, NodeModels models);
  void WorkLoop();

  const NodePlan plan_;
  const std::size_t capacity_;
  NodeModels models_;
  CoreBudget budget_;
  std::unique_ptr<HelperCrew> crew_;  // null when lending is off
  std::shared_ptr<NodeCrews> crews_;  // null: pages stay on this node
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<JobPtr> queue_;
  bool stopping_ = false;
  std::atomic<int> busy_{0};
  std::vector<std::thread> workers_;
};

}  // namespace onnxocr
