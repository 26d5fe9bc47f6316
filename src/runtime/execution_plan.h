// How the inference threads of the server are laid out over the CPU
// topology: one pool per NUMA node, how many workers each runs, and the core
// budget that bounds the threads running inference at once. Pure planning
// over a CpuTopology (no threads are created here); plain values.
//
// The policy (adaptive parallelism):
//  * Each node's pool owns a budget of one token per physical core it may
//    use (the cgroup quota shrinks the budget). A thread runs inference only
//    while it holds tokens, so there are never more runnable inference
//    threads than allowed cores: SMT siblings are not counted as cores.
//  * A loaded node runs one single-threaded pipeline per core: a worker takes
//    one request and one token (threads_per_worker tokens when set).
//  * An idle node lends its free tokens to the requests it is running: the
//    detector then runs on a session with one intra-op thread per core, and
//    recognition batches run in parallel on helper threads. Lent tokens come
//    back after each batch as soon as a queued request needs them.
//  * ORT threads never spin while waiting: cores are shared between the
//    workers, the helpers and the wide detector sessions. Spinning is allowed
//    only when adaptive lending is off and each worker has its own cores.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "runtime/cpu_topology.h"

namespace onnxocr {

struct PlanRequest {
  int workers = 0;             // total request workers; 0: one per core (÷ threads_per_worker)
  int threads_per_worker = 0;  // intra-op threads of a worker's sessions; 0: 1
  bool numa = true;            // one pool per NUMA node; false: a single pool over all nodes
  std::vector<int> cpus;       // restrict to these CPUs (OS indexes); empty: all allowed
  bool adaptive = true;        // lend idle cores to running requests
  bool warm_up = true;         // run every session at start-up (session_warmup.h)
};

struct NodePlan {
  int numa_node = 0;
  std::vector<int> cpus;       // the hardware threads its threads are pinned to
  int cores = 0;               // the core budget: inference threads that may run at once
  int workers = 0;             // request workers (one request each)
  int threads_per_worker = 1;  // intra-op threads of the workers' sessions
};

struct ExecutionPlan {
  std::vector<NodePlan> nodes;
  bool adaptive = true;
  bool allow_spinning = false;  // ORT intra-op spinning
  bool warm_up = true;

  int workers() const;
  int cores() const;
  // "2 pools: node 0 (cpus 0-7, 8 cores, 8 workers x 1 thread), ...; adaptive on"
  std::string Describe() const;
};

// kInvalidArgument when `request.cpus` leaves no allowed CPU.
Result<ExecutionPlan> PlanExecution(const CpuTopology& topology, const PlanRequest& request);

// "0-3,8" for {0,1,2,3,8}.
std::string FormatCpuList(const std::vector<int>& cpus);

}  // namespace onnxocr
