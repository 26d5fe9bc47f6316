#include "server/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <thread>
#include <vector>

namespace onnxocr::server {
namespace {

TEST(MetricsRegistryTest, RendersExactTextFormat) {
  MetricsRegistry registry;
  registry.counter("requests_total", "Requests.", {{"route", "/ocr"}, {"status", "200"}}).Increment(2);
  registry.counter("requests_total", "ignored", {{"status", "404"}, {"route", "unmatched"}}).Increment();
  registry.gauge("queue_depth", "Waiting requests.").Set(3);
  const double bounds[] = {0.5, 0.1};  // sorted on registration
  Histogram& latency = registry.histogram("latency_seconds", "Latency.", bounds, {{"route", "/ocr"}});
  latency.Observe(0.05);
  latency.Observe(0.3);
  latency.Observe(2);

  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/ocr\",le=\"0.1\"} 1\n"
            "latency_seconds_bucket{route=\"/ocr\",le=\"0.5\"} 2\n"
            "latency_seconds_bucket{route=\"/ocr\",le=\"+Inf\"} 3\n"
            "latency_seconds_sum{route=\"/ocr\"} 2.35\n"
            "latency_seconds_count{route=\"/ocr\"} 3\n"
            "# HELP queue_depth Waiting requests.\n"
            "# TYPE queue_depth gauge\n"
            "queue_depth 3\n"
            "# HELP requests_total Requests.\n"
            "# TYPE requests_total counter\n"
            "requests_total{route=\"/ocr\",status=\"200\"} 2\n"
            "requests_total{route=\"unmatched\",status=\"404\"} 1\n");
}

TEST(MetricsRegistryTest, SameLabelsInAnyOrderAreOneSeries) {
  MetricsRegistry registry;
  Counter& first = registry.counter("c_total", "C.", {{"a", "1"}, {"b", "2"}});
  Counter& second = registry.counter("c_total", "C.", {{"b", "2"}, {"a", "1"}});
  EXPECT_EQ(&first, &second);
}

TEST(MetricsRegistryTest, ConcurrentIncrementsSumExactly) {
  MetricsRegistry registry;
  constexpr int kThreads = 8;
  constexpr int kIncrementsPerThread = 100000;
  const double bounds[] = {1.0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&registry, &bounds] {
      // Each thread also registers the series itself, racing on creation.
      Counter& counter = registry.counter("hits_total", "Hits.", {{"kind", "a"}});
      Gauge& gauge = registry.gauge("level", "Level.");
      Histogram& histogram = registry.histogram("sizes", "Sizes.", bounds);
      for (int i = 0; i < kIncrementsPerThread; ++i) {
        counter.Increment();
        gauge.Increment(2);
        gauge.Decrement();
        histogram.Observe(0.5);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  constexpr double kTotal = double{kThreads} * kIncrementsPerThread;
  EXPECT_EQ(registry.counter("hits_total", "Hits.", {{"kind", "a"}}).Value(), kTotal);
  EXPECT_EQ(registry.gauge("level", "Level.").Value(), kTotal);
  const Histogram::Snapshot snapshot = registry.histogram("sizes", "Sizes.", bounds).TakeSnapshot();
  EXPECT_EQ(snapshot.count, static_cast<std::uint64_t>(kTotal));
  EXPECT_EQ(snapshot.cumulative.front(), static_cast<std::uint64_t>(kTotal));
  EXPECT_EQ(snapshot.sum, kTotal * 0.5);
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  registry.counter("escaped_total", "Back\\slash and\nnewline \"quoted\".", {{"path", "a\\b\"c\nd"}}).Increment();
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP escaped_total Back\\\\slash and\\nnewline \"quoted\".\n"
            "# TYPE escaped_total counter\n"
            "escaped_total{path=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(MetricsRegistryTest, HistogramUpperBoundsAreInclusive) {
  const double bounds[] = {0.1, 1.0, 1.0, std::numeric_limits<double>::infinity()};  // duplicate and +Inf dropped
  Histogram histogram(bounds);
  for (const double value : {0.1, 0.1000001, 1.0, 1.0000001, -5.0}) histogram.Observe(value);
  histogram.Observe(std::numeric_limits<double>::quiet_NaN());  // ignored

  const Histogram::Snapshot snapshot = histogram.TakeSnapshot();
  EXPECT_EQ(snapshot.upper_bounds, (std::vector<double>{0.1, 1.0}));
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{2, 4, 5}));  // le=0.1, le=1, le=+Inf
  EXPECT_EQ(snapshot.count, 5u);
}

TEST(MetricsRegistryTest, HistogramWithoutLabelsRendersLeOnly) {
  MetricsRegistry registry;
  const double bounds[] = {1};
  registry.histogram("h", "H.", bounds).Observe(1);
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP h H.\n"
            "# TYPE h histogram\n"
            "h_bucket{le=\"1\"} 1\n"
            "h_bucket{le=\"+Inf\"} 1\n"
            "h_sum 1\n"
            "h_count 1\n");
}

TEST(MetricsRegistryTest, CountersIgnoreNegativeAndNanIncrements) {
  Counter counter;
  counter.Increment(1.5);
  counter.Increment(-1);
  counter.Increment(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(counter.Value(), 1.5);
}

TEST(MetricsRegistryTest, MisuseReturnsAnUnexportedMetric) {
  MetricsRegistry registry;
  registry.counter("ok_total", "Ok.", {{"a", "1"}}).Increment();
  registry.gauge("ok_total", "Wrong type.").Set(7);                             // type clash
  registry.counter("ok_total", "Ok.", {{"b", "1"}}).Increment();                // other label names
  registry.counter("bad name", "Invalid name.").Increment();                    // invalid metric name
  registry.counter("dup_total", "Dup.", {{"a", "1"}, {"a", "2"}}).Increment();  // repeated label
  registry.counter("reserved_total", "Reserved.", {{"__x", "1"}}).Increment();  // reserved label
  const double bounds[] = {1};
  registry.histogram("h", "H.", bounds, {{"le", "1"}}).Observe(1);  // `le` is reserved
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP ok_total Ok.\n"
            "# TYPE ok_total counter\n"
            "ok_total{a=\"1\"} 1\n");
}

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
  Gauge& inflight = metrics.registry().gauge("onnxocr_inflight_requests", "");
  {
    ServerMetrics::InflightGuard first(metrics);
    ServerMetrics::InflightGuard second(metrics);
    EXPECT_EQ(inflight.Value(), 2);
    ServerMetrics::InflightGuard moved(std::move(second));
    EXPECT_EQ(inflight.Value(), 2);
    first = std::move(moved);  // releases first's count, takes moved's
    EXPECT_EQ(inflight.Value(), 1);
  }
  EXPECT_EQ(inflight.Value(), 0);
}

}  // namespace
}  // namespace onnxocr::server
