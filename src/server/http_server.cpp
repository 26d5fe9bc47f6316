#include "server/http_server.h"

#include <drogon/drogon.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "core/json_text.h"
#include "runtime/job.h"
#include "server/connection_probe.h"
#include "server/error_mapping.h"
#include "server/ocr_request.h"
#include "server/ocr_work.h"
#include "server/static_routes.h"
#include "server/upload_work.h"

namespace onnxocr::server {
namespace {

using Clock = std::chrono::steady_clock;
using drogon::HttpRequestPtr;
using drogon::HttpResponsePtr;
using Callback = std::function<void(const HttpResponsePtr&)>;

constexpr const char* kRequestIdKey = "onnxocr.request_id";
constexpr const char* kStartKey = "onnxocr.start";

HttpResponsePtr JsonResponse(int status, std::string body) {
  auto response = drogon::HttpResponse::newHttpResponse();
  response->setStatusCode(static_cast<drogon::HttpStatusCode>(status));
  response->setContentTypeCode(drogon::CT_APPLICATION_JSON);
  response->setBody(std::move(body));
  // Every 503 (overloaded, draining) tells the client when to retry.
  if (status == 503) response->addHeader("Retry-After", std::to_string(kRetryAfterSeconds));
  return response;
}

HttpResponsePtr ErrorResponse(const Error& error, bool marker_shape = false) {
  return JsonResponse(HttpStatusFor(error.code), marker_shape ? MarkerErrorBody(error) : ErrorBody(error));
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx", static_cast<unsigned long long>(generator()),
                static_cast<unsigned long long>(generator()));
  return buffer;
}

bool IsUsableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

// Route templates for metric labels; anything else is "unmatched".
std::string_view RouteLabel(std::string_view path) {
  for (const std::string_view route : {"/ocr", "/marker/upload", "/health", "/ready", "/metrics", "/openapi.json"}) {
    if (path == route) return route;
  }
  if (path == "/docs" || path.starts_with("/docs/")) return "/docs";
  if (path == "/") return "/";
  return "unmatched";
}

// Cancelled once the request's connection has closed: its answer has no reader.
CancelToken ClientGoneToken(const drogon::HttpRequest& request) {
  return CancelToken([local = request.localAddr(), peer = request.peerAddr()] {
    return ProbeTcpConnection(*local.getSockAddr(), *peer.getSockAddr()) == ConnectionState::kClosed;
  });
}

const std::vector<drogon::internal::HttpConstraint> kAllMethods{
    drogon::Get, drogon::Post, drogon::Head, drogon::Put, drogon::Delete, drogon::Patch, drogon::Options};

}  // namespace

// Handlers bound to one HttpServer; defined here to keep Drogon out of the header.
struct HttpServer::Routes {
  HttpServer& server;

  // Answers OPTIONS (CORS preflight) and wrong methods; true when it answered.
  static bool RejectMethod(const HttpRequestPtr& request, drogon::HttpMethod allowed, Callback& callback) {
    const auto method = request->method();
    if (method == allowed || (allowed == drogon::Get && method == drogon::Head)) return false;
    auto response = drogon::HttpResponse::newHttpResponse();
    if (method == drogon::Options) {
      response->setStatusCode(drogon::k204NoContent);
    } else {
      response = ErrorResponse(MakeError(ErrorCode::kMethodNotAllowed, "method not allowed"));
    }
    response->addHeader("Allow", allowed == drogon::Get ? "GET, HEAD, OPTIONS" : "POST, OPTIONS");
    callback(response);
    return true;
  }

  // Queues `work` as a job on the worker pool, or answers 503 at once when
  // the queue is full or the server is draining. The job answers `callback`
  // exactly once (runtime/job.h): with the work's response, its error, or the
  // error it was dropped with (client gone, deadline passed, queue full).
  using Work = std::function<Result<HttpResponsePtr>(const ModelRegistry& models, const WorkContext& context)>;
  void Admit(const HttpRequestPtr& request, Callback&& callback, Work work, bool marker_shape) {
    if (const ServerState state = server.state_.load(); state != ServerState::kReady) {
      const bool loading = state == ServerState::kLoading;
      server.metrics_.CountRejected(loading ? "loading" : "draining");
      callback(ErrorResponse(MakeError(ErrorCode::kUnavailable, loading ? "models are still loading; retry later"
                                                                         : "server is shutting down"),
                             marker_shape));
      return;
    }
    const auto admitted = Clock::now();
    JobControl control{admitted + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(server.options_.request_timeout_seconds)),
                       ClientGoneToken(*request)};
    // Counts the request in flight until its answer has gone (drain waits for it).
    auto inflight = std::make_shared<ServerMetrics::InflightGuard>(server.metrics_);
    auto started = std::make_shared<std::atomic<bool>>(false);
    auto job = std::make_unique<AnsweringJob<HttpResponsePtr>>(
        std::move(control),
        [this, admitted, started, work = std::move(work)](WorkerContext& worker,
                                                          const JobControl& live) -> Result<HttpResponsePtr> {
          *started = true;
          server.metrics_.ObserveQueueWait(std::chrono::duration<double>(Clock::now() - admitted).count());
          const WorkContext context{server.limits_, live, [this](const StageTimings& t) { ObservePage(t); },
                                    &worker.executor, server.options_.request_defaults};
          auto response = work(worker.models, context);
          if (!response.ok() && response.error().code == ErrorCode::kCancelled) server.metrics_.CountAbandoned("work");
          return response;
        },
        [this, started, marker_shape](const Error& error) {
          if (!started->load()) CountUnstarted(error);
          return ErrorResponse(error, marker_shape);
        },
        [callback = std::move(callback), inflight](HttpResponsePtr response) { callback(response); });
    (void)server.scheduler_->Submit(std::move(job));  // a refused job has answered 503 itself
  }

  // A job that never started was refused (queue full) or dropped when a worker took it.
  void CountUnstarted(const Error& error) const {
    if (error.code == ErrorCode::kCancelled) server.metrics_.CountAbandoned("queue");
    if (error.code == ErrorCode::kDeadlineExceeded) server.metrics_.CountRejected("deadline");
    if (error.code == ErrorCode::kUnavailable) server.metrics_.CountRejected("queue_full");
  }

  void ObservePage(const StageTimings& t) const {
    server.metrics_.ObserveStage("det", t.det_preprocess + t.det_inference + t.det_postprocess);
    server.metrics_.ObserveStage("crop", t.crop);
    server.metrics_.ObserveStage("cls", t.cls);
    server.metrics_.ObserveStage("rec", t.rec_preprocess + t.rec_inference + t.rec_postprocess);
  }

  // Drogon answers bodies over its own (larger) cap with a bare 413 before any
  // handler runs; bodies between our limit and that cap get a JSON 413 here.
  bool RejectLargeBody(const HttpRequestPtr& request, Callback& callback, bool marker_shape) const {
    const std::size_t size = request->body().size();
    if (size <= server.options_.max_body_bytes) return false;
    callback(ErrorResponse(
        MakeError(ErrorCode::kLimitExceeded, "request body is " + std::to_string(size) + " bytes, limit is " +
                                                 std::to_string(server.options_.max_body_bytes)),
        marker_shape));
    return true;
  }

  void Ocr(const HttpRequestPtr& request, Callback&& callback) {
    if (RejectMethod(request, drogon::Post, callback)) return;
    if (RejectLargeBody(request, callback, false)) return;
    const auto type = request->contentType();
    if (type == drogon::CT_APPLICATION_JSON) {
      Admit(
          request, std::move(callback),
          [this, request](const ModelRegistry& models, const WorkContext& context) -> Result<HttpResponsePtr> {
            auto parsed = ParseOcrJsonRequest(request->body(), server.options_.max_batch);
            if (!parsed.ok()) return parsed.error();
            auto body = RunOcrRequest(*parsed, models, context);
            if (!body.ok()) return body.error();
            return JsonResponse(200, std::move(body).value());
          },
          false);
    } else if (type == drogon::CT_MULTIPART_FORM_DATA) {
      Admit(
          request, std::move(callback),
          [this, request](const ModelRegistry& models, const WorkContext& context) -> Result<HttpResponsePtr> {
            auto body = RunMultipartOcr(request, models, server.options_, context);
            if (!body.ok()) return body.error();
            return JsonResponse(200, std::move(body).value());
          },
          false);
    } else {
      callback(ErrorResponse(
          MakeError(ErrorCode::kUnsupportedFormat, "Content-Type must be application/json or multipart/form-data")));
    }
  }

  void Marker(const HttpRequestPtr& request, Callback&& callback) {
    if (RejectMethod(request, drogon::Post, callback)) return;
    if (RejectLargeBody(request, callback, true)) return;
    if (request->contentType() != drogon::CT_MULTIPART_FORM_DATA) {
      callback(
          ErrorResponse(MakeError(ErrorCode::kUnsupportedFormat, "Content-Type must be multipart/form-data"), true));
      return;
    }
    Admit(
        request, std::move(callback),
        [this, request](const ModelRegistry& models, const WorkContext& context) -> Result<HttpResponsePtr> {
          auto body = RunMarkerUpload(request, models, server.options_, context);
          if (!body.ok()) return body.error();
          return JsonResponse(200, std::move(body).value());
        },
        true);
  }

  void Health(const HttpRequestPtr& request, Callback&& callback) {
    if (RejectMethod(request, drogon::Get, callback)) return;
    callback(JsonResponse(200, "{\"status\": \"ok\"}"));
  }

  void Ready(const HttpRequestPtr& request, Callback&& callback) {
    if (RejectMethod(request, drogon::Get, callback)) return;
    if (const ServerState state = server.state_.load(); state != ServerState::kReady) {
      callback(JsonResponse(503, state == ServerState::kLoading ? "{\"status\": \"loading\"}"
                                                                : "{\"status\": \"draining\"}"));
      return;
    }
    std::string body = "{\"status\": \"ready\", \"models\": [";
    bool first = true;
    for (const auto& name : server.scheduler_->models().names()) {
      if (!first) body += ", ";
      first = false;
      AppendJsonString(body, name);
    }
    const EngineChoice& engine = server.engine_;
    body += "], \"engine\": {\"name\": ";
    AppendJsonString(body, EngineName(engine.engine));
    body += ", \"version\": ";
    AppendJsonString(body, engine.version);
    body += ", \"precision\": ";
    AppendJsonString(body, PrecisionName(engine.precision));
    body += "}}";
    callback(JsonResponse(200, std::move(body)));
  }

  void Metrics(const HttpRequestPtr& request, Callback&& callback) {
    if (RejectMethod(request, drogon::Get, callback)) return;
    server.UpdateQueueMetrics();
    auto response = drogon::HttpResponse::newHttpResponse();
    response->setContentTypeString(std::string(kPrometheusContentType));
    response->setBody(server.metrics_.RenderPrometheus());
    callback(response);
  }

  void Static(const HttpRequestPtr& request, Callback&& callback, std::string_view name) {
    if (RejectMethod(request, drogon::Get, callback)) return;
    callback(StaticAssetResponse(name));
  }
};

HttpServer::HttpServer(ServeOptions options, DecodeLimits limits, StartupTask startup)
    : options_(std::move(options)), limits_(limits), startup_(std::move(startup)) {}

void HttpServer::UpdateQueueMetrics() {
  if (!loaded_.load(std::memory_order_acquire)) return;
  std::size_t queued = 0;
  for (const Scheduler::NodeStats& node : scheduler_->Stats()) {
    metrics_.SetNodeLoad(node.numa_node, node.queued, node.busy);
    queued += node.queued;
  }
  metrics_.SetQueueDepth(queued);
}

Result<std::unique_ptr<Scheduler>> HttpServer::StartScheduler(const ServerStartup& startup) {
  auto topology = DiscoverCpuTopology();
  if (!topology.ok()) return topology.error();
  auto plan = PlanExecution(*topology, options_.plan);
  if (!plan.ok()) return plan.error();
  spdlog::info("cpu: {}", topology->Describe());
  spdlog::info("plan: {}; engine {}", plan->Describe(), startup.engine.Describe());
  const std::size_t queue =
      options_.queue_size > 0 ? options_.queue_size : static_cast<std::size_t>(4 * plan->workers());
  auto scheduler = Scheduler::Start(*plan, queue, startup.load_models);
  if (!scheduler.ok()) return scheduler.error();
  for (const NodePlan& node : plan->nodes) metrics_.SetNodeCapacity(node.numa_node, node.workers, node.cores);
  metrics_.SetEngineInfo(EngineName(startup.engine.engine), startup.engine.version,
                         PrecisionName(startup.engine.precision));
  return scheduler;
}

Status HttpServer::Load() {
  auto startup = startup_();
  if (!startup.ok()) return startup.error();
  auto scheduler = StartScheduler(*startup);
  if (!scheduler.ok()) return scheduler.error();
  scheduler_ = std::move(scheduler).value();
  engine_ = startup->engine;
  loaded_.store(true, std::memory_order_release);
  if (startup->models_loaded) startup->models_loaded();
  ServerState loading = ServerState::kLoading;
  if (state_.compare_exchange_strong(loading, ServerState::kReady)) {  // not if a signal came first
    spdlog::info("ready on {}:{} with {} workers, queue {}, mode {}, models: {}", options_.host, options_.port,
                 scheduler_->plan().workers(), scheduler_->queue_capacity(),
                 ModeName(options_.request_defaults.rec_batching),
                 fmt::join(scheduler_->models().names(), ", "));
  }
  return Status::Ok();
}

HttpServer::~HttpServer() = default;

// Tracks every connection from accept; a timer cuts those that have not
// delivered a whole request within --read-timeout of opening or of their last
// response (see read_timeout.h).
void HttpServer::WatchReadTimeouts() {
  if (options_.read_timeout_seconds <= 0) return;
  const auto seconds = [](double value) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
  };
  // A response is due within the request timeout; an entry still busy long
  // after that belongs to a connection that vanished mid-request.
  read_timeouts_ = std::make_unique<ReadTimeoutTable>(seconds(options_.read_timeout_seconds),
                                                      seconds(2 * options_.request_timeout_seconds + 60));
  auto& app = drogon::app();
  app.registerNewConnectionAdvice([this](const trantor::InetAddress& peer, const trantor::InetAddress&) {
    read_timeouts_->Opened(peer.toIpPort(), Clock::now());
    return true;
  });
  const double period = std::clamp(options_.read_timeout_seconds / 4, 0.05, 1.0);
  app.getLoop()->runEvery(period, [this] {
    const std::vector<std::string> overdue = read_timeouts_->TakeOverdue(Clock::now());
    const std::size_t cut = ShutdownConnectionsFrom(overdue, static_cast<std::uint16_t>(options_.port));
    if (cut == 0) return;
    metrics_.CountConnectionsCut("read_timeout", cut);
    spdlog::info("closed {} connection(s) that sent no complete request within {} s", cut,
                 options_.read_timeout_seconds);
  });
}

Status HttpServer::Run() {
  // Signals go to a dedicated thread; block them before any other thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);  // internal: stop the signal thread
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto routes = std::make_shared<Routes>(Routes{*this});
  auto& app = drogon::app();
  app.addListener(options_.host, static_cast<std::uint16_t>(options_.port));
  app.setThreadNum(static_cast<std::size_t>(std::max(1, options_.io_threads)));
  // Transport cap: twice our limit plus 16 MiB; RejectLargeBody enforces the limit itself with a JSON answer.
  app.setClientMaxBodySize(2 * options_.max_body_bytes + (std::size_t{16} << 20));
  app.setClientMaxMemoryBodySize(options_.max_memory_body_bytes);
  app.setUploadPath(options_.upload_dir);
  app.setMaxConnectionNum(options_.max_connections);
  app.setMaxConnectionNumPerIP(options_.max_connections_per_ip);
  app.setIdleConnectionTimeout(options_.idle_timeout_seconds);
  app.setServerHeaderField("onnxocr-server");
  app.setLogLevel(trantor::Logger::kWarn);
  app.disableSigtermHandling();
  app.setCustomErrorHandler([](drogon::HttpStatusCode code) {
    const int status = static_cast<int>(code);
    return JsonResponse(HttpLayerStatus(status), ErrorBody(HttpLayerError(status)));
  });
  app.setDefaultHandler([](const HttpRequestPtr& request, Callback&& callback) {
    callback(JsonResponse(404, ErrorBody(MakeError(ErrorCode::kNotFound, "no route for " + request->path()))));
  });
  WatchReadTimeouts();
  app.registerPreRoutingAdvice([this](const HttpRequestPtr& request) {
    if (read_timeouts_) read_timeouts_->RequestReceived(request->getPeerAddr().toIpPort(), Clock::now());
    const std::string& incoming = request->getHeader("x-request-id");
    request->attributes()->insert(kRequestIdKey, IsUsableRequestId(incoming) ? incoming : NewRequestId());
    request->attributes()->insert(kStartKey, Clock::now());
  });
  app.registerPreSendingAdvice([this](const HttpRequestPtr& request, const HttpResponsePtr& response) {
    if (read_timeouts_) read_timeouts_->ResponseSent(request->getPeerAddr().toIpPort(), Clock::now());
    auto attributes = request->attributes();
    const std::string id =
        attributes->find(kRequestIdKey) ? attributes->get<std::string>(kRequestIdKey) : NewRequestId();
    const double seconds =
        attributes->find(kStartKey)
            ? std::chrono::duration<double>(Clock::now() - attributes->get<Clock::time_point>(kStartKey)).count()
            : 0.0;
    response->addHeader("X-Request-Id", id);
    // While draining, every answer closes its connection: a keep-alive client
    // then sends its next request on a new connection, which is refused once
    // the server is gone, instead of into a socket that closes unanswered.
    if (state_.load() == ServerState::kDraining) response->setCloseConnection(true);
    if (!options_.cors_origin.empty()) {
      response->addHeader("Access-Control-Allow-Origin", options_.cors_origin);
      response->addHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
      if (request->method() == drogon::Options) {
        response->addHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        response->addHeader("Access-Control-Allow-Headers", "Content-Type, X-Request-Id");
        response->addHeader("Access-Control-Max-Age", "600");
      }
    }
    const int status = static_cast<int>(response->statusCode());
    metrics_.ObserveRequest(RouteLabel(request->path()), status, seconds);
    spdlog::info("http id={} method={} path={} status={} ms={:.1f} in={} out={}", id, request->methodString(),
                 request->path(), status, 1000.0 * seconds, request->body().size(), response->body().size());
  });

  const auto bind = [routes](void (Routes::*handler)(const HttpRequestPtr&, Callback&&)) {
    return [routes, handler](const HttpRequestPtr& request, Callback&& callback) {
      ((*routes).*handler)(request, std::move(callback));
    };
  };
  app.registerHandler("/ocr", bind(&Routes::Ocr), kAllMethods);
  app.registerHandler("/marker/upload", bind(&Routes::Marker), kAllMethods);
  app.registerHandler("/health", bind(&Routes::Health), kAllMethods);
  app.registerHandler("/ready", bind(&Routes::Ready), kAllMethods);
  app.registerHandler("/metrics", bind(&Routes::Metrics), kAllMethods);
  for (const auto& [path, asset] : StaticRoutes()) {
    const std::string name(asset);
    app.registerHandler(
        std::string(path),
        [routes, name](const HttpRequestPtr& request, Callback&& callback) {
          routes->Static(request, std::move(callback), name);
        },
        kAllMethods);
  }

  std::atomic<bool> got_signal{false};
  std::thread signal_thread([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (received == SIGUSR1) return;
    got_signal = true;
    spdlog::info("received {}: draining {} in-flight requests (at most {:.0f} s)",
                 received == SIGTERM ? "SIGTERM" : "SIGINT", metrics_.inflight(), options_.drain_timeout_seconds);
    state_ = ServerState::kDraining;
    const auto limit = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(options_.drain_timeout_seconds));
    while (metrics_.inflight() > 0 && Clock::now() < limit) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    // Let the event loops flush the last responses.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    spdlog::info("drained ({} requests still in flight); stopping", metrics_.inflight());
    drogon::app().quit();
  });

  // Worker, helper and inference threads start on the loading thread, after
  // the mask: signals reach only the signal thread.
  std::optional<Error> failed;
  std::thread loader([this, &failed] {
    if (Status loaded = Load(); !loaded.ok()) {
      failed = loaded.error();
      // Runs once the event loop does, even if loading failed before it started.
      drogon::app().getLoop()->queueInLoop([] { drogon::app().quit(); });
    }
  });
  spdlog::info("listening on {}:{}; loading models", options_.host, options_.port);
  app.run();
  if (!got_signal.load()) pthread_kill(signal_thread.native_handle(), SIGUSR1);
  signal_thread.join();
  if (loader.joinable()) {
    if (!loaded_.load() && !failed) spdlog::info("waiting for model loading to end before exiting");
    loader.join();
  }
  scheduler_.reset();  // finishes anything still queued
  if (failed) return *failed;
  return Status::Ok();
}

}  // namespace onnxocr::server
