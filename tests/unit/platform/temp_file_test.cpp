#include "platform/temp_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "../read_file.h"

namespace onnxocr {
namespace {

using testing::ReadFile;

bool Exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

TEST(TempFile, HoldsTheBytesPrivatelyAndIsRemovedOnDestruction) {
  const std::string bytes("%PDF-1.4\n\0binary", 16);
  std::string path;
  {
    auto file = TempFile::Create(bytes);
    ASSERT_TRUE(file.ok()) << file.error().message;
    path = file->path();
    EXPECT_TRUE(path.starts_with("/tmp/onnxocr-"));
    EXPECT_TRUE(path.ends_with(".pdf"));
    EXPECT_EQ(ReadFile(path), bytes);
    struct stat info{};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
  }
  EXPECT_FALSE(Exists(path));
}

TEST(TempFile, MoveTransfersOwnership) {
  auto file = TempFile::Create("abc", "/tmp", "");
  ASSERT_TRUE(file.ok()) << file.error().message;
  const std::string path = file->path();
  TempFile moved = std::move(*file);
  EXPECT_EQ(moved.path(), path);
  EXPECT_TRUE(file->path().empty());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_TRUE(Exists(path));
  {
    TempFile sink = std::move(moved);
  }
  EXPECT_FALSE(Exists(path));
}

TEST(TempFile, DistinctFilesForEachCall) {
  auto a = TempFile::Create("a");
  auto b = TempFile::Create("b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->path(), b->path());
}

TEST(TempFile, MissingDirectoryIsAnError) {
  auto file = TempFile::Create("x", "/nonexistent-onnxocr-dir");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kInternal);
  EXPECT_NE(file.error().message.find("/nonexistent-onnxocr-dir"), std::string::npos);
}

}  // namespace
}  // namespace onnxocr
