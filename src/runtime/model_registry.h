// The model sets a server has loaded, by name, with one default. Immutable
// after construction; share freely across threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/model_set.h"

namespace onnxocr {

class ModelRegistry {
 public:
  ModelRegistry(std::vector<std::unique_ptr<ModelSet>> sets, std::string default_name);

  // The named set, or the default for an empty name; null when not loaded.
  const ModelSet* Find(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, std::unique_ptr<ModelSet>> sets_;
  std::string default_name_;
};

}  // namespace onnxocr
