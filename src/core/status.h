// Error values for the OCR library. Every fallible core function returns
// Result<T>; nothing in src/core throws across its API or terminates the process.
// Value types, no shared state: safe to use from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace onnxocr {

// What went wrong, coarse enough to map to one HTTP status in one place
// (src/server/error_mapping). Keep this list short.
enum class ErrorCode {
  kMalformedRequest,   // the request itself cannot be parsed: bad JSON, base64 or multipart
  kInvalidArgument,    // a parameter or request field is out of range or of the wrong type
  kUnsupportedFormat,  // bytes are not an image format we decode
  kCorruptInput,       // recognised format but truncated, malformed, or zero-sized
  kLimitExceeded,      // pixels, side, frames or bytes over a configured limit
  kNotFound,           // a file, route or model set does not exist
  kMethodNotAllowed,   // a route exists but not for this HTTP method
  kConflict,           // the resource is not in the state the request needs (a job's result before it is done)
  kModelError,         // a model file is missing, has the wrong sha256, or the wrong I/O
  kUnavailable,        // overloaded or draining; try again later
  kDeadlineExceeded,   // the request's deadline passed
  kCancelled,          // the request's client went away (or cancelled it) before its answer
  kInternal,           // a bug or an unexpected runtime failure
};

std::string_view ErrorCodeName(ErrorCode code);
// The code ErrorCodeName gives `name`; kInternal for a name it never gives.
ErrorCode ErrorCodeFromName(std::string_view name);

struct Error {
  ErrorCode code;
  std::string message;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// The exception being handled, as an Error; call only inside a catch block.
// std::bad_alloc: kLimitExceeded, "out of memory (<doing>)"; anything else:
// `code`, "<doing> failed: <what()>". The one place a throw becomes a value.
Error ErrorFromCurrentException(std::string_view doing, ErrorCode code = ErrorCode::kInternal);

// A value or an Error (std::expected is C++23; this is the subset we use).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{ErrorCode::kInternal, {}};
  bool ok_ = true;
};

}  // namespace onnxocr
