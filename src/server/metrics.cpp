#include "server/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <utility>

namespace onnxocr::server {
namespace {

constexpr double kQueueWaitBuckets[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
constexpr double kDefaultLatencyBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

prometheus::Family<prometheus::Counter>& CounterFamily(prometheus::Registry& registry, const char* name,
                                                        const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Gauge>& GaugeFamily(prometheus::Registry& registry, const char* name,
                                                    const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

prometheus::Family<prometheus::Histogram>& HistogramFamily(prometheus::Registry& registry, const char* name,
                                                            const char* help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(registry);
}

std::string Text(std::string_view value) {
  return std::string(value);
}

}  // namespace

std::span<const double> ServerMetrics::DefaultLatencyBuckets() {
  return kDefaultLatencyBuckets;
}

ServerMetrics::ServerMetrics(std::span<const double> latency_buckets)
    : latency_buckets_(latency_buckets.begin(), latency_buckets.end()),
      registry_(std::make_shared<prometheus::Registry>()),
      requests_(CounterFamily(*registry_, "onnxocr_http_requests_total", "HTTP requests by route and status code.")),
      request_duration_(HistogramFamily(*registry_, "onnxocr_http_request_duration_seconds",
                                        "HTTP request latency in seconds, from arrival to response.")),
      stage_duration_(HistogramFamily(*registry_, "onnxocr_stage_duration_seconds",
                                      "Time spent in one pipeline stage, in seconds.")),
      rejected_(CounterFamily(*registry_, "onnxocr_rejected_requests_total",
                              "Requests refused before inference, by reason.")),
      abandoned_(CounterFamily(*registry_, "onnxocr_abandoned_requests_total",
                               "Requests dropped because their client went away before the answer, by where.")),
      connections_cut_(
          CounterFamily(*registry_, "onnxocr_connections_cut_total", "Connections the server closed, by reason.")),
      node_queue_depth_(
          GaugeFamily(*registry_, "onnxocr_node_queue_depth", "Requests waiting in one NUMA node's queue.")),
      node_busy_workers_(
          GaugeFamily(*registry_, "onnxocr_node_busy_workers", "Workers of one NUMA node running a request.")),
      node_workers_(GaugeFamily(*registry_, "onnxocr_node_workers", "Request workers of one NUMA node.")),
      node_cores_(
          GaugeFamily(*registry_, "onnxocr_node_cores", "Cores (inference threads at once) of one NUMA node.")),
      engine_info_(
          GaugeFamily(*registry_, "onnxocr_engine_info", "The inference engine every model runs on (always 1).")),
      jobs_(GaugeFamily(*registry_, "onnxocr_jobs", "Asynchronous jobs in the job store, by status.")),
      job_pages_(CounterFamily(*registry_, "onnxocr_job_pages_total", "Pages finished by asynchronous jobs.").Add({})),
      job_queue_age_(GaugeFamily(*registry_, "onnxocr_job_queue_age_seconds",
                                 "How long the oldest queued job has waited, in seconds (0 when none).")
                         .Add({})),
      queue_depth_(
          GaugeFamily(*registry_, "onnxocr_queue_depth", "Requests waiting for an inference worker.").Add({})),
      inflight_requests_(
          GaugeFamily(*registry_, "onnxocr_inflight_requests", "Requests being handled, queued or running.").Add({})),
      queue_wait_(HistogramFamily(*registry_, "onnxocr_queue_wait_seconds",
                                  "Time requests waited in a node queue before a worker took them, in seconds.")
                      .Add({}, prometheus::Histogram::BucketBoundaries(std::begin(kQueueWaitBuckets),
                                                                       std::end(kQueueWaitBuckets)))) {
  // Export the refusal series at zero from the start, so dashboards and alerts see them.
  for (const char* reason : {"loading", "queue_full", "draining", "deadline"}) rejected_.Add({{"reason", reason}});
  for (const char* at : {"queue", "work"}) abandoned_.Add({{"at", at}});
  connections_cut_.Add({{"reason", "read_timeout"}});
}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::ObserveRequest(std::string_view route, int status, double seconds) {
  requests_.Add({{"route", Text(route)}, {"status", std::to_string(status)}}).Increment();
  request_duration_.Add({{"route", Text(route)}}, latency_buckets_).Observe(seconds);
}

void ServerMetrics::ObserveStage(std::string_view stage, double seconds) {
  stage_duration_.Add({{"stage", Text(stage)}}, latency_buckets_).Observe(seconds);
}

void ServerMetrics::SetQueueDepth(std::size_t depth) {
  queue_depth_.Set(static_cast<double>(depth));
}

void ServerMetrics::ObserveQueueWait(double seconds) {
  queue_wait_.Observe(seconds);
}

void ServerMetrics::SetNodeLoad(int node, std::size_t queued, int busy) {
  const prometheus::Labels labels{{"node", std::to_string(node)}};
  node_queue_depth_.Add(labels).Set(static_cast<double>(queued));
  node_busy_workers_.Add(labels).Set(busy);
}

void ServerMetrics::SetNodeCapacity(int node, int workers, int cores) {
  const prometheus::Labels labels{{"node", std::to_string(node)}};
  node_workers_.Add(labels).Set(workers);
  node_cores_.Add(labels).Set(cores);
}

void ServerMetrics::SetEngineInfo(std::string_view engine, std::string_view version, std::string_view precision) {
  engine_info_.Add({{"engine", Text(engine)}, {"version", Text(version)}, {"precision", Text(precision)}}).Set(1);
}

void ServerMetrics::CountRejected(std::string_view reason) {
  rejected_.Add({{"reason", Text(reason)}}).Increment();
}

void ServerMetrics::CountAbandoned(std::string_view at) {
  abandoned_.Add({{"at", Text(at)}}).Increment();
}

void ServerMetrics::CountConnectionsCut(std::string_view reason, std::size_t count) {
  connections_cut_.Add({{"reason", Text(reason)}}).Increment(static_cast<double>(count));
}

void ServerMetrics::SetJobCount(std::string_view status, int count) {
  jobs_.Add({{"status", Text(status)}}).Set(count);
}

void ServerMetrics::CountJobPage() {
  job_pages_.Increment();
}

void ServerMetrics::SetJobQueueAge(double seconds) {
  job_queue_age_.Set(seconds);
}

int ServerMetrics::inflight() const {
  return static_cast<int>(inflight_requests_.Value());
}

std::string ServerMetrics::RenderPrometheus() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

ServerMetrics::InflightGuard::InflightGuard(ServerMetrics& metrics) : inflight_(&metrics.inflight_requests_) {
  inflight_->Increment();
}

ServerMetrics::InflightGuard::~InflightGuard() {
  if (inflight_ != nullptr) inflight_->Decrement();
}

ServerMetrics::InflightGuard::InflightGuard(InflightGuard&& other) noexcept
    : inflight_(std::exchange(other.inflight_, nullptr)) {}

ServerMetrics::InflightGuard& ServerMetrics::InflightGuard::operator=(InflightGuard&& other) noexcept {
  if (this != &other) {
    if (inflight_ != nullptr) inflight_->Decrement();
    inflight_ = std::exchange(other.inflight_, nullptr);
  }
  return *this;
}

}  // namespace onnxocr::server
