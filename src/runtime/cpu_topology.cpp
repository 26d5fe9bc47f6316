#include "runtime/cpu_topology.h"

#include <hwloc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

namespace onnxocr {
namespace {

struct TopologyDeleter {
  void operator()(hwloc_topology* topology) const { hwloc_topology_destroy(topology); }
};
struct BitmapDeleter {
  void operator()(hwloc_bitmap_s* bitmap) const { hwloc_bitmap_free(bitmap); }
};
using TopologyPtr = std::unique_ptr<hwloc_topology, TopologyDeleter>;
using BitmapPtr = std::unique_ptr<hwloc_bitmap_s, BitmapDeleter>;

std::vector<int> BitmapIndexes(hwloc_const_bitmap_t bitmap) {
  std::vector<int> indexes;
  for (int i = hwloc_bitmap_first(bitmap); i >= 0; i = hwloc_bitmap_next(bitmap, i)) indexes.push_back(i);
  return indexes;
}

// The nodes → cores → PUs of `topology` whose PUs are in `allowed`.
CpuTopology FromHwloc(hwloc_topology_t topology, hwloc_const_bitmap_t allowed) {
  CpuTopology result;
  result.packages = std::max(1, hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PACKAGE));
  const int node_count = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_NUMANODE);
  const int core_count = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE);
  const hwloc_obj_type_t core_type = core_count > 0 ? HWLOC_OBJ_CORE : HWLOC_OBJ_PU;
  const int cores = core_count > 0 ? core_count : hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU);
  BitmapPtr node_cpus(hwloc_bitmap_alloc());
  BitmapPtr core_cpus(hwloc_bitmap_alloc());
  for (int n = 0; n < std::max(1, node_count); ++n) {
    CpuNode node;
    if (node_count > 0) {
      hwloc_obj_t numa = hwloc_get_obj_by_type(topology, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(n));
      node.numa_node = static_cast<int>(numa->os_index);
      hwloc_bitmap_and(node_cpus.get(), numa->cpuset, allowed);
      if (hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(topology, HWLOC_OBJ_PACKAGE, numa)) {
        node.package = static_cast<int>(package->logical_index);
      }
    } else {
      hwloc_bitmap_copy(node_cpus.get(), allowed);
    }
    for (int c = 0; c < cores; ++c) {
      hwloc_obj_t core = hwloc_get_obj_by_type(topology, core_type, static_cast<unsigned>(c));
      hwloc_bitmap_and(core_cpus.get(), core->cpuset, node_cpus.get());
      if (hwloc_bitmap_iszero(core_cpus.get())) continue;
      if (node.cores.empty() && node_count == 0) {
        if (hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(topology, HWLOC_OBJ_PACKAGE, core)) {
          node.package = static_cast<int>(package->logical_index);
        }
      }
      node.cores.push_back(CpuCore{BitmapIndexes(core_cpus.get())});
    }
    if (!node.cores.empty()) result.nodes.push_back(std::move(node));
  }
  return result;
}

std::optional<double> ReadQuotaFiles(const std::filesystem::path& dir) {
  std::ifstream v2(dir / "cpu.max");
  std::string quota, period;
  if (v2 >> quota >> period) {
    if (quota == "max") return std::nullopt;
    const double q = std::strtod(quota.c_str(), nullptr), p = std::strtod(period.c_str(), nullptr);
    return q > 0 && p > 0 ? std::optional<double>(q / p) : std::nullopt;
  }
  std::ifstream v1_quota(dir / "cpu.cfs_quota_us"), v1_period(dir / "cpu.cfs_period_us");
  double q = 0, p = 0;
  if (v1_quota >> q && v1_period >> p && q > 0 && p > 0) return q / p;
  return std::nullopt;
}

}  // namespace

std::vector<int> CpuNode::cpus() const {
  std::vector<int> all;
  for (const CpuCore& core : cores) all.insert(all.end(), core.pus.begin(), core.pus.end());
  std::sort(all.begin(), all.end());
  return all;
}

int CpuTopology::cores() const {
  int total = 0;
  for (const CpuNode& node : nodes) total += static_cast<int>(node.cores.size());
  return total;
}

int CpuTopology::hardware_threads() const {
  int total = 0;
  for (const CpuNode& node : nodes) total += static_cast<int>(node.cpus().size());
  return total;
}

std::string CpuTopology::Describe() const {
  std::ostringstream text;
  text << packages << (packages == 1 ? " package, " : " packages, ") << nodes.size()
       << (nodes.size() == 1 ? " NUMA node, " : " NUMA nodes, ") << cores() << " cores, " << hardware_threads()
       << " hardware threads";
  if (cpu_quota) text << ", quota " << *cpu_quota << " CPUs";
  return text.str();
}

Result<std::vector<int>> ParseCpuList(std::string_view list) {
  std::vector<int> cpus;
  const auto bad = [&] { return MakeError(ErrorCode::kInvalidArgument, "bad CPU list '" + std::string(list) + "'"); };
  std::size_t pos = 0;
  while (pos < list.size()) {
    const std::size_t comma = std::min(list.find(',', pos), list.size());
    const std::string_view item = list.substr(pos, comma - pos);
    const std::size_t dash = item.find('-');
    int low = 0, high = 0;
    const auto parse = [](std::string_view s, int& out) {
      const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
      return error == std::errc() && end == s.data() + s.size() && !s.empty() && out >= 0 && out < 65536;
    };
    if (dash == std::string_view::npos) {
      if (!parse(item, low)) return bad();
      high = low;
    } else if (!parse(item.substr(0, dash), low) || !parse(item.substr(dash + 1), high) || high < low) {
      return bad();
    }
    for (int cpu = low; cpu <= high; ++cpu) cpus.push_back(cpu);
    pos = comma + 1;
  }
  if (cpus.empty()) return bad();
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

std::optional<double> CgroupCpuQuota(const std::filesystem::path& cgroup_root, std::string_view proc_self_cgroup) {
  // cgroup v2 line "0::/path"; v1 lines "N:cpu,cpuacct:/path" (controller mounted at root/cpu).
  std::optional<double> tightest;
  const auto consider = [&](const std::filesystem::path& base, std::string_view path) {
    for (std::filesystem::path dir = std::filesystem::path(path).relative_path();; dir = dir.parent_path()) {
      if (auto quota = ReadQuotaFiles(base / dir)) tightest = tightest ? std::min(*tightest, *quota) : *quota;
      if (dir.empty()) break;
    }
  };
  std::istringstream lines{std::string(proc_self_cgroup)};
  for (std::string line; std::getline(lines, line);) {
    const std::size_t first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controllers.empty()) {
      consider(cgroup_root, path);
    } else if (("," + controllers + ",").find(",cpu,") != std::string::npos) {
      consider(cgroup_root / "cpu", path);
    }
  }
  return tightest;
}

Result<CpuTopology> DiscoverCpuTopology() {
  hwloc_topology_t raw = nullptr;
  if (hwloc_topology_init(&raw) != 0) return MakeError(ErrorCode::kInternal, "hwloc_topology_init failed");
  TopologyPtr topology(raw);
  if (hwloc_topology_load(topology.get()) != 0) return MakeError(ErrorCode::kInternal, "hwloc_topology_load failed");
  // The cgroup cpuset (hwloc's allowed set) and the process's affinity mask.
  BitmapPtr allowed(hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(topology.get())));
  BitmapPtr bound(hwloc_bitmap_alloc());
  if (hwloc_get_cpubind(topology.get(), bound.get(), HWLOC_CPUBIND_PROCESS) == 0 && !hwloc_bitmap_iszero(bound.get())) {
    hwloc_bitmap_and(allowed.get(), allowed.get(), bound.get());
  }
  CpuTopology result = FromHwloc(topology.get(), allowed.get());
  if (result.nodes.empty()) return MakeError(ErrorCode::kInternal, "hwloc found no usable CPU");
  std::ifstream self("/proc/self/cgroup");
  std::stringstream text;
  text << self.rdbuf();
  result.cpu_quota = CgroupCpuQuota("/sys/fs/cgroup", text.str());
  return result;
}

Result<CpuTopology> CpuTopologyFor(std::string_view synthetic) {
  if (synthetic.empty()) return DiscoverCpuTopology();
  return SyntheticCpuTopology(synthetic);
}

Result<CpuTopology> SyntheticCpuTopology(std::string_view description, std::string_view allowed_cpus) {
  hwloc_topology_t raw = nullptr;
  if (hwloc_topology_init(&raw) != 0) return MakeError(ErrorCode::kInternal, "hwloc_topology_init failed");
  TopologyPtr topology(raw);
  if (hwloc_topology_set_synthetic(topology.get(), std::string(description).c_str()) != 0 ||
      hwloc_topology_load(topology.get()) != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "bad synthetic topology '" + std::string(description) + "'");
  }
  BitmapPtr allowed(hwloc_bitmap_dup(hwloc_topology_get_complete_cpuset(topology.get())));
  if (!allowed_cpus.empty()) {
    auto cpus = ParseCpuList(allowed_cpus);
    if (!cpus.ok()) return cpus.error();
    hwloc_bitmap_zero(allowed.get());
    for (const int cpu : *cpus) hwloc_bitmap_set(allowed.get(), static_cast<unsigned>(cpu));
  }
  CpuTopology result = FromHwloc(topology.get(), allowed.get());
  if (result.nodes.empty()) return MakeError(ErrorCode::kInvalidArgument, "no CPU of the topology is allowed");
  return result;
}

}  // namespace onnxocr
