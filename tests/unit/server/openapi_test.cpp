// Checks the embedded OpenAPI document against the API contract in docs/http-api.md:
// every documented route and error code must appear, and every $ref must resolve.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include "../read_file.h"
#include "core/request_options.h"
#include "server/openapi_document.h"

namespace onnxocr::server {
namespace {

using simdjson::dom::element;

// ("get", "/health") for every `GET /health` written in the contract.
std::set<std::pair<std::string, std::string>> DocumentedRoutes(const std::string& doc) {
  std::set<std::pair<std::string, std::string>> routes;
  const std::regex route("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s]*)`");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), route); it != std::sregex_iterator(); ++it) {
    std::string method = (*it)[1];
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    routes.emplace(method, (*it)[2]);
  }
  return routes;
}

// Every `code` in the second column of the contract's "| status | code | when |" table.
std::set<std::string> DocumentedErrorCodes(const std::string& doc) {
  std::set<std::string> codes;
  const std::regex row("\\n\\| \\d{3} \\|([^|]*)\\|");
  const std::regex code("`([a-z_]+)`");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it) {
    const std::string cell = (*it)[1];
    for (auto c = std::sregex_iterator(cell.begin(), cell.end(), code); c != std::sregex_iterator(); ++c) {
      codes.insert((*c)[1]);
    }
  }
  return codes;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override { Load(ServerDefaults()); }

  // A server started with --drop-score 0.7 and no other request flag.
  static OcrOptions ServerDefaults() {
    OcrOptions defaults;
    defaults.drop_score = 0.7f;
    defaults.model = "ppocrv5-mobile";
    return defaults;
  }
  void Load(const OcrOptions& defaults) {
    document_ = OpenApiDocument(defaults);
    ASSERT_EQ(parser_.parse(document_).get(root_), simdjson::SUCCESS) << "the OpenAPI document is not valid JSON";
  }

  // The element at a JSON Pointer ("/paths/~1ocr/post"), or fails the test.
  element At(std::string_view pointer) {
    element value;
    EXPECT_EQ(root_.at_pointer(pointer).get(value), simdjson::SUCCESS) << pointer;
    return value;
  }
  bool Has(std::string_view pointer) {
    element value;
    return root_.at_pointer(pointer).get(value) == simdjson::SUCCESS;
  }
  // The object a local {"$ref": "#/..."} names, or `value` itself.
  element Resolved(element value) {
    std::string_view ref;
    if (value.is_object() && value["$ref"].get(ref) == simdjson::SUCCESS && ref.starts_with("#")) {
      return At(ref.substr(1));
    }
    return value;
  }

  std::string document_;
  simdjson::dom::parser parser_;
  element root_;
};

std::string EscapePointerToken(std::string_view token) {
  std::string escaped;
  for (const char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

TEST_F(OpenApiTest, HasVersionInfoAndServers) {
  EXPECT_EQ(std::string_view(At("/openapi")), "3.1.0");
  EXPECT_EQ(std::string_view(At("/info/title")), "onnxocr-server");
  EXPECT_EQ(std::string_view(At("/info/version")), "0.1.0");
  EXPECT_EQ(std::string_view(At("/info/license/identifier")), "Apache-2.0");
  EXPECT_EQ(std::string_view(At("/servers/0/url")), "/");
}

TEST_F(OpenApiTest, DocumentsEveryRouteOfTheContract) {
  const auto routes = DocumentedRoutes(testing::ReadFile(ONNXOCR_HTTP_API_DOC));
  ASSERT_GE(routes.size(), 7u) << "could not read the routes from " << ONNXOCR_HTTP_API_DOC;
  for (const auto& [method, path] : routes) {
    EXPECT_TRUE(Has("/paths/" + EscapePointerToken(path) + "/" + method)) << method << " " << path;
  }
}

TEST_F(OpenApiTest, ErrorCodeEnumMatchesTheContract) {
  const auto documented = DocumentedErrorCodes(testing::ReadFile(ONNXOCR_HTTP_API_DOC));
  ASSERT_GE(documented.size(), 10u) << "could not read the error codes from " << ONNXOCR_HTTP_API_DOC;
  std::set<std::string> in_schema;
  for (const element code : At("/components/schemas/Error/properties/code/enum").get_array()) {
    in_schema.emplace(std::string_view(code));
  }
  EXPECT_EQ(in_schema, documented);
}

TEST_F(OpenApiTest, OcrAcceptsSingleBatchAndMultipart) {
  for (const std::string_view path : {"/paths/~1ocr/post", "/paths/~1ocr_api/post"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(std::string_view(At(std::string(path) + "/requestBody/$ref")), "#/components/requestBodies/Ocr");
    EXPECT_EQ(std::string_view(At(std::string(path) + "/responses/200/$ref")), "#/components/responses/Ocr200");
  }
  EXPECT_NE(std::string_view(At("/paths/~1ocr/post/operationId")),
            std::string_view(At("/paths/~1ocr_api/post/operationId")));
  EXPECT_TRUE(Has("/components/requestBodies/Ocr/content/multipart~1form-data/schema"));
  EXPECT_EQ(At("/components/schemas/OcrJsonRequest/oneOf").get_array().size(), 2u);
  EXPECT_EQ(std::string_view(At("/components/schemas/OcrMultipartRequest/allOf/0/$ref")),
            "#/components/schemas/OcrFormOptions");
  EXPECT_EQ(std::string_view(At("/components/schemas/MarkerRequest/allOf/0/$ref")),
            "#/components/schemas/OcrFormOptions");
  EXPECT_EQ(int64_t(At("/components/schemas/TextLine/properties/bounding_box/minItems")), 4);
  EXPECT_EQ(int64_t(At("/components/schemas/TextLine/properties/bounding_box/maxItems")), 4);
}

// Both option schemas are the request options of core/request_options.h,
// with this server's defaults.
TEST_F(OpenApiTest, TheOptionSchemasAreTheRequestOptions) {
  for (const char* schema : {"/components/schemas/OcrOptions", "/components/schemas/OcrFormOptions"}) {
    const std::string properties = std::string(schema) + "/properties/";
    EXPECT_EQ(At(std::string(schema) + "/properties").get_object().size(), RequestOptions().size()) << schema;
    for (const RequestOption& option : RequestOptions()) {
      const std::string at = properties + std::string(option.name);
      SCOPED_TRACE(at);
      ASSERT_TRUE(Has(at));
      const std::string_view type = At(at + "/type");
      if (option.type == OptionType::kInteger || option.type == OptionType::kNumber) {
        EXPECT_EQ(type, option.type == OptionType::kInteger ? "integer" : "number");
        EXPECT_EQ(double(At(at + "/minimum")), option.minimum);
        EXPECT_EQ(double(At(at + "/maximum")), option.maximum);
      } else {
        EXPECT_EQ(type, option.type == OptionType::kBoolean ? "boolean" : "string");
      }
      EXPECT_EQ(Has(at + "/default"), option.get(ServerDefaults()).has_value());
    }
    EXPECT_EQ(double(At(properties + "drop_score/default")), 0.7);
    EXPECT_EQ(std::string_view(At(properties + "model/default")), "ppocrv5-mobile");
  }
  Load(OcrOptions{});
  EXPECT_FALSE(Has("/components/schemas/OcrOptions/properties/drop_score/default"))
      << "no server default: the model set's, described in words";
  EXPECT_NE(std::string_view(At("/components/schemas/OcrOptions/properties/drop_score/description")).find("0.5"),
            std::string_view::npos);
}

TEST_F(OpenApiTest, EveryResponseHasRequestIdAndEvery503HasRetryAfter) {
  int responses = 0;
  for (const auto path : At("/paths").get_object()) {
    for (const auto operation : path.value.get_object()) {
      for (const auto response : operation.value["responses"].get_object()) {
        SCOPED_TRACE(std::string(path.key) + " " + std::string(operation.key) + " " + std::string(response.key));
        ++responses;
        const element answer = Resolved(response.value);
        EXPECT_EQ(answer.at_pointer("/headers/X-Request-Id").error(), simdjson::SUCCESS);
        if (response.key == "503" && path.key != "/ready") {
          EXPECT_EQ(answer.at_pointer("/headers/Retry-After").error(), simdjson::SUCCESS);
        }
      }
    }
  }
  EXPECT_GT(responses, 20);
  EXPECT_TRUE(Has("/components/responses/Ocr503/headers/Retry-After"));
}

TEST_F(OpenApiTest, MarkerUsesItsOwnErrorShape) {
  EXPECT_TRUE(Has("/paths/~1marker~1upload/post/requestBody/content/multipart~1form-data"));
  EXPECT_EQ(std::string_view(At("/paths/~1marker~1upload/post/responses/400/content/application~1json/schema/$ref")),
            "#/components/schemas/MarkerError");
  EXPECT_EQ(std::string_view(At("/components/responses/Ocr400/content/application~1json/schema/$ref")),
            "#/components/schemas/Error");
  EXPECT_FALSE(bool(At("/components/schemas/MarkerError/properties/success/const")));
}

void CollectRefs(element value, std::vector<std::string>& refs) {
  if (value.is_object()) {
    for (const auto field : value.get_object()) {
      if (field.key == "$ref" && field.value.is_string()) refs.emplace_back(std::string_view(field.value));
      CollectRefs(field.value, refs);
    }
  } else if (value.is_array()) {
    for (const element item : value.get_array()) CollectRefs(item, refs);
  }
}

TEST_F(OpenApiTest, EveryRefResolves) {
  std::vector<std::string> refs;
  CollectRefs(root_, refs);
  EXPECT_GT(refs.size(), 10u);
  for (const std::string& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/")) << ref;
    EXPECT_TRUE(Has(std::string_view(ref).substr(1))) << ref;
  }
}

}  // namespace
}  // namespace onnxocr::server
