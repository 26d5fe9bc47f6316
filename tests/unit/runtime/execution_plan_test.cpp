#include "runtime/execution_plan.h"

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

CpuTopology BigServer() {
  auto topology = SyntheticCpuTopology("pack:2 numa:2 core:8 pu:2");  // 4 nodes x 8 cores x 2 threads
  EXPECT_TRUE(topology.ok());
  return *topology;
}

TEST(PlanExecutionTest, DefaultIsOnePoolPerNodeOneWorkerPerPhysicalCore) {
  auto plan = PlanExecution(BigServer(), PlanRequest{});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->nodes.size(), 4u);
  for (std::size_t n = 0; n < 4; ++n) {
    const NodePlan& node = plan->nodes[n];
    EXPECT_EQ(node.numa_node, static_cast<int>(n));
    EXPECT_EQ(node.cores, 8);  // SMT siblings are not cores
    EXPECT_EQ(node.workers, 8);
    EXPECT_EQ(node.threads_per_worker, 1);
    EXPECT_EQ(node.cpus.size(), 16u);  // pinned to the node's hardware threads
    EXPECT_EQ(node.cpus.front(), static_cast<int>(16 * n));
  }
  EXPECT_EQ(plan->workers(), 32);
  EXPECT_EQ(plan->cores(), 32);
  EXPECT_TRUE(plan->adaptive);
  EXPECT_FALSE(plan->allow_spinning);  // lending shares cores
}

TEST(PlanExecutionTest, NumaOffMakesOnePool) {
  PlanRequest request;
  request.numa = false;
  auto plan = PlanExecution(BigServer(), request);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->nodes.size(), 1u);
  EXPECT_EQ(plan->nodes[0].cores, 32);
  EXPECT_EQ(plan->nodes[0].workers, 32);
  EXPECT_EQ(plan->nodes[0].cpus.size(), 64u);
}

TEST(PlanExecutionTest, ThreadsPerWorkerDividesTheCores) {
  PlanRequest request;
  request.threads_per_worker = 4;
  request.adaptive = false;
  auto plan = PlanExecution(BigServer(), request);
  ASSERT_TRUE(plan.ok());
  for (const NodePlan& node : plan->nodes) {
    EXPECT_EQ(node.workers, 2);
    EXPECT_EQ(node.threads_per_worker, 4);
  }
  EXPECT_TRUE(plan->allow_spinning);  // each worker has its own cores and nothing is lent
}

TEST(PlanExecutionTest, ExplicitWorkersAreSpreadOverNodes) {
  PlanRequest request;
  request.workers = 6;
  auto plan = PlanExecution(BigServer(), request);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->nodes.size(), 4u);
  EXPECT_EQ(plan->nodes[0].workers, 2);
  EXPECT_EQ(plan->nodes[1].workers, 2);
  EXPECT_EQ(plan->nodes[2].workers, 1);
  EXPECT_EQ(plan->nodes[3].workers, 1);
  EXPECT_EQ(plan->workers(), 6);
  EXPECT_EQ(plan->cores(), 32);  // the budget stays the cores
}

TEST(PlanExecutionTest, MoreWorkersThanCoresNeverSpin) {
  PlanRequest request;
  request.workers = 64;
  request.adaptive = false;
  auto plan = PlanExecution(BigServer(), request);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->workers(), 64);
  EXPECT_EQ(plan->nodes[0].cores, 8);
  EXPECT_FALSE(plan->allow_spinning);
}

TEST(PlanExecutionTest, ThreeCpuCpusetGivesTwoCores) {
  auto topology = SyntheticCpuTopology("pack:2 numa:2 core:8 pu:2", "0-2");
  ASSERT_TRUE(topology.ok());
  auto plan = PlanExecution(*topology, PlanRequest{});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->nodes.size(), 1u);
  EXPECT_EQ(plan->nodes[0].cores, 2);
  EXPECT_EQ(plan->nodes[0].workers, 2);
  EXPECT_EQ(plan->nodes[0].cpus, (std::vector<int>{0, 1, 2}));
}

TEST(PlanExecutionTest, CgroupQuotaCapsTheCores) {
  CpuTopology topology = BigServer();
  topology.cpu_quota = 2.5;  // docker --cpus=2.5
  auto plan = PlanExecution(topology, PlanRequest{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->cores(), 2);
  EXPECT_EQ(plan->workers(), 2);
  topology.cpu_quota = 0.5;
  plan = PlanExecution(topology, PlanRequest{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->cores(), 1);
  EXPECT_EQ(plan->workers(), 1);
}

TEST(PlanExecutionTest, CpuListSelectsCpusAndRejectsForeignOnes) {
  PlanRequest request;
  request.cpus = {16, 17, 18, 19};  // two cores of node 1
  auto plan = PlanExecution(BigServer(), request);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->nodes.size(), 1u);
  EXPECT_EQ(plan->nodes[0].numa_node, 1);
  EXPECT_EQ(plan->nodes[0].cores, 2);

  request.cpus = {200};
  auto bad = PlanExecution(BigServer(), request);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("allowed: 0-63"), std::string::npos) << bad.error().message;
}

TEST(PlanExecutionTest, ThreadsPerWorkerAreCappedByTheNode) {
  PlanRequest request;
  request.threads_per_worker = 32;
  auto plan = PlanExecution(BigServer(), request);
  ASSERT_TRUE(plan.ok());
  for (const NodePlan& node : plan->nodes) {
    EXPECT_EQ(node.threads_per_worker, 8);
    EXPECT_EQ(node.workers, 1);
  }
}

TEST(PlanExecutionTest, DescribeNamesEveryPool) {
  auto topology = SyntheticCpuTopology("pack:1 numa:1 core:2 pu:1");
  ASSERT_TRUE(topology.ok());
  auto plan = PlanExecution(*topology, PlanRequest{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->Describe(),
            "1 pool: node 0 (cpus 0-1, 2 cores, 2 workers x 1 thread); adaptive on, spinning off, warm-up on");
}

TEST(FormatCpuListTest, CompressesRuns) {
  EXPECT_EQ(FormatCpuList({0, 1, 2, 3, 8, 10, 11}), "0-3,8,10-11");
  EXPECT_EQ(FormatCpuList({}), "");
}

}  // namespace
}  // namespace onnxocr
