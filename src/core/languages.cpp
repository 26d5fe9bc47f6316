#include "core/languages.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace onnxocr {

std::string CanonicalLanguage(std::string_view code) {
  std::string canonical(code);
  for (char& c : canonical) {
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"zh", "ch"},
      {"zh_cn", "ch"},
      {"zh_hans", "ch"},
      {"chinese", "ch"},
      {"zh_hant", "chinese_cht"},
      {"zh_tw", "chinese_cht"},
      {"ja", "japan"},
      {"japanese", "japan"},
      {"english", "en"},
      {"french", "fr"},
      {"german", "de"},
      {"spanish", "es"},
      {"portuguese", "pt"},
      {"italian", "it"},
      {"greek", "el"},
  };
  for (const auto& [alias, code_of] : kAliases) {
    if (canonical == alias) return std::string(code_of);
  }
  return canonical;
}

bool ReadsLanguage(const ModelManifest& manifest, std::string_view canonical_code) {
  return std::find(manifest.languages.begin(), manifest.languages.end(), canonical_code) != manifest.languages.end();
}

}  // namespace onnxocr
