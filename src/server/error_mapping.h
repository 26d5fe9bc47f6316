// The one place where core error codes become HTTP statuses and error
// bodies. Pure functions; thread-safe.
#pragma once

#include <string>

#include "core/status.h"

namespace onnxocr::server {

// 400, 404, 405, 413, 415, 422, 503, 504 or 500 for the code.
int HttpStatusFor(ErrorCode code);

// What Drogon refused by itself (its body cap, bad framing, a ".." path), as
// our error, and the status to answer it with (Drogon's, but 404 for 403).
Error HttpLayerError(int status);
int HttpLayerStatus(int status);

// {"error": message, "code": code name}
std::string ErrorBody(const Error& error);

// marker's shape: {"success": false, "error": message}
std::string MarkerErrorBody(const Error& error);

// Seconds a client should wait before retrying an overloaded server.
inline constexpr int kRetryAfterSeconds = 1;

}  // namespace onnxocr::server
