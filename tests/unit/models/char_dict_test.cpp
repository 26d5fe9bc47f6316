#include "core/models/char_dict.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "temp_dir.h"

namespace onnxocr {
namespace {

using Characters = std::vector<std::string>;

Characters LoadOk(const testing::TempDir& dir, std::string_view content, bool use_space_char) {
  const Result<Characters> characters = LoadCharacterDict(dir.Write("dict.txt", content), use_space_char);
  EXPECT_TRUE(characters.ok()) << (characters.ok() ? "" : characters.error().message);
  return characters.ok() ? characters.value() : Characters{};
}

TEST(CharDictTest, BlankFirstThenLinesThenSpace) {
  const testing::TempDir dir;
  EXPECT_EQ(LoadOk(dir, "a\nb\nc\n", true), (Characters{"", "a", "b", "c", " "}));
  EXPECT_EQ(LoadOk(dir, "a\nb\nc\n", false), (Characters{"", "a", "b", "c"}));
}

TEST(CharDictTest, CrLfLineEndingsAreStripped) {
  const testing::TempDir dir;
  EXPECT_EQ(LoadOk(dir, "\xE3\x80\x80\r\n\xE4\xB8\x80\r\n", false), (Characters{"", "\xE3\x80\x80", "\xE4\xB8\x80"}));
}

TEST(CharDictTest, LastLineWithoutNewlineIsKept) {
  const testing::TempDir dir;
  EXPECT_EQ(LoadOk(dir, "x\ny", false), (Characters{"", "x", "y"}));
}

TEST(CharDictTest, SpacesAndTabsAreKept) {
  const testing::TempDir dir;
  EXPECT_EQ(LoadOk(dir, "a\n \r\n\t\n b \n", true), (Characters{"", "a", " ", "\t", " b ", " "}));
}

TEST(CharDictTest, EmptyLineGivesEmptyEntryAsPaddleOcrDoes) {
  const testing::TempDir dir;
  EXPECT_EQ(LoadOk(dir, "a\n\nb\n", false), (Characters{"", "a", "", "b"}));
}

TEST(CharDictTest, MultiByteAndFourByteCharacters) {
  const testing::TempDir dir;
  EXPECT_EQ(LoadOk(dir, "\xC3\xA9\n\xF0\x9F\x95\xA5\n", false), (Characters{"", "\xC3\xA9", "\xF0\x9F\x95\xA5"}));
}

TEST(CharDictTest, EmptyFileIsModelError) {
  const testing::TempDir dir;
  const Result<Characters> characters = LoadCharacterDict(dir.Write("dict.txt", ""), true);
  ASSERT_FALSE(characters.ok());
  EXPECT_EQ(characters.error().code, ErrorCode::kModelError);
  EXPECT_NE(characters.error().message.find("empty"), std::string::npos);
}

TEST(CharDictTest, MissingFileIsNotFound) {
  const testing::TempDir dir;
  const Result<Characters> characters = LoadCharacterDict(dir.path() / "nope.txt", true);
  ASSERT_FALSE(characters.ok());
  EXPECT_EQ(characters.error().code, ErrorCode::kNotFound);
}

TEST(CharDictTest, DirectoryIsModelError) {
  const testing::TempDir dir;
  const Result<Characters> characters = LoadCharacterDict(dir.path(), true);
  ASSERT_FALSE(characters.ok());
  EXPECT_EQ(characters.error().code, ErrorCode::kModelError);
}

class CharDictInvalidUtf8Test : public ::testing::TestWithParam<std::string> {};

TEST_P(CharDictInvalidUtf8Test, IsModelErrorNamingTheLine) {
  const testing::TempDir dir;
  const Result<Characters> characters = LoadCharacterDict(dir.Write("dict.txt", "a\nb\n" + GetParam() + "\n"), true);
  ASSERT_FALSE(characters.ok());
  EXPECT_EQ(characters.error().code, ErrorCode::kModelError);
  EXPECT_NE(characters.error().message.find("not UTF-8 (line 3"), std::string::npos) << characters.error().message;
}

INSTANTIATE_TEST_SUITE_P(BadSequences, CharDictInvalidUtf8Test,
                         ::testing::Values(std::string("\xFF"),              // never valid
                                           std::string("\xC0\xAF"),          // overlong '/'
                                           std::string("\xE0\x80\xAF"),      // overlong, 3 bytes
                                           std::string("\xED\xA0\x80"),      // UTF-16 surrogate
                                           std::string("\xF4\x90\x80\x80"),  // above U+10FFFF
                                           std::string("\xE4\xB8"),          // truncated
                                           std::string("\x80"),              // lone continuation
                                           std::string("\xC3(")));           // bad continuation

}  // namespace
}  // namespace onnxocr
