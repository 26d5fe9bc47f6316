// The process exit status of a command that ends with an error: the one place
// errors become exit codes. Stateless.
#pragma once

#include "core/status.h"

namespace onnxocr::cli {

// 2 for a bad option or argument (fix the command line), 1 for anything else.
inline int ExitCodeFor(const Error& error) {
  return error.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

}  // namespace onnxocr::cli
