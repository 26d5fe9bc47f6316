#include "runtime/cpu_topology.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace onnxocr {
namespace {

TEST(SyntheticCpuTopologyTest, TwoPackagesTwoNodesEachEightCoresTwoThreads) {
  auto topology = SyntheticCpuTopology("pack:2 numa:2 core:8 pu:2");
  ASSERT_TRUE(topology.ok()) << topology.error().message;
  EXPECT_EQ(topology->packages, 2);
  ASSERT_EQ(topology->nodes.size(), 4u);
  EXPECT_EQ(topology->cores(), 32);
  EXPECT_EQ(topology->hardware_threads(), 64);
  for (std::size_t n = 0; n < 4; ++n) {
    const CpuNode& node = topology->nodes[n];
    EXPECT_EQ(node.numa_node, static_cast<int>(n));
    EXPECT_EQ(node.package, static_cast<int>(n / 2));
    ASSERT_EQ(node.cores.size(), 8u);
    for (const CpuCore& core : node.cores) EXPECT_EQ(core.pus.size(), 2u);
    EXPECT_EQ(node.cpus().front(), static_cast<int>(16 * n));
    EXPECT_EQ(node.cpus().back(), static_cast<int>(16 * n + 15));
  }
  EXPECT_EQ(topology->Describe(), "2 packages, 4 NUMA nodes, 32 cores, 64 hardware threads");
}

TEST(SyntheticCpuTopologyTest, ThreeCpuCpusetKeepsOnlyItsCoresAndSiblings) {
  // CPUs 0 and 1 are the two threads of core 0; CPU 2 is one thread of core 1.
  auto topology = SyntheticCpuTopology("pack:2 numa:2 core:8 pu:2", "0-2");
  ASSERT_TRUE(topology.ok()) << topology.error().message;
  ASSERT_EQ(topology->nodes.size(), 1u);
  const CpuNode& node = topology->nodes.front();
  EXPECT_EQ(node.numa_node, 0);
  ASSERT_EQ(node.cores.size(), 2u);
  EXPECT_EQ(node.cores[0].pus, (std::vector<int>{0, 1}));
  EXPECT_EQ(node.cores[1].pus, (std::vector<int>{2}));
  EXPECT_EQ(topology->cores(), 2);
  EXPECT_EQ(topology->hardware_threads(), 3);
}

TEST(SyntheticCpuTopologyTest, CpusetAcrossNodesKeepsBothNodes) {
  auto topology = SyntheticCpuTopology("pack:2 numa:2 core:8 pu:2", "14-17");
  ASSERT_TRUE(topology.ok());
  ASSERT_EQ(topology->nodes.size(), 2u);
  EXPECT_EQ(topology->nodes[0].cpus(), (std::vector<int>{14, 15}));
  EXPECT_EQ(topology->nodes[1].cpus(), (std::vector<int>{16, 17}));
}

TEST(SyntheticCpuTopologyTest, RejectsBadDescriptionsAndEmptyCpusets) {
  EXPECT_FALSE(SyntheticCpuTopology("not a topology").ok());
  EXPECT_FALSE(SyntheticCpuTopology("pack:1 core:2 pu:1", "7").ok());
}

TEST(DiscoverCpuTopologyTest, FindsTheCpusThisProcessMayUse) {
  auto topology = DiscoverCpuTopology();
  ASSERT_TRUE(topology.ok()) << topology.error().message;
  EXPECT_GE(topology->cores(), 1);
  EXPECT_GE(topology->hardware_threads(), topology->cores());
}

TEST(ParseCpuListTest, ParsesRangesAndSingles) {
  auto cpus = ParseCpuList("8,0-3,2");
  ASSERT_TRUE(cpus.ok());
  EXPECT_EQ(*cpus, (std::vector<int>{0, 1, 2, 3, 8}));
  for (const char* bad : {"", "a", "3-1", "1,,2", "-1", "1-", "99999"}) {
    EXPECT_FALSE(ParseCpuList(bad).ok()) << bad;
  }
}

class CgroupQuotaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("onnxocr-cgroup-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::filesystem::path& relative, const std::string& text) {
    std::filesystem::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  std::filesystem::path root_;
};

TEST_F(CgroupQuotaTest, V2ContainerRootQuota) {
  Write("cpu.max", "250000 100000\n");
  EXPECT_DOUBLE_EQ(CgroupCpuQuota(root_, "0::/\n").value(), 2.5);
}

TEST_F(CgroupQuotaTest, V2UnlimitedIsNullopt) {
  Write("cpu.max", "max 100000\n");
  EXPECT_FALSE(CgroupCpuQuota(root_, "0::/\n").has_value());
}

TEST_F(CgroupQuotaTest, V2TakesTheTightestAncestor) {
  Write("system.slice/cpu.max", "100000 100000\n");
  Write("system.slice/app.scope/cpu.max", "400000 100000\n");
  EXPECT_DOUBLE_EQ(CgroupCpuQuota(root_, "0::/system.slice/app.scope\n").value(), 1.0);
}

TEST_F(CgroupQuotaTest, V1CfsQuota) {
  Write("cpu/docker/abc/cpu.cfs_quota_us", "150000\n");
  Write("cpu/docker/abc/cpu.cfs_period_us", "100000\n");
  EXPECT_DOUBLE_EQ(CgroupCpuQuota(root_, "4:cpu,cpuacct:/docker/abc\n1:name=systemd:/x\n").value(), 1.5);
}

TEST_F(CgroupQuotaTest, NoFilesNoQuota) {
  EXPECT_FALSE(CgroupCpuQuota(root_, "0::/\n").has_value());
}

}  // namespace
}  // namespace onnxocr
