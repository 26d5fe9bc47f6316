// Assets embedded in the binary (the web UI, the /docs page) and the routes
// that serve them; /openapi.json is generated (server/openapi_document.h).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http_exchange.h"

namespace onnxocr::server {

// (URL path, embedded asset name) pairs.
const std::vector<std::pair<std::string_view, std::string_view>>& StaticRoutes();

// 200 with the asset and its content type and security headers, or 404.
HttpResponse StaticAssetResponse(std::string_view name);

// 200 with `body` as `content_type` and the assets' security headers.
HttpResponse StaticContentResponse(std::string content_type, std::string body);

}  // namespace onnxocr::server
