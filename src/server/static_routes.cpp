#include "server/static_routes.h"

#include <string>
#include <utility>

#include "onnxocr_server_assets.h"

namespace onnxocr::server {

const std::vector<std::pair<std::string_view, std::string_view>>& StaticRoutes() {
  static const std::vector<std::pair<std::string_view, std::string_view>> routes{
      {"/", "index.html"},
      {"/ui/app.js", "app.js"},
      {"/ui/app.css", "app.css"},
      {"/docs", "docs.html"},
      {"/docs/", "docs.html"},
      {"/docs/docs-init.js", "docs-init.js"},
      {"/docs/swagger-ui.css", "swagger-ui.css"},
      {"/docs/swagger-ui-bundle.js", "swagger-ui-bundle.js"},
  };
  return routes;
}

HttpResponse StaticAssetResponse(std::string_view name) {
  const auto* file = assets::FindEmbeddedFile(name);
  if (file == nullptr) return HttpResponse{404, "application/json", "{\"error\": \"no such asset\", \"code\": \"not_found\"}", {}};
  return StaticContentResponse(std::string(file->content_type), std::string(file->data));
}

HttpResponse StaticContentResponse(std::string content_type, std::string body) {
  HttpResponse response{200, std::move(content_type), std::move(body), {}};
  response.headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      // Swagger UI sets inline styles on elements, so only styles get 'unsafe-inline'; scripts are same-origin
      // files. blob: images: the web UI shows the picked file from an object URL.
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
      {"Cache-Control", "public, max-age=300"},
  };
  return response;
}

}  // namespace onnxocr::server
