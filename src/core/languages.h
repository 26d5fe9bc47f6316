// Language codes of the request field `lang`: model-set manifests list the
// codes their recogniser reads (PaddleOCR's: "ch", "en", "japan", "fr", ...);
// a few common spellings are aliases. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/model_params.h"

namespace onnxocr {

// The code as manifests spell it: lower case, "-" as "_", and aliases
// ("zh" -> "ch", "ja" -> "japan", "zh_hant"/"zh_tw" -> "chinese_cht",
// "german" -> "de", "french" -> "fr", "greek" -> "el", ...) resolved.
std::string CanonicalLanguage(std::string_view code);

// Whether the set's manifest lists `canonical_code`.
bool ReadsLanguage(const ModelManifest& manifest, std::string_view canonical_code);

}  // namespace onnxocr
