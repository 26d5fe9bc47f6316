#include "server/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <tuple>
#include <type_traits>

namespace onnxocr::server {
namespace {

enum class MetricType { kCounter, kGauge, kHistogram };

template <class Metric>
constexpr MetricType TypeOf() {
  static_assert(std::is_same_v<Metric, Counter> || std::is_same_v<Metric, Gauge> || std::is_same_v<Metric, Histogram>);
  if constexpr (std::is_same_v<Metric, Counter>) {
    return MetricType::kCounter;
  } else if constexpr (std::is_same_v<Metric, Gauge>) {
    return MetricType::kGauge;
  } else {
    return MetricType::kHistogram;
  }
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter: return "counter";
    case MetricType::kGauge: return "gauge";
    case MetricType::kHistogram: return "histogram";
  }
  return "untyped";
}

bool IsAsciiLetterOrUnderscore(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool IsValidMetricName(std::string_view name) {
  if (name.empty() || IsAsciiDigit(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsAsciiLetterOrUnderscore(c) || IsAsciiDigit(c) || c == ':'; });
}

// [a-zA-Z_][a-zA-Z0-9_]*, not starting with the reserved "__".
bool IsValidLabelName(std::string_view name) {
  if (name.empty() || IsAsciiDigit(name.front()) || name.starts_with("__")) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return IsAsciiLetterOrUnderscore(c) || IsAsciiDigit(c); });
}

// The labels sorted by name, or nullopt if a name is invalid, repeated, or reserved.
std::optional<Labels> CanonicalLabels(const Labels& labels, MetricType type) {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const std::string& name = sorted[i].first;
    if (!IsValidLabelName(name)) return std::nullopt;
    if (i > 0 && sorted[i - 1].first == name) return std::nullopt;
    if (type == MetricType::kHistogram && name == "le") return std::nullopt;
  }
  return sorted;
}

std::vector<std::string> LabelNames(const Labels& labels) {
  std::vector<std::string> names;
  names.reserve(labels.size());
  for (const auto& [name, value] : labels) names.push_back(name);
  return names;
}

std::vector<double> SortedFiniteBounds(std::span<const double> upper_bounds) {
  std::vector<double> bounds;
  for (const double bound : upper_bounds) {
    if (std::isfinite(bound)) bounds.push_back(bound);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

// Prometheus float syntax: shortest round-trip decimal, or +Inf / -Inf / NaN.
void AppendValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, ec == std::errc() ? end : buffer);
  }
}

void AppendValue(std::string& out, std::uint64_t value) {
  out += std::to_string(value);
}

// Label values escape backslash, double quote and newline.
void AppendEscapedLabelValue(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

// HELP text escapes backslash and newline.
void AppendEscapedHelp(std::string& out, std::string_view help) {
  for (const char c : help) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

// name{a="x",b="y"[,le="bound"]} value
template <class Value>
void AppendSample(std::string& out, std::string_view name, std::string_view suffix, const Labels& labels,
                  std::string_view le, Value value) {
  out.append(name).append(suffix);
  if (!labels.empty() || !le.empty()) {
    out += '{';
    bool first = true;
    const auto append_label = [&](std::string_view label_name, std::string_view label_value) {
      if (!first) out += ',';
      first = false;
      out.append(label_name).append("=\"");
      AppendEscapedLabelValue(out, label_value);
      out += '"';
    };
    for (const auto& [label_name, label_value] : labels) append_label(label_name, label_value);
    if (!le.empty()) append_label("le", le);
    out += '}';
  }
  out += ' ';
  AppendValue(out, value);
  out += '\n';
}

void AppendHistogramSamples(std::string& out, std::string_view name, const Labels& labels,
                            const Histogram::Snapshot& snapshot) {
  std::string le;
  for (std::size_t i = 0; i < snapshot.upper_bounds.size(); ++i) {
    le.clear();
    AppendValue(le, snapshot.upper_bounds[i]);
    AppendSample(out, name, "_bucket", labels, le, snapshot.cumulative[i]);
  }
  AppendSample(out, name, "_bucket", labels, "+Inf", snapshot.cumulative.back());
  AppendSample(out, name, "_sum", labels, {}, snapshot.sum);
  AppendSample(out, name, "_count", labels, {}, snapshot.count);
}

template <class Metric>
using SeriesMap = std::map<Labels, std::unique_ptr<Metric>>;

}  // namespace

void Counter::Increment(double amount) {
  if (amount >= 0.0) value_.fetch_add(amount, std::memory_order_relaxed);
}

Histogram::Histogram(std::span<const double> upper_bounds)
    : upper_bounds_(SortedFiniteBounds(upper_bounds)), bucket_counts_(upper_bounds_.size() + 1) {}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const auto bucket = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) - upper_bounds_.begin();
  bucket_counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::TakeSnapshot() const {
  Snapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  snapshot.cumulative.reserve(bucket_counts_.size());
  for (const auto& bucket_count : bucket_counts_) {
    snapshot.count += bucket_count.load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(snapshot.count);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

struct MetricsRegistry::Family {
  MetricType type;
  std::string help;
  std::vector<std::string> label_names;  // of the first series; every series must match
  std::vector<double> upper_bounds;      // histograms only
  std::tuple<SeriesMap<Counter>, SeriesMap<Gauge>, SeriesMap<Histogram>> series;
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

template <class Metric>
Metric& MetricsRegistry::GetOrCreate(std::string_view name, std::string_view help, const Labels& labels,
                                     std::span<const double> upper_bounds, Metric& unexported) {
  constexpr MetricType kType = TypeOf<Metric>();
  std::optional<Labels> canonical = CanonicalLabels(labels, kType);
  if (!IsValidMetricName(name) || !canonical) return unexported;

  const std::lock_guard lock(mutex_);
  auto family_it = families_.find(name);
  if (family_it == families_.end()) {
    auto family = std::make_unique<Family>(
        Family{kType, std::string(help), LabelNames(*canonical), SortedFiniteBounds(upper_bounds), {}});
    family_it = families_.emplace(std::string(name), std::move(family)).first;
  }
  Family& family = *family_it->second;
  if (family.type != kType || family.label_names != LabelNames(*canonical)) return unexported;

  auto& series = std::get<SeriesMap<Metric>>(family.series);
  auto series_it = series.find(*canonical);
  if (series_it == series.end()) {
    std::unique_ptr<Metric> metric;
    if constexpr (kType == MetricType::kHistogram) {
      metric = std::make_unique<Histogram>(family.upper_bounds);
    } else {
      metric = std::make_unique<Metric>();
    }
    series_it = series.emplace(std::move(*canonical), std::move(metric)).first;
  }
  return *series_it->second;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  return GetOrCreate<Counter>(name, help, labels, {}, unexported_counter_);
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return GetOrCreate<Gauge>(name, help, labels, {}, unexported_gauge_);
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::span<const double> upper_bounds, const Labels& labels) {
  return GetOrCreate<Histogram>(name, help, labels, upper_bounds, unexported_histogram_);
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::string out;
  const std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) {
    out.append("# HELP ").append(name).append(" ");
    AppendEscapedHelp(out, family->help);
    out.append("\n# TYPE ").append(name).append(" ").append(TypeName(family->type)).append("\n");
    for (const auto& [labels, metric] : std::get<SeriesMap<Counter>>(family->series)) {
      AppendSample(out, name, {}, labels, {}, metric->Value());
    }
    for (const auto& [labels, metric] : std::get<SeriesMap<Gauge>>(family->series)) {
      AppendSample(out, name, {}, labels, {}, metric->Value());
    }
    for (const auto& [labels, metric] : std::get<SeriesMap<Histogram>>(family->series)) {
      AppendHistogramSamples(out, name, labels, metric->TakeSnapshot());
    }
  }
  return out;
}

namespace {

constexpr std::string_view kRequestsTotal = "onnxocr_http_requests_total";
constexpr std::string_view kRequestDuration = "onnxocr_http_request_duration_seconds";
constexpr std::string_view kStageDuration = "onnxocr_stage_duration_seconds";
constexpr std::string_view kQueueDepth = "onnxocr_queue_depth";
constexpr std::string_view kInflightRequests = "onnxocr_inflight_requests";
constexpr std::string_view kAbandonedTotal = "onnxocr_abandoned_requests_total";
constexpr std::string_view kAbandonedHelp = "Requests dropped because their client went away before the answer, by where.";
constexpr std::string_view kRejectedTotal = "onnxocr_rejected_requests_total";
constexpr std::string_view kQueueWait = "onnxocr_queue_wait_seconds";
constexpr std::string_view kConnectionsCut = "onnxocr_connections_cut_total";
constexpr std::string_view kConnectionsCutHelp = "Connections the server closed, by reason.";
constexpr std::string_view kNodeQueueDepth = "onnxocr_node_queue_depth";
constexpr std::string_view kNodeBusyWorkers = "onnxocr_node_busy_workers";
constexpr std::string_view kNodeWorkers = "onnxocr_node_workers";
constexpr std::string_view kNodeCores = "onnxocr_node_cores";
constexpr std::string_view kEngineInfo = "onnxocr_engine_info";

constexpr double kQueueWaitBuckets[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

constexpr double kDefaultLatencyBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

}  // namespace

std::span<const double> ServerMetrics::DefaultLatencyBuckets() {
  return kDefaultLatencyBuckets;
}

ServerMetrics::ServerMetrics(std::span<const double> latency_buckets)
    : latency_buckets_(latency_buckets.begin(), latency_buckets.end()),
      queue_depth_(registry_.gauge(kQueueDepth, "Requests waiting for an inference worker.")),
      inflight_requests_(registry_.gauge(kInflightRequests, "Requests being handled, queued or running.")) {
  // Export the rejection series at zero from the start, so dashboards and alerts see them.
  for (const char* reason : {"loading", "queue_full", "draining", "deadline"}) {
    registry_.counter(kRejectedTotal, "Requests refused before inference, by reason.", {{"reason", reason}});
  }
  registry_.counter(kConnectionsCut, kConnectionsCutHelp, {{"reason", "read_timeout"}});
  for (const char* at : {"queue", "work"}) registry_.counter(kAbandonedTotal, kAbandonedHelp, {{"at", at}});
}

void ServerMetrics::ObserveRequest(std::string_view route, int status, double seconds) {
  registry_
      .counter(kRequestsTotal, "HTTP requests by route and status code.",
               {{"route", std::string(route)}, {"status", std::to_string(status)}})
      .Increment();
  registry_
      .histogram(kRequestDuration, "HTTP request latency in seconds, from arrival to response.", latency_buckets_,
                 {{"route", std::string(route)}})
      .Observe(seconds);
}

void ServerMetrics::ObserveStage(std::string_view stage, double seconds) {
  registry_
      .histogram(kStageDuration, "Time spent in one pipeline stage, in seconds.", latency_buckets_,
                 {{"stage", std::string(stage)}})
      .Observe(seconds);
}

void ServerMetrics::SetQueueDepth(std::size_t depth) {
  queue_depth_.Set(static_cast<double>(depth));
}

void ServerMetrics::ObserveQueueWait(double seconds) {
  registry_
      .histogram(kQueueWait, "Time requests waited in a node queue before a worker took them, in seconds.",
                 kQueueWaitBuckets)
      .Observe(seconds);
}

void ServerMetrics::SetNodeLoad(int node, std::size_t queued, int busy) {
  const Labels labels{{"node", std::to_string(node)}};
  registry_.gauge(kNodeQueueDepth, "Requests waiting in one NUMA node's queue.", labels)
      .Set(static_cast<double>(queued));
  registry_.gauge(kNodeBusyWorkers, "Workers of one NUMA node running a request.", labels)
      .Set(static_cast<double>(busy));
}

void ServerMetrics::SetNodeCapacity(int node, int workers, int cores) {
  const Labels labels{{"node", std::to_string(node)}};
  registry_.gauge(kNodeWorkers, "Request workers of one NUMA node.", labels).Set(workers);
  registry_.gauge(kNodeCores, "Cores (inference threads at once) of one NUMA node.", labels).Set(cores);
}

void ServerMetrics::SetEngineInfo(std::string_view engine, std::string_view version, std::string_view precision) {
  registry_
      .gauge(kEngineInfo, "The inference engine every model runs on (always 1).",
             {{"engine", std::string(engine)}, {"version", std::string(version)}, {"precision", std::string(precision)}})
      .Set(1);
}

void ServerMetrics::CountRejected(std::string_view reason) {
  registry_.counter(kRejectedTotal, "Requests refused before inference, by reason.", {{"reason", std::string(reason)}})
      .Increment();
}

void ServerMetrics::CountAbandoned(std::string_view at) {
  registry_.counter(kAbandonedTotal, kAbandonedHelp, {{"at", std::string(at)}}).Increment();
}

void ServerMetrics::CountConnectionsCut(std::string_view reason, std::size_t count) {
  registry_.counter(kConnectionsCut, kConnectionsCutHelp, {{"reason", std::string(reason)}})
      .Increment(static_cast<double>(count));
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
