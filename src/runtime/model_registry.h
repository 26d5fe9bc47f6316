// The model sets a server has loaded, by name, with one default. Immutable
// after construction; share freely across threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model_set.h"

namespace onnxocr {

class ModelRegistry {
 public:
  ModelRegistry(std::vector<std::unique_ptr<ModelSet>> sets, std::string default_name);

  // The named set, or the default for an empty name; null when not loaded.
  const ModelSet* Find(const std::string& name) const;
  std::vector<std::string> names() const;

  // The set that reads `language` (a code of a manifest's "languages", or an
  // alias CanonicalLanguage knows): the default set when it does, else the
  // first (by name) whose main language it is, else the first that reads it;
  // null when none does.
  const ModelSet* FindForLanguage(std::string_view language) const;
  // Every language code the loaded sets read, sorted.
  std::vector<std::string> languages() const;

 private:
  std::map<std::string, std::unique_ptr<ModelSet>> sets_;
  std::string default_name_;
};

}  // namespace onnxocr
