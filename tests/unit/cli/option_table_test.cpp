// README.md and docs/http-api.md carry the request options table generated
// from core/request_options.cpp. After changing an option, run this test with
// ONNXOCR_UPDATE_DOCS=1 to rewrite both tables in place.
#include "cli/option_table.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "../read_file.h"

namespace onnxocr::cli {
namespace {

void CheckTable(const char* path) {
  std::string doc = testing::ReadFile(path);
  const std::size_t begin = doc.find(kOptionTableBegin);
  ASSERT_NE(begin, std::string::npos) << path << " has no generated request options table";
  const std::size_t body = begin + kOptionTableBegin.size();
  const std::size_t end = doc.find(kOptionTableEnd, body);
  ASSERT_NE(end, std::string::npos) << path << ": the table's end marker is missing";
  const std::string expected = RequestOptionsMarkdownTable();
  if (doc.compare(body, end - body, expected) == 0) return;
  if (const char* update = std::getenv("ONNXOCR_UPDATE_DOCS"); update != nullptr && std::string(update) == "1") {
    doc.replace(body, end - body, expected);
    std::ofstream(path, std::ios::binary) << doc;
    return;
  }
  ADD_FAILURE() << path << ": the request options table differs from core/request_options.cpp; rerun with "
                << "ONNXOCR_UPDATE_DOCS=1 to rewrite it. Expected:\n"
                << expected;
}

TEST(OptionTableTest, TheReadmeCarriesTheGeneratedTable) { CheckTable(ONNXOCR_README); }
TEST(OptionTableTest, TheHttpApiDocCarriesTheGeneratedTable) { CheckTable(ONNXOCR_HTTP_API_DOC); }

TEST(OptionTableTest, EachOptionIsARowWithItsFlagAndEnvTwin) {
  const std::string table = RequestOptionsMarkdownTable();
  EXPECT_NE(table.find("| `det_limit_side_len` | integer 32-8192 |"), std::string::npos) << table;
  EXPECT_NE(table.find("`--drop-score`, `ONNXOCR_DROP_SCORE`"), std::string::npos) << table;
  EXPECT_NE(table.find("| `model` | string, 1-128 characters | `ppocrv5-mobile` |"), std::string::npos) << table;
}

}  // namespace
}  // namespace onnxocr::cli
