#include "runtime/compiled_model_cache.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

namespace onnxocr {

Result<CompiledModelCache> CompiledModelCache::Create(const std::string& parent) {
  std::string pattern = (std::filesystem::path(parent) / "onnxocr-openvino-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (mkdtemp(name.data()) == nullptr) {  // mode 0700
    return MakeError(ErrorCode::kInternal, "cannot create a folder in " + parent + ": " + std::strerror(errno));
  }
  return CompiledModelCache(std::string(name.data()));
}

CompiledModelCache::~CompiledModelCache() { Remove(); }

CompiledModelCache::CompiledModelCache(CompiledModelCache&& other) noexcept : path_(std::exchange(other.path_, {})) {}

CompiledModelCache& CompiledModelCache::operator=(CompiledModelCache&& other) noexcept {
  if (this != &other) {
    Remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

void CompiledModelCache::Remove() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
  path_.clear();
}

}  // namespace onnxocr
