#include "core/status.h"

#include <exception>
#include <new>
#include <string>

namespace onnxocr {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformedRequest: return "malformed_request";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnsupportedFormat: return "unsupported_format";
    case ErrorCode::kCorruptInput: return "corrupt_input";
    case ErrorCode::kLimitExceeded: return "limit_exceeded";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kModelError: return "model_error";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kDeadlineExceeded: return "deadline_exceeded";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

ErrorCode ErrorCodeFromName(std::string_view name) {
  for (const ErrorCode code :
       {ErrorCode::kMalformedRequest, ErrorCode::kInvalidArgument, ErrorCode::kUnsupportedFormat,
        ErrorCode::kCorruptInput, ErrorCode::kLimitExceeded, ErrorCode::kNotFound, ErrorCode::kMethodNotAllowed,
        ErrorCode::kConflict, ErrorCode::kModelError, ErrorCode::kUnavailable, ErrorCode::kDeadlineExceeded,
        ErrorCode::kCancelled, ErrorCode::kInternal}) {
    if (ErrorCodeName(code) == name) return code;
  }
  return ErrorCode::kInternal;
}

Error ErrorFromCurrentException(std::string_view doing, ErrorCode code) {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kLimitExceeded, "out of memory (" + std::string(doing) + ")");
  } catch (const std::exception& e) {
    return MakeError(code, std::string(doing) + " failed: " + e.what());
  } catch (...) {
    return MakeError(code, std::string(doing) + " failed with an exception that is not a std::exception");
  }
}

}  // namespace onnxocr
