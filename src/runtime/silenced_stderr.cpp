#include "runtime/silenced_stderr.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace onnxocr {

SilencedStderr::SilencedStderr() {
  std::fflush(stderr);
  saved_ = dup(STDERR_FILENO);
  const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved_ >= 0 && null_fd >= 0) dup2(null_fd, STDERR_FILENO);
  if (null_fd >= 0) close(null_fd);
}

SilencedStderr::~SilencedStderr() {
  std::fflush(stderr);
  if (saved_ >= 0) {
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }
}

}  // namespace onnxocr
