#include "runtime/execution_plan.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace onnxocr {
namespace {

// Splits `total` over `weights` in proportion (largest remainder; ties go to
// the earlier entry).
std::vector<int> Apportion(int total, const std::vector<int>& weights) {
  const long sum = std::accumulate(weights.begin(), weights.end(), 0L);
  std::vector<int> shares(weights.size(), 0);
  if (sum <= 0) return shares;
  std::vector<std::pair<double, std::size_t>> remainders;
  int given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / static_cast<double>(sum);
    shares[i] = static_cast<int>(std::floor(exact));
    given += shares[i];
    remainders.emplace_back(exact - shares[i], i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given) ++shares[remainders[k].second];
  return shares;
}

// `topology` limited to `cpus` (all when empty).
std::vector<CpuNode> AllowedNodes(const CpuTopology& topology, const std::vector<int>& cpus) {
  std::vector<CpuNode> nodes;
  for (const CpuNode& node : topology.nodes) {
    CpuNode kept{node.numa_node, node.package, {}};
    for (const CpuCore& core : node.cores) {
      CpuCore allowed;
      for (const int pu : core.pus) {
        if (cpus.empty() || std::binary_search(cpus.begin(), cpus.end(), pu)) allowed.pus.push_back(pu);
      }
      if (!allowed.pus.empty()) kept.cores.push_back(std::move(allowed));
    }
    if (!kept.cores.empty()) nodes.push_back(std::move(kept));
  }
  return nodes;
}

}  // namespace

int ExecutionPlan::workers() const {
  int total = 0;
  for (const NodePlan& node : nodes) total += node.workers;
  return total;
}

int ExecutionPlan::cores() const {
  int total = 0;
  for (const NodePlan& node : nodes) total += node.cores;
  return total;
}

std::string FormatCpuList(const std::vector<int>& cpus) {
  std::ostringstream text;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    text << (i == 0 ? "" : ",") << cpus[i];
    if (j > i) text << "-" << cpus[j];
    i = j + 1;
  }
  return text.str();
}

std::string ExecutionPlan::Describe() const {
  std::ostringstream text;
  text << nodes.size() << (nodes.size() == 1 ? " pool: " : " pools: ");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodePlan& node = nodes[i];
    text << (i == 0 ? "" : "; ") << "node " << node.numa_node << " (cpus " << FormatCpuList(node.cpus) << ", "
         << node.cores << (node.cores == 1 ? " core, " : " cores, ") << node.workers << " workers x "
         << node.threads_per_worker << (node.threads_per_worker == 1 ? " thread)" : " threads)");
  }
  text << "; adaptive " << (adaptive ? "on" : "off") << ", spinning " << (allow_spinning ? "on" : "off") << ", warm-up "
       << (warm_up ? "on" : "off");
  return text.str();
}

Result<ExecutionPlan> PlanExecution(const CpuTopology& topology, const PlanRequest& request) {
  std::vector<CpuNode> nodes = AllowedNodes(topology, request.cpus);
  if (nodes.empty()) {
    std::vector<int> allowed;
    for (const CpuNode& node : topology.nodes) {
      for (const int cpu : node.cpus()) allowed.push_back(cpu);
    }
    std::sort(allowed.begin(), allowed.end());
    return MakeError(ErrorCode::kInvalidArgument,
                     "--cpu-list " + FormatCpuList(request.cpus) +
                         " names no CPU this process may use (allowed: " + FormatCpuList(allowed) + ")");
  }
  if (!request.numa && nodes.size() > 1) {
    CpuNode merged{nodes.front().numa_node, nodes.front().package, {}};
    for (CpuNode& node : nodes) {
      for (CpuCore& core : node.cores) merged.cores.push_back(std::move(core));
    }
    nodes = {std::move(merged)};
  }

  std::vector<int> cores;
  for (const CpuNode& node : nodes) cores.push_back(static_cast<int>(node.cores.size()));
  const int total_cores = std::accumulate(cores.begin(), cores.end(), 0);
  if (topology.cpu_quota) {
    const int budget = std::max(1, static_cast<int>(std::floor(*topology.cpu_quota + 1e-6)));
    if (budget < total_cores) cores = Apportion(budget, cores);
  }
  const int threads = std::max(1, request.threads_per_worker);
  std::vector<int> workers;
  if (request.workers > 0) {
    workers = Apportion(request.workers, cores);
  } else {
    for (const int c : cores) workers.push_back(c > 0 ? std::max(1, c / threads) : 0);
  }

  ExecutionPlan plan;
  plan.adaptive = request.adaptive;
  plan.warm_up = request.warm_up;
  bool dedicated = true;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (cores[i] == 0 || workers[i] == 0) continue;
    NodePlan node;
    node.numa_node = nodes[i].numa_node;
    node.cpus = nodes[i].cpus();
    node.cores = cores[i];
    node.workers = workers[i];
    node.threads_per_worker = std::min(threads, cores[i]);
    dedicated = dedicated && node.workers * node.threads_per_worker <= node.cores;
    plan.nodes.push_back(std::move(node));
  }
  plan.allow_spinning = !plan.adaptive && dedicated;
  return plan;
}

}  // namespace onnxocr
