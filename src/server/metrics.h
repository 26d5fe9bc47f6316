// The server's Prometheus metrics (names fixed by docs/http-api.md), kept in a
// prometheus-cpp registry and rendered as text format 0.0.4. Thread-safe: the
// library's families lock to add a series, updates are atomic.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
template <typename T>
class Family;
class Registry;
}  // namespace prometheus

namespace onnxocr::server {

// Content-Type of RenderPrometheus()'s output.
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Route labels must be route templates ("/ocr", or "unmatched" for 404s),
// never raw request paths, to keep label cardinality bounded.
class ServerMetrics {
 public:
  // 0.005 s .. 60 s, for request and stage latencies.
  static std::span<const double> DefaultLatencyBuckets();

  explicit ServerMetrics(std::span<const double> latency_buckets = DefaultLatencyBuckets());
  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // onnxocr_http_requests_total{route,status} and onnxocr_http_request_duration_seconds{route}.
  void ObserveRequest(std::string_view route, int status, double seconds);
  // onnxocr_stage_duration_seconds{stage}, e.g. stage "det", "cls", "rec", "decode".
  void ObserveStage(std::string_view stage, double seconds);
  // onnxocr_queue_depth: requests waiting for a worker.
  void SetQueueDepth(std::size_t depth);
  // onnxocr_queue_wait_seconds: admission to the start of work.
  void ObserveQueueWait(double seconds);
  // onnxocr_node_queue_depth{node} and onnxocr_node_busy_workers{node}.
  void SetNodeLoad(int node, std::size_t queued, int busy);
  // onnxocr_node_workers{node} and onnxocr_node_cores{node}.
  void SetNodeCapacity(int node, int workers, int cores);
  // onnxocr_engine_info{engine,version,precision} 1: the inference engine in use.
  void SetEngineInfo(std::string_view engine, std::string_view version, std::string_view precision);
  // onnxocr_rejected_requests_total{reason}: "loading", "queue_full", "draining", "deadline".
  void CountRejected(std::string_view reason);
  // onnxocr_abandoned_requests_total{at}: requests dropped because their
  // client went away before the answer; at "queue" (never started) or
  // "work" (stopped between pages).
  void CountAbandoned(std::string_view at);
  // onnxocr_connections_cut_total{reason}: connections the server closed, e.g.
  // reason "read_timeout" (a request not delivered in time).
  void CountConnectionsCut(std::string_view reason, std::size_t count);

  // onnxocr_jobs{status}: asynchronous jobs in the store, by status.
  void SetJobCount(std::string_view status, int count);
  // onnxocr_job_pages_total: pages finished by jobs (rate() gives pages per second).
  void CountJobPage();
  // onnxocr_job_queue_age_seconds: how long the oldest queued job has waited (0 when none).
  void SetJobQueueAge(double seconds);

  // Holds onnxocr_inflight_requests up by one while alive. Movable so it can travel
  // with an asynchronous request; a moved-from guard does nothing.
  class InflightGuard {
   public:
    explicit InflightGuard(ServerMetrics& metrics);
    ~InflightGuard();
    InflightGuard(InflightGuard&& other) noexcept;
    InflightGuard& operator=(InflightGuard&& other) noexcept;
    InflightGuard(const InflightGuard&) = delete;
    InflightGuard& operator=(const InflightGuard&) = delete;

   private:
    prometheus::Gauge* inflight_;
  };

  // Requests admitted and not yet answered (what drain waits for).
  int inflight() const;

  std::string RenderPrometheus() const;

 private:
  std::vector<double> latency_buckets_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_duration_;
  prometheus::Family<prometheus::Histogram>& stage_duration_;
  prometheus::Family<prometheus::Counter>& rejected_;
  prometheus::Family<prometheus::Counter>& abandoned_;
  prometheus::Family<prometheus::Counter>& connections_cut_;
  prometheus::Family<prometheus::Gauge>& node_queue_depth_;
  prometheus::Family<prometheus::Gauge>& node_busy_workers_;
  prometheus::Family<prometheus::Gauge>& node_workers_;
  prometheus::Family<prometheus::Gauge>& node_cores_;
  prometheus::Family<prometheus::Gauge>& engine_info_;
  prometheus::Family<prometheus::Gauge>& jobs_;
  prometheus::Counter& job_pages_;
  prometheus::Gauge& job_queue_age_;
  prometheus::Gauge& queue_depth_;
  prometheus::Gauge& inflight_requests_;
  prometheus::Histogram& queue_wait_;
};

}  // namespace onnxocr::server
