#include "core/document/searchable_pdf.h"

#include <gtest/gtest.h>

#include <span>
#include <sstream>
#include <string>

#include "../read_file.h"
#include "core/image_decode.h"
#include "platform/subprocess.h"
#include "platform/temp_file.h"
#include "test_pages.h"

namespace onnxocr {
namespace {

using testing::Line;

// pdftotext's text of `pdf`, whitespace runs as one space.
std::string ExtractText(const std::string& pdf) {
  auto file = TempFile::Create(pdf);
  if (!file.ok()) return "<no temp file>";
  auto run = RunSubprocess({"pdftotext", file->path(), "-"}, SubprocessLimits{});
  if (!run.ok() || run->exit_code != 0) return "<pdftotext failed>";
  std::string text;
  bool space = false;
  for (const char c : run->stdout_data) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f') {
      space = !text.empty();
      continue;
    }
    if (space) text += ' ';
    space = false;
    text += c;
  }
  return text;
}

// pdfinfo's report of every page of `pdf` (sizes in points).
std::string PageInfo(const std::string& pdf) {
  auto file = TempFile::Create(pdf);
  if (!file.ok()) return "<no temp file>";
  auto run = RunSubprocess({"pdfinfo", "-f", "1", "-l", "100", file->path()}, SubprocessLimits{});
  if (!run.ok() || run->exit_code != 0) return "<pdfinfo failed>";
  return run->stdout_data;
}

// Page 1 of `pdf` rendered by pdftoppm at 72 DPI (a point a pixel), as BGR.
cv::Mat RenderFirstPage(const std::string& pdf) {
  auto file = TempFile::Create(pdf);
  if (!file.ok()) return {};
  auto run = RunSubprocess({"pdftoppm", "-r", "72", "-f", "1", "-l", "1", file->path()}, SubprocessLimits{});
  if (!run.ok() || run->exit_code != 0) return {};
  // Binary PPM: "P6\n<w> <h>\n255\n" then RGB.
  std::istringstream header(run->stdout_data);
  std::string magic;
  int width = 0, height = 0, maximum = 0;
  header >> magic >> width >> height >> maximum;
  const auto offset = static_cast<std::size_t>(header.tellg()) + 1;
  if (magic != "P6" || maximum != 255 || run->stdout_data.size() < offset + 3u * width * height) return {};
  cv::Mat rgb(height, width, CV_8UC3, run->stdout_data.data() + offset);
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  return bgr;
}

TextWord Word(std::string text, float x0, float x1, float y0, float y1) {
  return TextWord{std::move(text), 0.9f,
                  Quad{cv::Point2f(x0, y0), cv::Point2f(x1, y0), cv::Point2f(x1, y1), cv::Point2f(x0, y1)}};
}

// Lines of several scripts, with words the way LineWords makes them.
std::vector<TextLine> ScriptLines() {
  TextLine latin = Line("Hello searchable world", 50, 50, 600, 40);
  latin.words = std::vector<TextWord>{Word("Hello", 50, 170, 50, 90), Word("searchable", 170, 450, 50, 90),
                                      Word("world", 450, 650, 50, 90)};
  TextLine cjk = Line("模型测试", 50, 150, 200, 40);
  cjk.words = std::vector<TextWord>{Word("模", 50, 100, 150, 190), Word("型", 100, 150, 150, 190),
                                    Word("测", 150, 200, 150, 190), Word("试", 200, 250, 150, 190)};
  TextLine cyrillic = Line("Привет мир", 50, 250, 300, 40);  // no words: the line is one
  TextLine greek = Line("Καλημέρα κόσμε", 50, 350, 400, 40);
  return {latin, cjk, cyrillic, greek};
}

TEST(SearchablePdfTest, EveryScriptsTextIsExtractableAndAJpegIsEmbeddedAsItIs) {
  const std::string jpeg = testing::ReadFile(std::string(ONNXOCR_TEST_IMAGES) + "/en_paragraph_q90.jpg");
  ASSERT_FALSE(jpeg.empty());
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size());
  auto decoded = DecodeImage(bytes, DecodeLimits{});
  ASSERT_TRUE(decoded.ok());
  const cv::Mat& picture = decoded->front();
  SearchablePdfPage page;
  page.points_per_pixel = 72.0 / 300.0;
  page.width_points = picture.cols * page.points_per_pixel;
  page.height_points = picture.rows * page.points_per_pixel;
  page.picture = PdfPagePicture{picture, bytes, 1};
  page.lines = ScriptLines();
  auto pdf = WriteSearchablePdf({page});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->find(jpeg), std::string::npos) << "the JPEG's own bytes, not a re-encode";
  EXPECT_LE(pdf->size(), jpeg.size() * 11 / 10 + 20 * 1024);
  const std::string text = ExtractText(*pdf);
  for (const char* expected : {"Hello searchable world", "模型测试", "Привет мир", "Καλημέρα κόσμε"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in: " << text;
  }
}

TEST(SearchablePdfTest, OtherPicturesAreLosslessAndATextLayerAloneHasNoPicture) {
  cv::Mat picture(200, 300, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::rectangle(picture, cv::Rect(20, 20, 100, 50), cv::Scalar(10, 20, 30), cv::FILLED);
  SearchablePdfPage with_picture;
  with_picture.width_points = 300;
  with_picture.height_points = 200;
  with_picture.picture = PdfPagePicture{picture, {}, 1};
  with_picture.lines = {Line("first page", 10, 10, 200, 30)};
  SearchablePdfPage text_only;
  text_only.width_points = 612;
  text_only.height_points = 792;
  text_only.points_per_pixel = 0.5;
  text_only.lines = {Line("second page", 100, 100, 400, 40)};
  auto pdf = WriteSearchablePdf({with_picture, text_only});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->find("/DCTDecode"), std::string::npos) << "no JPEG for a picture that was not one";
  EXPECT_NE(pdf->find("/FlateDecode"), std::string::npos);
  const std::string info = PageInfo(*pdf);
  EXPECT_NE(info.find("Page    1 size:  300 x 200 pts"), std::string::npos) << info;
  EXPECT_NE(info.find("Page    2 size:  612 x 792 pts"), std::string::npos) << "the second page's own size: " << info;
  const std::string text = ExtractText(*pdf);
  EXPECT_NE(text.find("first page"), std::string::npos) << text;
  EXPECT_NE(text.find("second page"), std::string::npos) << text;
}

TEST(SearchablePdfTest, AnExifTurnedJpegKeepsItsBytesAndGetsItsUprightPage) {
  const std::string jpeg = testing::ReadFile(std::string(ONNXOCR_TEST_IMAGES) + "/skimage_rocket.jpg");
  ASSERT_FALSE(jpeg.empty());
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(jpeg.data()), jpeg.size());
  auto decoded = DecodeImage(bytes, DecodeLimits{});
  ASSERT_TRUE(decoded.ok());
  // As if its EXIF said 6 (turn 90° clockwise): the upright picture is the stored one turned.
  cv::Mat upright;
  cv::rotate(decoded->front(), upright, cv::ROTATE_90_CLOCKWISE);
  SearchablePdfPage page;
  page.width_points = upright.cols;
  page.height_points = upright.rows;
  page.picture = PdfPagePicture{upright, bytes, 6};
  auto pdf = WriteSearchablePdf({page});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_NE(pdf->find(jpeg), std::string::npos);
  const std::string size = "size:  " + std::to_string(upright.cols) + " x " + std::to_string(upright.rows) + " pts";
  EXPECT_NE(PageInfo(*pdf).find(size), std::string::npos) << PageInfo(*pdf);
  // The page shows the upright picture: close to it, far from the stored one turned the other way.
  const cv::Mat shown = RenderFirstPage(*pdf);
  ASSERT_EQ(shown.size(), upright.size());
  cv::Mat wrong;
  cv::rotate(decoded->front(), wrong, cv::ROTATE_90_COUNTERCLOCKWISE);
  const double right_error = cv::norm(shown, upright, cv::NORM_L1) / static_cast<double>(upright.total());
  const double wrong_error = cv::norm(shown, wrong, cv::NORM_L1) / static_cast<double>(upright.total());
  EXPECT_LT(right_error, 12.0);
  EXPECT_GT(wrong_error, 4 * right_error);
}

TEST(SearchablePdfTest, PagesWithoutASizeOrWithABadPictureAreRefused) {
  EXPECT_EQ(WriteSearchablePdf({}).error().code, ErrorCode::kInvalidArgument);
  SearchablePdfPage empty_size;
  EXPECT_EQ(WriteSearchablePdf({empty_size}).error().code, ErrorCode::kInvalidArgument);
  SearchablePdfPage grey;
  grey.width_points = grey.height_points = 100;
  grey.picture = PdfPagePicture{cv::Mat(10, 10, CV_8UC1), {}, 1};
  EXPECT_EQ(WriteSearchablePdf({grey}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace onnxocr
