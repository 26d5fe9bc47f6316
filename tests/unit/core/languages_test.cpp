#include "core/languages.h"

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

TEST(LanguagesTest, CodesAreLowerCaseWithAliasesResolved) {
  EXPECT_EQ(CanonicalLanguage("fr"), "fr");
  EXPECT_EQ(CanonicalLanguage("FR"), "fr");
  EXPECT_EQ(CanonicalLanguage("zh"), "ch");
  EXPECT_EQ(CanonicalLanguage("zh-Hant"), "chinese_cht");
  EXPECT_EQ(CanonicalLanguage("zh_TW"), "chinese_cht");
  EXPECT_EQ(CanonicalLanguage("ja"), "japan");
  EXPECT_EQ(CanonicalLanguage("German"), "de");
  EXPECT_EQ(CanonicalLanguage("tlh"), "tlh") << "unknown codes pass through, to be refused by name";
}

TEST(LanguagesTest, ASetReadsWhatItsManifestLists) {
  ModelManifest manifest;
  manifest.languages = {"ch", "en", "fr"};
  EXPECT_TRUE(ReadsLanguage(manifest, "fr"));
  EXPECT_FALSE(ReadsLanguage(manifest, "de"));
  EXPECT_FALSE(ReadsLanguage(manifest, "FR")) << "callers pass canonical codes";
}

}  // namespace
}  // namespace onnxocr
