#include "runtime/model_registry.h"

#include <utility>

namespace onnxocr {

ModelRegistry::ModelRegistry(std::vector<std::unique_ptr<ModelSet>> sets, std::string default_name)
    : default_name_(std::move(default_name)) {
  for (auto& set : sets) {
    const std::string name = set->name();
    sets_.emplace(name, std::move(set));
  }
}

const ModelSet* ModelRegistry::Find(const std::string& name) const {
  const auto found = sets_.find(name.empty() ? default_name_ : name);
  return found == sets_.end() ? nullptr : found->second.get();
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, set] : sets_) out.push_back(name);
  return out;
}

}  // namespace onnxocr
