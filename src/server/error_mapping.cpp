#include "server/error_mapping.h"

#include "core/result_json.h"

namespace onnxocr::server {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedRequest: return 400;
    case ErrorCode::kCorruptInput: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kLimitExceeded: return 413;
    case ErrorCode::kUnsupportedFormat: return 415;
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kDeadlineExceeded: return 504;
    case ErrorCode::kModelError: return 500;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
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
