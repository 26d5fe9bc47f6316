// Prometheus metrics without an external library: a registry of counter, gauge and
// histogram families rendered as text format 0.0.4, plus ServerMetrics, the server's own
// metric set (docs/http-api.md). Thread-safe: registration takes a mutex, updates are atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onnxocr::server {

// Content-Type of RenderPrometheus()'s output.
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Label name/value pairs of one series, e.g. {{"route", "/ocr"}, {"status", "200"}}.
// Order does not matter: a series is identified by its labels sorted by name.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing value. Increment is lock-free.
class Counter {
 public:
  // Adds `amount`; negative or NaN amounts are ignored (counters never go down).
  void Increment(double amount = 1.0);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// A value that goes up and down. All operations are lock-free.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Increment(double amount = 1.0) { value_.fetch_add(amount, std::memory_order_relaxed); }
  void Decrement(double amount = 1.0) { value_.fetch_sub(amount, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Observations counted into buckets with inclusive upper bounds (`le`), plus their sum.
// Observe is lock-free; a concurrent Snapshot may miss an in-flight observation's sum.
class Histogram {
 public:
  struct Snapshot {
    std::vector<double> upper_bounds;       // finite, ascending; +Inf is implied
    std::vector<std::uint64_t> cumulative;  // one per upper bound, then the +Inf bucket
    double sum = 0.0;
    std::uint64_t count = 0;  // equals cumulative.back()
  };

  // `upper_bounds` are sorted and deduplicated; NaN and infinite bounds are dropped.
  explicit Histogram(std::span<const double> upper_bounds);

  // Counts `value` into the first bucket whose bound is >= value; NaN is ignored.
  void Observe(double value);
  Snapshot TakeSnapshot() const;

 private:
  std::vector<double> upper_bounds_;
  std::vector<std::atomic<std::uint64_t>> bucket_counts_;  // per bucket, not cumulative; last is +Inf
  std::atomic<double> sum_{0.0};
};

// Owns metric families keyed by name, each holding series keyed by label values.
// The counter/gauge/histogram accessors get or create a series and return a reference
// that stays valid for the registry's lifetime; cache it on hot paths.
// Misuse (an invalid metric or label name, duplicate label names, `le` on a histogram,
// or reusing a name with another metric type) cannot fail loudly here: the call returns
// a working metric that is not exported, so the mistake shows up as a missing series.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // `help` is taken from the family's first registration.
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  // `upper_bounds` are taken from the family's first registration; later calls share them.
  Histogram& histogram(std::string_view name, std::string_view help, std::span<const double> upper_bounds,
                       const Labels& labels = {});

  // Text exposition format 0.0.4: families sorted by name, series by label values.
  std::string RenderPrometheus() const;

 private:
  struct Family;

  template <class Metric>
  Metric& GetOrCreate(std::string_view name, std::string_view help, const Labels& labels,
                      std::span<const double> upper_bounds, Metric& unexported);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
  Counter unexported_counter_;
  Gauge unexported_gauge_;
  Histogram unexported_histogram_{std::span<const double>{}};
};

// The server's metrics (names fixed by docs/http-api.md), over an owned registry.
// All methods are thread-safe. Route labels must be route templates ("/ocr", or
// "unmatched" for 404s), never raw request paths, to keep label cardinality bounded.
class ServerMetrics {
 public:
  // 0.005 s .. 60 s, for request and stage latencies.
  static std::span<const double> DefaultLatencyBuckets();

  explicit ServerMetrics(std::span<const double> latency_buckets = DefaultLatencyBuckets());

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
  // onnxocr_rejected_requests_total{reason}, e.g. reason "queue_full", "draining".
  void CountRejected(std::string_view reason);
  // onnxocr_abandoned_requests_total{at}: requests dropped because their
  // client went away before the answer; at "queue" (never started) or
  // "work" (stopped between pages).
  void CountAbandoned(std::string_view at);
  // onnxocr_connections_cut_total{reason}: connections the server closed, e.g.
  // reason "read_timeout" (a request not delivered in time).
  void CountConnectionsCut(std::string_view reason, std::size_t count);

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
    Gauge* inflight_;
  };

  // Requests admitted and not yet answered (what drain waits for).
  int inflight() const { return static_cast<int>(inflight_requests_.Value()); }

  std::string RenderPrometheus() const { return registry_.RenderPrometheus(); }
  MetricsRegistry& registry() { return registry_; }

 private:
  std::vector<double> latency_buckets_;
  MetricsRegistry registry_;
  Gauge& queue_depth_;
  Gauge& inflight_requests_;
};

}  // namespace onnxocr::server
