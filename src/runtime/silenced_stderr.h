// Redirects file descriptor 2 to /dev/null for the object's lifetime. Debian's
// onnxruntime prints ~570 harmless "Schema error" lines when it first
// registers operator schemas (at Env and first-session creation). This is
// process-wide and not safe to nest or overlap across threads: use it only
// during start-up, one object at a time (LoadOrtModel: call_once).
#pragma once

namespace onnxocr {

class SilencedStderr {
 public:
  SilencedStderr();
  ~SilencedStderr();
  SilencedStderr(const SilencedStderr&) = delete;
  SilencedStderr& operator=(const SilencedStderr&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace onnxocr
