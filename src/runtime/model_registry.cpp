#include "runtime/model_registry.h"

#include <set>
#include <utility>

#include "core/languages.h"

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

const ModelSet* ModelRegistry::FindForLanguage(std::string_view language) const {
  const std::string code = CanonicalLanguage(language);
  if (const ModelSet* fallback = Find(""); fallback != nullptr && ReadsLanguage(fallback->manifest(), code)) {
    return fallback;
  }
  for (const auto& [name, set] : sets_) {
    const auto& spoken = set->manifest().languages;
    if (!spoken.empty() && spoken.front() == code) return set.get();
  }
  for (const auto& [name, set] : sets_) {
    if (ReadsLanguage(set->manifest(), code)) return set.get();
  }
  return nullptr;
}

std::vector<std::string> ModelRegistry::languages() const {
  std::set<std::string> codes;
  for (const auto& [name, set] : sets_) codes.insert(set->manifest().languages.begin(), set->manifest().languages.end());
  return {codes.begin(), codes.end()};
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, set] : sets_) out.push_back(name);
  return out;
}

}  // namespace onnxocr
