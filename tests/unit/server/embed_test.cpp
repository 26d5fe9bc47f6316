#include <gtest/gtest.h>

#include <string>

#include "../read_file.h"
#include "onnxocr_server_assets.h"

namespace onnxocr::server::assets {
namespace {

using onnxocr::testing::ReadFile;

struct ExpectedFile {
  std::string name;
  std::string disk_path;
  std::string content_type;
};

std::vector<ExpectedFile> ExpectedFiles() {
  const std::string server = ONNXOCR_SERVER_SOURCE_DIR;
  const std::string swagger = ONNXOCR_SWAGGER_UI_DIR;
  return {
      {"openapi.json", server + "/openapi.json", "application/json"},
      {"docs.html", server + "/assets/docs.html", "text/html; charset=utf-8"},
      {"docs-init.js", server + "/assets/docs-init.js", "text/javascript; charset=utf-8"},
      {"swagger-ui.css", swagger + "/swagger-ui.css", "text/css; charset=utf-8"},
      {"swagger-ui-bundle.js", swagger + "/swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
      {"index.html", server + "/webui/index.html", "text/html; charset=utf-8"},
      {"app.js", server + "/webui/app.js", "text/javascript; charset=utf-8"},
      {"app.css", server + "/webui/app.css", "text/css; charset=utf-8"},
  };
}

TEST(EmbeddedFilesTest, BytesEqualTheFilesOnDisk) {
  for (const ExpectedFile& expected : ExpectedFiles()) {
    SCOPED_TRACE(expected.name);
    const std::string on_disk = ReadFile(expected.disk_path);
    ASSERT_FALSE(on_disk.empty()) << "cannot read " << expected.disk_path;
    const EmbeddedFile* file = FindEmbeddedFile(expected.name);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->path, expected.name);
    EXPECT_EQ(file->content_type, expected.content_type);
    EXPECT_EQ(file->data.size(), on_disk.size());
    EXPECT_TRUE(file->data == on_disk);  // not EXPECT_EQ: a 1.7 MB diff is unreadable
  }
}

TEST(EmbeddedFilesTest, ListsEveryFileOnceInOrder) {
  const auto files = AllEmbeddedFiles();
  const auto expected = ExpectedFiles();
  ASSERT_EQ(files.size(), expected.size());
  for (std::size_t i = 0; i < files.size(); ++i) EXPECT_EQ(files[i]->path, expected[i].name);
}

TEST(EmbeddedFilesTest, UnknownNamesAreNotFound) {
  EXPECT_EQ(FindEmbeddedFile(""), nullptr);
  EXPECT_EQ(FindEmbeddedFile("docs"), nullptr);
  EXPECT_EQ(FindEmbeddedFile("swagger-ui.css.map"), nullptr);
  EXPECT_EQ(FindEmbeddedFile("../openapi.json"), nullptr);
  EXPECT_EQ(FindEmbeddedFile("OPENAPI.JSON"), nullptr);
}

TEST(EmbeddedFilesTest, DocsPageLoadsOnlyLocalFilesWithoutInlineScript) {
  const EmbeddedFile* page = FindEmbeddedFile("docs.html");
  ASSERT_NE(page, nullptr);
  for (const char* asset : {"/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/docs-init.js"}) {
    EXPECT_NE(page->data.find(asset), std::string_view::npos) << asset;
  }
  EXPECT_EQ(page->data.find("<script>"), std::string_view::npos);
  EXPECT_EQ(page->data.find("http"), std::string_view::npos);
}

}  // namespace
}  // namespace onnxocr::server::assets
