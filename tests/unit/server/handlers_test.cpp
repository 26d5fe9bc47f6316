#include "server/handlers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "../runtime/body_job.h"
#include "runtime/scheduler.h"
#include "runtime/thread_affinity.h"

namespace onnxocr::server {
namespace {

using namespace std::chrono_literals;

std::string Header(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

HttpRequest Request(HttpMethod method, std::string path, std::string media_type = "", std::string_view body = {}) {
  HttpRequest request;
  request.method = method;
  request.path = std::move(path);
  request.media_type = std::move(media_type);
  request.body = body;
  return request;
}

// The handlers over a lifecycle that tests move through its states, with a
// one-worker scheduler and no models once "loaded".
class HandlersTest : public ::testing::Test {
 protected:
  HandlersTest() { options_.max_body_bytes = 64; }

  // Answers `request`; waits for the answer when it comes from a worker.
  HttpResponse Answer(const HttpRequest& request) {
    auto answered = std::make_shared<std::promise<HttpResponse>>();
    auto future = answered->get_future();
    handlers_.Handle(request, [answered](HttpResponse response) { answered->set_value(std::move(response)); });
    EXPECT_EQ(future.wait_for(10s), std::future_status::ready);
    return future.get();
  }

  void Load() {
    ExecutionPlan plan;
    plan.adaptive = false;
    plan.nodes = {NodePlan{.numa_node = 0, .cpus = {CurrentThreadCpus().front()}, .cores = 1, .workers = 1}};
    auto scheduler = Scheduler::Start(plan, 2, EmptyModels());
    ASSERT_TRUE(scheduler.ok()) << scheduler.error().message;
    EngineChoice engine;
    engine.version = "1.21.0";
    auto jobs = JobService::Start(options_, DecodeLimits{}, metrics_, *scheduler.value(),
                                  [this] { return lifecycle_.state() == ServerState::kReady; });
    ASSERT_TRUE(jobs.ok()) << jobs.error().message;
    ASSERT_TRUE(lifecycle_.MarkReady(std::move(scheduler).value(), engine, std::move(jobs).value()));
  }

  // The in-flight gauge once it has settled: the worker lets go of a request
  // just after handing over its answer, so a test may read it a moment early.
  double SettledInflight() const {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (metrics_.inflight() != 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    return Metric("onnxocr_inflight_requests");
  }

  double Metric(const std::string& line_start) const {
    const std::string text = metrics_.RenderPrometheus();
    const std::size_t at = text.find("\n" + line_start + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + line_start.size() + 2));
  }

  ~HandlersTest() override { lifecycle_.Stop(); }

  ServeOptions options_;
  ServerMetrics metrics_;
  ServerLifecycle lifecycle_;
  Handlers handlers_{options_, DecodeLimits{}, metrics_, lifecycle_};
};

TEST_F(HandlersTest, WhileLoadingHealthIsUpAndReadyAndWorkAreRefusedWithRetryAfter) {
  const HttpResponse health = Answer(Request(HttpMethod::kGet, "/health"));
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "{\"status\": \"ok\"}");
  const HttpResponse ready = Answer(Request(HttpMethod::kGet, "/ready"));
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "{\"status\": \"loading\"}");
  EXPECT_EQ(Header(ready, "Retry-After"), "1");
  const HttpResponse work = Answer(Request(HttpMethod::kPost, "/ocr", "application/json", "{\"image\": \"\"}"));
  EXPECT_EQ(work.status, 503);
  EXPECT_NE(work.body.find("still loading"), std::string::npos) << work.body;
  EXPECT_EQ(Header(work, "Retry-After"), "1");
  EXPECT_EQ(Metric("onnxocr_rejected_requests_total{reason=\"loading\"}"), 1);
}

TEST_F(HandlersTest, WrongMethodsGet405WithAllowAndPreflightsGet204) {
  const HttpResponse get_ocr = Answer(Request(HttpMethod::kGet, "/ocr"));
  EXPECT_EQ(get_ocr.status, 405);
  EXPECT_EQ(get_ocr.body, "{\"error\": \"method not allowed\", \"code\": \"method_not_allowed\"}");
  EXPECT_EQ(Header(get_ocr, "Allow"), "POST, OPTIONS");
  const HttpResponse delete_health = Answer(Request(HttpMethod::kDelete, "/health"));
  EXPECT_EQ(delete_health.status, 405);
  EXPECT_EQ(Header(delete_health, "Allow"), "GET, HEAD, OPTIONS");
  const HttpResponse preflight = Answer(Request(HttpMethod::kOptions, "/marker/upload"));
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(Header(preflight, "Allow"), "POST, OPTIONS");
  EXPECT_EQ(Answer(Request(HttpMethod::kHead, "/openapi.json")).status, 200);
}

TEST_F(HandlersTest, UnknownPathsAre404Json) {
  const HttpResponse missing = Answer(Request(HttpMethod::kPost, "/v1/ocr"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "{\"error\": \"no route for /v1/ocr\", \"code\": \"not_found\"}");
  EXPECT_EQ(Handlers::RouteLabel("/v1/ocr"), "unmatched");
  EXPECT_EQ(Handlers::RouteLabel("/docs/swagger-ui.css"), "/docs");
}

TEST_F(HandlersTest, BodiesOverTheLimitAndWrongTypesAreRefusedBeforeAnyWork) {
  Load();
  const std::string big(65, 'x');
  const HttpResponse json = Answer(Request(HttpMethod::kPost, "/ocr", "application/json", big));
  EXPECT_EQ(json.status, 413);
  EXPECT_EQ(json.body, "{\"error\": \"request body is 65 bytes, limit is 64\", \"code\": \"limit_exceeded\"}");
  const HttpResponse marker = Answer(Request(HttpMethod::kPost, "/marker/upload", "multipart/form-data", big));
  EXPECT_EQ(marker.status, 413);
  EXPECT_EQ(marker.body, "{\"success\": false, \"error\": \"request body is 65 bytes, limit is 64\"}");
  const HttpResponse text = Answer(Request(HttpMethod::kPost, "/ocr", "text/plain", "hello"));
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(Metric("onnxocr_inflight_requests"), 0);
}

TEST_F(HandlersTest, WorkRunsOnAWorkerAndItsErrorsAreMappedOnce) {
  Load();
  const HttpResponse ready = Answer(Request(HttpMethod::kGet, "/ready"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "{\"status\": \"ready\", \"models\": [], \"languages\": [], \"engine\": {\"name\": "
                        "\"onnxruntime\", \"version\": \"1.21.0\", \"precision\": \"f32\"}}");
  // A valid request for a model set this server does not have: 422 from the worker.
  const HttpResponse unknown =
      Answer(Request(HttpMethod::kPost, "/ocr", "application/json", "{\"image\": \"aGk=\", \"model\": \"x\"}"));
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_NE(unknown.body.find("model 'x' is not loaded"), std::string::npos) << unknown.body;
  const HttpResponse malformed = Answer(Request(HttpMethod::kPost, "/ocr", "application/json", "{"));
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  // A multipart request whose transport could not parse it.
  HttpRequest broken = Request(HttpMethod::kPost, "/ocr", "multipart/form-data", "--");
  broken.parse_form = [] { return Result<FormData>(MakeError(ErrorCode::kMalformedRequest, "bad multipart")); };
  EXPECT_EQ(Answer(broken).status, 400);
  EXPECT_EQ(Metric("onnxocr_stage_duration_seconds_count{stage=\"det\"}"), -1);  // nothing was recognised
}

TEST_F(HandlersTest, AJobWhoseClientHasGoneIsDroppedAndCounted) {
  Load();
  HttpRequest request = Request(HttpMethod::kPost, "/ocr", "application/json", "{\"image\": \"aGk=\"}");
  request.client_gone.Cancel();  // the connection closed before a worker took it
  const HttpResponse dropped = Answer(request);
  EXPECT_EQ(dropped.status, 499);
  EXPECT_EQ(Metric("onnxocr_abandoned_requests_total{at=\"queue\"}"), 1);
  EXPECT_EQ(SettledInflight(), 0);
}

TEST_F(HandlersTest, JobRoutesTakeTheirMethodsAndAnswer404ForUnknownJobs) {
  EXPECT_EQ(Answer(Request(HttpMethod::kGet, "/jobs/local-0123")).status, 503);  // still loading
  Load();
  for (const char* path : {"/jobs/local-0123", "/jobs/local-0123/result", "/jobs/..%2Fetc", "/jobs/"}) {
    const HttpResponse missing = Answer(Request(HttpMethod::kGet, path));
    EXPECT_EQ(missing.status, 404) << path;
    EXPECT_NE(missing.body.find("\"code\": \"not_found\""), std::string::npos) << path << ": " << missing.body;
  }
  EXPECT_EQ(Answer(Request(HttpMethod::kDelete, "/jobs/local-0123")).status, 404);
  const HttpResponse put = Answer(Request(HttpMethod::kPut, "/jobs/local-0123"));
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(Header(put, "Allow"), "GET, HEAD, DELETE, OPTIONS");
  const HttpResponse delete_result = Answer(Request(HttpMethod::kDelete, "/jobs/local-0123/result"));
  EXPECT_EQ(delete_result.status, 405);
  EXPECT_EQ(Header(delete_result, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(Answer(Request(HttpMethod::kOptions, "/jobs/local-0123")).status, 204);
  const HttpResponse get_jobs = Answer(Request(HttpMethod::kGet, "/jobs"));
  EXPECT_EQ(get_jobs.status, 405);
  EXPECT_EQ(Header(get_jobs, "Allow"), "POST, OPTIONS");
  const HttpResponse json_job = Answer(Request(HttpMethod::kPost, "/jobs", "application/json", "{}"));
  EXPECT_EQ(json_job.status, 415);
  EXPECT_EQ(Handlers::RouteLabel("/jobs/abc/result"), "/jobs/{id}/result");
  EXPECT_EQ(Handlers::RouteLabel("/jobs/abc"), "/jobs/{id}");
  const std::string metrics = Answer(Request(HttpMethod::kGet, "/metrics")).body;
  EXPECT_NE(metrics.find("onnxocr_jobs{status=\"queued\"} 0"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("onnxocr_job_queue_age_seconds 0"), std::string::npos) << metrics;
}

TEST_F(HandlersTest, DrainingRefusesNewWorkAndSaysSoOnReady) {
  Load();
  lifecycle_.Drain();
  const HttpResponse ready = Answer(Request(HttpMethod::kGet, "/ready"));
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "{\"status\": \"draining\"}");
  const HttpResponse work = Answer(Request(HttpMethod::kPost, "/ocr", "application/json", "{}"));
  EXPECT_EQ(work.status, 503);
  EXPECT_NE(work.body.find("shutting down"), std::string::npos);
  EXPECT_EQ(Metric("onnxocr_rejected_requests_total{reason=\"draining\"}"), 1);
  const HttpResponse metrics = Answer(Request(HttpMethod::kGet, "/metrics"));
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.content_type, std::string(kPrometheusContentType));
  // The scrape reads the scheduler's queues.
  EXPECT_NE(metrics.body.find("\nonnxocr_node_queue_depth{node=\"0\"} 0\n"), std::string::npos) << metrics.body;
}

}  // namespace
}  // namespace onnxocr::server
