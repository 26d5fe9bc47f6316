#include "server/error_mapping.h"

#include "core/json_text.h"

namespace onnxocr::server {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedRequest: return 400;
    case ErrorCode::kCorruptInput: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kLimitExceeded: return 413;
    case ErrorCode::kUnsupportedFormat: return 415;
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kDeadlineExceeded: return 504;
    case ErrorCode::kCancelled: return 499;  // nginx's "client closed request": logged, never read
    case ErrorCode::kModelError: return 500;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Error HttpLayerError(int status) {
  // Drogon answers 403 only for a path with ".." in it; we serve no files from
  // disk, so there is no such route: not found, like any other unknown path.
  if (status == 403 || status == 404) return MakeError(ErrorCode::kNotFound, "no route for this path");
  if (status == 413) return MakeError(ErrorCode::kLimitExceeded, "request body too large");
  if (status == 405) return MakeError(ErrorCode::kMethodNotAllowed, "method not allowed");
  if (status >= 400 && status < 500) return MakeError(ErrorCode::kMalformedRequest, "request rejected by the HTTP layer");
  return MakeError(ErrorCode::kInternal, "request failed in the HTTP layer");
}

int HttpLayerStatus(int status) {
  return status == 403 ? 404 : status;
}

std::string ErrorBody(const Error& error) {
  std::string body = "{\"error\": ";
  AppendJsonString(body, error.message);
  body += ", \"code\": ";
  AppendJsonString(body, ErrorCodeName(error.code));
  body += '}';
  return body;
}

std::string MarkerErrorBody(const Error& error) {
  std::string body = "{\"success\": false, \"error\": ";
  AppendJsonString(body, error.message);
  body += '}';
  return body;
}

}  // namespace onnxocr::server
