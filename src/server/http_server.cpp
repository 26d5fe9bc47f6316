#include "server/http_server.h"

#include <drogon/drogon.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "runtime/job.h"
#include "server/connection_probe.h"
#include "server/error_mapping.h"
#include "server/multipart_form.h"
#include "server/static_routes.h"

namespace onnxocr::server {
namespace {

using Clock = std::chrono::steady_clock;
using drogon::HttpRequestPtr;
using drogon::HttpResponsePtr;
using Callback = std::function<void(const HttpResponsePtr&)>;

constexpr const char* kRequestIdKey = "onnxocr.request_id";
constexpr const char* kStartKey = "onnxocr.start";

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

HttpMethod MethodOf(drogon::HttpMethod method) {
  switch (method) {
    case drogon::Get: return HttpMethod::kGet;
    case drogon::Head: return HttpMethod::kHead;
    case drogon::Post: return HttpMethod::kPost;
    case drogon::Put: return HttpMethod::kPut;
    case drogon::Delete: return HttpMethod::kDelete;
    case drogon::Patch: return HttpMethod::kPatch;
    case drogon::Options: return HttpMethod::kOptions;
    default: return HttpMethod::kOther;
  }
}

std::string MediaTypeOf(const drogon::HttpRequest& request) {
  if (request.contentType() == drogon::CT_APPLICATION_JSON) return "application/json";
  if (request.contentType() == drogon::CT_MULTIPART_FORM_DATA) return "multipart/form-data";
  std::string type = request.getHeader("content-type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

// Cancelled once the request's connection has closed: its answer has no reader.
CancelToken ClientGoneToken(const drogon::HttpRequest& request) {
  return CancelToken([local = request.localAddr(), peer = request.peerAddr()] {
    return ProbeTcpConnection(*local.getSockAddr(), *peer.getSockAddr()) == ConnectionState::kClosed;
  });
}

HttpRequest ToPlain(const HttpRequestPtr& request) {
  HttpRequest plain;
  plain.method = MethodOf(request->method());
  plain.path = request->path();
  plain.media_type = MediaTypeOf(*request);
  plain.body = request->body();
  plain.body_owner = request;
  if (plain.media_type == "multipart/form-data") plain.parse_form = [request] { return ParseMultipartForm(request); };
  plain.client_gone = ClientGoneToken(*request);
  return plain;
}

HttpResponsePtr ToDrogon(HttpResponse plain) {
  auto response = drogon::HttpResponse::newHttpResponse();
  response->setStatusCode(static_cast<drogon::HttpStatusCode>(plain.status));
  if (plain.content_type == "application/json") {
    response->setContentTypeCode(drogon::CT_APPLICATION_JSON);
  } else if (!plain.content_type.empty()) {
    response->setContentTypeString(plain.content_type);
  }
  response->setBody(std::move(plain.body));
  for (auto& [name, value] : plain.headers) response->addHeader(std::move(name), std::move(value));
  return response;
}

const std::vector<drogon::internal::HttpConstraint> kAllMethods{
    drogon::Get, drogon::Post, drogon::Head, drogon::Put, drogon::Delete, drogon::Patch, drogon::Options};

}  // namespace

HttpServer::HttpServer(ServeOptions options, DecodeLimits limits, StartupTask startup)
    : options_(std::move(options)), limits_(limits), startup_(std::move(startup)) {}

Result<std::unique_ptr<Scheduler>> HttpServer::StartScheduler(const ServerStartup& startup) {
  auto topology = CpuTopologyFor(options_.cpu_topology);
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
  auto jobs = JobService::Start(options_, limits_, metrics_, *scheduler.value(),
                                [this] { return lifecycle_.state() == ServerState::kReady; });
  if (!jobs.ok()) return jobs.error();
  const bool ready =
      lifecycle_.MarkReady(std::move(scheduler).value(), startup->engine, std::move(jobs).value());
  if (startup->models_loaded) startup->models_loaded();
  if (ready) {  // not if a signal came first
    const Scheduler& serving = lifecycle_.scheduler();
    spdlog::info("ready on {}:{} with {} workers, queue {}, mode {}, models: {}", options_.host, options_.port,
                 serving.plan().workers(), serving.queue_capacity(), ModeName(options_.request_defaults.rec_batching),
                 fmt::join(serving.models().names(), ", "));
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

void HttpServer::Configure() {
  auto& app = drogon::app();
  app.addListener(options_.host, static_cast<std::uint16_t>(options_.port));
  app.setThreadNum(static_cast<std::size_t>(std::max(1, options_.io_threads)));
  // Transport cap: twice our limit plus 16 MiB; the handlers enforce the limit itself with a JSON answer.
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
    return ToDrogon(JsonResponse(HttpLayerStatus(status), ErrorBody(HttpLayerError(status))));
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
    if (lifecycle_.state() == ServerState::kDraining) response->setCloseConnection(true);
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
    metrics_.ObserveRequest(Handlers::RouteLabel(request->path()), status, seconds);
    spdlog::info("http id={} method={} path={} status={} ms={:.1f} in={} out={}", id, request->methodString(),
                 request->path(), status, 1000.0 * seconds, request->body().size(), response->body().size());
  });

  // Every request, routed or not, goes to the handlers' one route table.
  // Each registration gets its own handler object: Drogon's registerHandler
  // keeps a reference to an lvalue it is given.
  const auto handler = [this] {
    return [this](const HttpRequestPtr& request, Callback&& callback) {
      handlers_.Handle(ToPlain(request), [callback = std::move(callback)](HttpResponse response) {
        callback(ToDrogon(std::move(response)));
      });
    };
  };
  for (const std::string_view path : Handlers::ApiPaths()) app.registerHandler(std::string(path), handler(), kAllMethods);
  for (const auto& [path, asset] : StaticRoutes()) app.registerHandler(std::string(path), handler(), kAllMethods);
  app.setDefaultHandler(handler());
}

Status HttpServer::Run() {
  // Signals go to a dedicated thread; block them before any other thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);  // internal: stop the signal thread
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Configure();

  std::atomic<bool> got_signal{false};
  std::thread signal_thread([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (received == SIGUSR1) return;
    got_signal = true;
    spdlog::info("received {}: draining {} in-flight requests (at most {:.0f} s)",
                 received == SIGTERM ? "SIGTERM" : "SIGINT", metrics_.inflight(), options_.drain_timeout_seconds);
    lifecycle_.Drain();
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
  drogon::app().run();
  if (!got_signal.load()) pthread_kill(signal_thread.native_handle(), SIGUSR1);
  signal_thread.join();
  if (!lifecycle_.loaded() && !failed) spdlog::info("waiting for model loading to end before exiting");
  loader.join();
  lifecycle_.Stop();  // finishes anything still queued
  if (failed) return *failed;
  return Status::Ok();
}

}  // namespace onnxocr::server
