#include "runtime/job.h"

namespace onnxocr {

bool CancelToken::cancelled() const {
  if (state_->cancelled.load()) return true;
  if (state_->probe && state_->probe()) state_->cancelled = true;
  return state_->cancelled.load();
}

Status JobControl::Check() const {
  if (cancel.cancelled()) return MakeError(ErrorCode::kCancelled, "the client went away before the answer");
  if (std::chrono::steady_clock::now() > deadline) {
    return MakeError(ErrorCode::kDeadlineExceeded, "request deadline exceeded");
  }
  return Status::Ok();
}

}  // namespace onnxocr
