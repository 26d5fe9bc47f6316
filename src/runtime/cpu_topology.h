// The CPUs this process may use, grouped as NUMA nodes → physical cores →
// hardware threads (hwloc), plus the cgroup CPU quota. Plain values: built
// once at startup, then read-only.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onnxocr {

struct CpuCore {
  std::vector<int> pus;  // OS indexes of its allowed hardware threads (SMT siblings)
};

struct CpuNode {
  int numa_node = 0;           // OS index of the NUMA node
  int package = 0;             // logical index of its package (socket)
  std::vector<CpuCore> cores;  // cores with at least one allowed hardware thread

  std::vector<int> cpus() const;  // every allowed hardware thread, ascending
};

struct CpuTopology {
  int packages = 0;
  std::vector<CpuNode> nodes;       // NUMA nodes with at least one allowed core
  std::optional<double> cpu_quota;  // cgroup CPU bandwidth limit in cores, when one is set

  int cores() const;
  int hardware_threads() const;
  // "2 packages, 4 NUMA nodes, 32 cores, 64 hardware threads, quota 8.0 CPUs"
  std::string Describe() const;
};

// This machine as this process sees it: hwloc's topology limited to the
// cgroup cpuset and the process's CPU affinity (taskset), plus the cgroup
// quota (Docker --cpus).
Result<CpuTopology> DiscoverCpuTopology();

// An hwloc synthetic topology such as "pack:2 numa:2 core:8 pu:2", limited
// to `allowed_cpus` (a CPU list such as "0-2,5"; empty: all). For tests.
Result<CpuTopology> SyntheticCpuTopology(std::string_view description, std::string_view allowed_cpus = "");

// DiscoverCpuTopology(), or SyntheticCpuTopology(synthetic) when `synthetic`
// is not empty (serve --cpu-topology: a NUMA layout tried on a small machine;
// its CPU numbers are this machine's).
Result<CpuTopology> CpuTopologyFor(std::string_view synthetic);

// Parses a Linux CPU list ("0-3,8,10-11") into ascending, unique indexes.
Result<std::vector<int>> ParseCpuList(std::string_view list);

// The CPU quota (cores) of the cgroup named in `proc_self_cgroup` (the text of
// /proc/self/cgroup) under `cgroup_root`, the tightest of it and its
// ancestors; cgroup v2 cpu.max or v1 cpu.cfs_quota_us. nullopt when unlimited.
std::optional<double> CgroupCpuQuota(const std::filesystem::path& cgroup_root, std::string_view proc_self_cgroup);

}  // namespace onnxocr
