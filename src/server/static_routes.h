// Assets embedded in the binary (OpenAPI document, /docs page) and the
// routes that serve them.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "server/http_exchange.h"

namespace onnxocr::server {

// (URL path, embedded asset name) pairs.
const std::vector<std::pair<std::string_view, std::string_view>>& StaticRoutes();

// 200 with the asset and its content type and security headers, or 404.
HttpResponse StaticAssetResponse(std::string_view name);

}  // namespace onnxocr::server
