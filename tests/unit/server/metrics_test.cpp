#include "server/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace onnxocr::server {
namespace {

TEST(ServerMetricsTest, ExportsTheDocumentedMetrics) {
  ServerMetrics metrics;
  metrics.ObserveRequest("/ocr", 200, 0.02);
  metrics.ObserveRequest("/ocr", 503, 0.001);
  metrics.ObserveStage("det", 0.2);
  metrics.SetQueueDepth(4);
  metrics.CountRejected("queue_full");
  const std::string text = metrics.RenderPrometheus();
  for (const char* line : {
           "# TYPE onnxocr_http_requests_total counter\n",
           "onnxocr_http_requests_total{route=\"/ocr\",status=\"200\"} 1\n",
           "onnxocr_http_requests_total{route=\"/ocr\",status=\"503\"} 1\n",
           "# TYPE onnxocr_http_request_duration_seconds histogram\n",
           "onnxocr_http_request_duration_seconds_bucket{route=\"/ocr\",le=\"0.005\"} 1\n",
           "onnxocr_http_request_duration_seconds_bucket{route=\"/ocr\",le=\"0.025\"} 2\n",
           "onnxocr_http_request_duration_seconds_bucket{route=\"/ocr\",le=\"60\"} 2\n",
           "onnxocr_http_request_duration_seconds_count{route=\"/ocr\"} 2\n",
           "onnxocr_stage_duration_seconds_bucket{stage=\"det\",le=\"0.25\"} 1\n",
           "onnxocr_stage_duration_seconds_count{stage=\"det\"} 1\n",
           "# TYPE onnxocr_queue_depth gauge\nonnxocr_queue_depth 4\n",
           "# TYPE onnxocr_inflight_requests gauge\nonnxocr_inflight_requests 0\n",
           "onnxocr_rejected_requests_total{reason=\"queue_full\"} 1\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

TEST(ServerMetricsTest, ExportsPerNodeSchedulingMetrics) {
  ServerMetrics metrics;
  metrics.SetNodeCapacity(1, 16, 16);
  metrics.SetNodeLoad(1, 3, 16);
  metrics.ObserveQueueWait(0.03);
  const std::string text = metrics.RenderPrometheus();
  for (const char* line : {
           "onnxocr_node_workers{node=\"1\"} 16\n",
           "onnxocr_node_cores{node=\"1\"} 16\n",
           "onnxocr_node_queue_depth{node=\"1\"} 3\n",
           "onnxocr_node_busy_workers{node=\"1\"} 16\n",
           "onnxocr_queue_wait_seconds_bucket{le=\"0.025\"} 0\n",
           "onnxocr_queue_wait_seconds_bucket{le=\"0.05\"} 1\n",
           "onnxocr_queue_wait_seconds_count 1\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

TEST(ServerMetricsTest, DefaultLatencyBucketsSpan5msTo60s) {
  const auto buckets = ServerMetrics::DefaultLatencyBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_EQ(buckets.front(), 0.005);
  EXPECT_EQ(buckets.back(), 60.0);
  EXPECT_TRUE(std::is_sorted(buckets.begin(), buckets.end()));
}

TEST(ServerMetricsTest, InflightGuardCountsWhileAlive) {
  ServerMetrics metrics;
  {
    ServerMetrics::InflightGuard first(metrics);
    ServerMetrics::InflightGuard second(metrics);
    EXPECT_EQ(metrics.inflight(), 2);
    ServerMetrics::InflightGuard moved(std::move(second));
    EXPECT_EQ(metrics.inflight(), 2);
    first = std::move(moved);  // releases first's count, takes moved's
    EXPECT_EQ(metrics.inflight(), 1);
  }
  EXPECT_EQ(metrics.inflight(), 0);
}

TEST(ServerMetricsTest, RefusalsAndAbandonsAreExportedAtZeroFromTheStart) {
  const std::string text = ServerMetrics().RenderPrometheus();
  for (const char* line : {
           "onnxocr_rejected_requests_total{reason=\"loading\"} 0\n",
           "onnxocr_rejected_requests_total{reason=\"queue_full\"} 0\n",
           "onnxocr_rejected_requests_total{reason=\"draining\"} 0\n",
           "onnxocr_rejected_requests_total{reason=\"deadline\"} 0\n",
           "onnxocr_abandoned_requests_total{at=\"queue\"} 0\n",
           "onnxocr_abandoned_requests_total{at=\"work\"} 0\n",
           "onnxocr_connections_cut_total{reason=\"read_timeout\"} 0\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

TEST(ServerMetricsTest, ConcurrentObservationsSumExactly) {
  ServerMetrics metrics;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < kPerThread; ++i) {
        metrics.ObserveRequest("/ocr", 200, 0.02);  // each thread also races on creating the series
        metrics.CountAbandoned("work");
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string total = std::to_string(kThreads * kPerThread);
  const std::string text = metrics.RenderPrometheus();
  for (const std::string& line : {
           "onnxocr_http_requests_total{route=\"/ocr\",status=\"200\"} " + total + "\n",
           "onnxocr_http_request_duration_seconds_count{route=\"/ocr\"} " + total + "\n",
           "onnxocr_abandoned_requests_total{at=\"work\"} " + total + "\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

}  // namespace
}  // namespace onnxocr::server
