#include "runtime/model_registry.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace onnxocr {
namespace {

std::unique_ptr<ModelSet> Set(std::string name, std::vector<std::string> languages) {
  ModelManifest manifest;
  manifest.name = std::move(name);
  manifest.languages = std::move(languages);
  return std::make_unique<ModelSet>(std::move(manifest), std::vector<std::string>{""}, nullptr, nullptr, nullptr);
}

ModelRegistry Registry() {
  std::vector<std::unique_ptr<ModelSet>> sets;
  sets.push_back(Set("default-set", {"ch", "en", "japan"}));
  sets.push_back(Set("b-latin", {"ch", "en", "fr", "de"}));
  sets.push_back(Set("a-korean", {"korean", "en"}));
  sets.push_back(Set("c-french", {"fr"}));
  return ModelRegistry(std::move(sets), "default-set");
}

const std::string* NameOf(const ModelSet* set) { return set == nullptr ? nullptr : &set->name(); }

TEST(ModelRegistryTest, TheDefaultSetWinsWhenItReadsTheLanguage) {
  const ModelRegistry registry = Registry();
  ASSERT_NE(registry.FindForLanguage("en"), nullptr);
  EXPECT_EQ(*NameOf(registry.FindForLanguage("en")), "default-set");
  EXPECT_EQ(*NameOf(registry.FindForLanguage("ja")), "default-set") << "an alias";
}

TEST(ModelRegistryTest, ElseTheSetWhoseMainLanguageItIsElseTheFirstThatReadsIt) {
  const ModelRegistry registry = Registry();
  EXPECT_EQ(*NameOf(registry.FindForLanguage("fr")), "c-french") << "its main language, over b-latin's name order";
  EXPECT_EQ(*NameOf(registry.FindForLanguage("korean")), "a-korean");
  EXPECT_EQ(*NameOf(registry.FindForLanguage("German")), "b-latin");
  EXPECT_EQ(registry.FindForLanguage("tlh"), nullptr);
}

TEST(ModelRegistryTest, ListsEveryCodeOnceSorted) {
  EXPECT_EQ(Registry().languages(), (std::vector<std::string>{"ch", "de", "en", "fr", "japan", "korean"}));
}

}  // namespace
}  // namespace onnxocr
