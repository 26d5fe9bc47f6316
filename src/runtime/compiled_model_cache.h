// A private folder of compiled OpenVINO models, shared by the engine-check
// child (which compiles every model and exports it here) and the server
// (which then imports instead of compiling again). Created fresh for one
// start-up with mode 0700, so nothing stale or planted by another user is
// ever imported; owns the folder and removes it with everything in it when
// destroyed. Move-only.
#pragma once

#include <string>

#include "core/status.h"

namespace onnxocr {

class CompiledModelCache {
 public:
  // A new folder PARENT/onnxocr-openvino-XXXXXX. Errors: kInternal.
  static Result<CompiledModelCache> Create(const std::string& parent);

  ~CompiledModelCache();
  CompiledModelCache(CompiledModelCache&& other) noexcept;
  CompiledModelCache& operator=(CompiledModelCache&& other) noexcept;
  CompiledModelCache(const CompiledModelCache&) = delete;
  CompiledModelCache& operator=(const CompiledModelCache&) = delete;

  const std::string& path() const { return path_; }

 private:
  explicit CompiledModelCache(std::string path) : path_(std::move(path)) {}
  void Remove();

  std::string path_;  // empty once moved from
};

}  // namespace onnxocr
