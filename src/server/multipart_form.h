// Part of the Drogon adapter: a multipart/form-data body as plain FormData
// (server/http_exchange.h). Stateless; thread-safe.
#pragma once

#include <drogon/HttpRequest.h>

#include "core/status.h"
#include "server/http_exchange.h"

namespace onnxocr::server {

// Drogon's parser over the request's body; the parts' bytes stay in the
// body, which the form keeps alive. kMalformedRequest when it cannot parse.
Result<FormData> ParseMultipartForm(const drogon::HttpRequestPtr& request);

}  // namespace onnxocr::server
