// The route table and its handlers, over plain values (server/http_exchange.h):
// no Drogon, no sockets, so every route is unit-tested without a server.
// Handle answers a request exactly once: at once (health, readiness,
// metrics, assets, refusals) or from a worker (OCR work goes to the
// scheduler as a job; I/O threads never run inference). Holds references to
// objects that outlive it. Thread-safe: Handle runs on any I/O thread.
#pragma once

#include <string>
#include <span>
#include <string_view>

#include "core/image_decode.h"
#include "core/status.h"
#include "server/http_exchange.h"
#include "server/lifecycle.h"
#include "server/metrics.h"
#include "server/ocr_work.h"
#include "server/openapi_document.h"
#include "server/serve_options.h"

namespace onnxocr::server {

// A JSON response; every 503 carries Retry-After.
HttpResponse JsonResponse(int status, std::string body);
// An error's response: its status (error_mapping) and {"error", "code"}, or
// marker's {"success": false, "error"} shape.
HttpResponse ErrorResponse(const Error& error, bool marker_shape = false);

class Handlers {
 public:
  Handlers(const ServeOptions& options, DecodeLimits limits, ServerMetrics& metrics, const ServerLifecycle& lifecycle)
      : options_(options),
        limits_(limits),
        metrics_(metrics),
        lifecycle_(lifecycle),
        openapi_(OpenApiDocument(options.request_defaults)) {}

  void Handle(const HttpRequest& request, Responder respond) const;

  // The route a path belongs to, for metric labels ("unmatched" for none).
  static std::string_view RouteLabel(std::string_view path);

  // The fixed API paths (not /jobs/{id}, the static assets or the docs), in
  // the order documents list them. The transport registers each.
  static std::span<const std::string_view> ApiPaths();

 private:
  void Ocr(const HttpRequest& request, Responder respond) const;
  void Pdf(const HttpRequest& request, Responder respond) const;
  void Marker(const HttpRequest& request, Responder respond) const;
  void SubmitJob(const HttpRequest& request, Responder respond) const;
  HttpResponse JobRoute(const HttpRequest& request) const;
  HttpResponse Ready() const;
  HttpResponse Metrics() const;

  using Work = std::function<Result<HttpResponse>(const ModelRegistry& models, const WorkContext& context)>;
  using FormRunner = Result<std::string> (*)(const FormData& form, const ModelRegistry& models,
                                             const ServeOptions& options, const WorkContext& context);
  using FormAnswer =
      std::function<Result<HttpResponse>(const FormData& form, const ModelRegistry& models, const WorkContext& context)>;
  Work OnForm(const HttpRequest& request, FormAnswer answer) const;
  Work FormWork(const HttpRequest& request, FormRunner run) const;
  Status CheckMultipartUpload(const HttpRequest& request) const;
  void Admit(const HttpRequest& request, Responder respond, Work work, bool marker_shape) const;
  void CountUnstarted(const Error& error) const;
  void ObservePage(const StageTimings& timings) const;
  Status CheckBodySize(const HttpRequest& request) const;

  const ServeOptions& options_;
  const DecodeLimits limits_;
  ServerMetrics& metrics_;
  const ServerLifecycle& lifecycle_;
  const std::string openapi_;  // this server's /openapi.json
};

}  // namespace onnxocr::server
