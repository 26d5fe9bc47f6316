// End to end with poppler-utils on the fixtures in tests/data/pdf.
#include "core/pdf/pdf_document.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/pdf/page_range.h"
#include "platform/temp_file.h"
#include "../read_file.h"

namespace onnxocr {
namespace {

using testing::ReadFile;

std::string Fixture(const std::string& name) {
  return std::string(ONNXOCR_PDF_DATA_DIR) + "/" + name;
}

std::string PageText(const DocumentPage& page) {
  std::string text;
  for (const TextLine& line : page.lines) text += line.text + "\n";
  return text;
}

TEST(InspectPdf, CountsPagesAndReadsSizes) {
  auto info = InspectPdf(Fixture("text_layer.pdf"));
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->page_count, 2);
  EXPECT_FALSE(info->encrypted);
  ASSERT_EQ(info->page_sizes.size(), 2u);
  EXPECT_DOUBLE_EQ(info->page_sizes[0].width_pt, 612);
  EXPECT_DOUBLE_EQ(info->page_sizes[0].height_pt, 792);

  auto mixed = InspectPdf(Fixture("mixed.pdf"));
  ASSERT_TRUE(mixed.ok()) << mixed.error().message;
  EXPECT_EQ(mixed->page_count, 2);
  ASSERT_EQ(mixed->page_sizes.size(), 2u);
  EXPECT_DOUBLE_EQ(mixed->page_sizes[1].width_pt, 480);
  EXPECT_DOUBLE_EQ(mixed->page_sizes[1].height_pt, 297.6);
}

TEST(InspectPdf, EncryptedPdfIsUnsupported) {
  auto info = InspectPdf(Fixture("encrypted.pdf"));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(info.error().message.find("encrypted PDF"), std::string::npos);
}

TEST(InspectPdf, CorruptAndNonPdfInputIsCorrupt) {
  auto corrupt = InspectPdf(Fixture("corrupt.pdf"));
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, ErrorCode::kCorruptInput) << corrupt.error().message;

  auto png = TempFile::Create(ReadFile(std::string(ONNXOCR_PDF_DATA_DIR) + "/../images/en_paragraph.png"));
  ASSERT_TRUE(png.ok());
  auto not_pdf = InspectPdf(png->path());
  ASSERT_FALSE(not_pdf.ok());
  EXPECT_EQ(not_pdf.error().code, ErrorCode::kCorruptInput) << not_pdf.error().message;
}

TEST(ExtractTextLayer, FindsTheKnownStrings) {
  auto pages = ExtractTextLayer(Fixture("text_layer.pdf"), {0, 1});
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  ASSERT_EQ(pages->size(), 2u);
  const std::string expected = ReadFile(Fixture("text_layer.gt.txt"));
  EXPECT_EQ(PageText((*pages)[0]) + "\n" + PageText((*pages)[1]), expected);
  for (const DocumentPage& page : *pages) {
    EXPECT_EQ(page.source, TextSource::kPdfText);
    EXPECT_DOUBLE_EQ(page.width, 612);
    EXPECT_DOUBLE_EQ(page.height, 792);
    EXPECT_TRUE(PageHasTextLayer(page));
  }
  EXPECT_EQ((*pages)[1].page_id, 1);
  // First line: Helvetica 14 pt at x = 72 pt, baseline 72 pt below the top.
  const Quad& box = (*pages)[0].lines[0].box;
  EXPECT_NEAR(box[0].x, 72, 0.5);
  EXPECT_NEAR(box[0].y, 62, 1.5);
  EXPECT_GT(box[2].x, box[0].x);
  EXPECT_NEAR(box[2].y, 75, 1.5);
}

TEST(ExtractTextLayer, KeepsRequestedOrderAndHandlesSparsePages) {
  auto pages = ExtractTextLayer(Fixture("text_layer.pdf"), {1, 0, 1});
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_EQ((*pages)[0].page_id, 1);
  EXPECT_EQ((*pages)[1].page_id, 0);
  EXPECT_EQ((*pages)[0].lines[0].text, "Page two says hello");
  EXPECT_EQ((*pages)[1].lines[0].text, "Hello PDF text layer");
  EXPECT_EQ((*pages)[1].lines[1].text, "Fish & chips <cheap> price 42");
}

TEST(ExtractTextLayer, ScannedPagesHaveNoTextLayer) {
  auto pages = ExtractTextLayer(Fixture("scanned.pdf"), {0, 1});
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  ASSERT_EQ(pages->size(), 2u);
  for (const DocumentPage& page : *pages) EXPECT_FALSE(PageHasTextLayer(page));
  EXPECT_DOUBLE_EQ((*pages)[1].height, 316.8);
}

TEST(ExtractTextLayer, MixedPdf) {
  auto pages = ExtractTextLayer(Fixture("mixed.pdf"), {0, 1});
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  EXPECT_TRUE(PageHasTextLayer((*pages)[0]));
  EXPECT_FALSE(PageHasTextLayer((*pages)[1]));
}

TEST(ExtractTextLayer, Errors) {
  auto out_of_range = ExtractTextLayer(Fixture("text_layer.pdf"), {2});
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.error().code, ErrorCode::kInvalidArgument) << out_of_range.error().message;

  auto negative = ExtractTextLayer(Fixture("text_layer.pdf"), {-1});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);

  auto encrypted = ExtractTextLayer(Fixture("encrypted.pdf"), {0});
  ASSERT_FALSE(encrypted.ok());
  EXPECT_EQ(encrypted.error().code, ErrorCode::kUnsupportedFormat);

  auto corrupt = ExtractTextLayer(Fixture("corrupt.pdf"), {0});
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, ErrorCode::kCorruptInput);

  auto none = ExtractTextLayer(Fixture("text_layer.pdf"), {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(PageHasTextLayer, NeedsAFewVisibleCharacters) {
  DocumentPage page;
  EXPECT_FALSE(PageHasTextLayer(page));
  page.lines.push_back(TextLine{" a \t", 1.0f, {}});
  page.lines.push_back(TextLine{"b", 1.0f, {}});
  EXPECT_FALSE(PageHasTextLayer(page));
  page.lines.push_back(TextLine{"中", 1.0f, {}});  // one character, three bytes
  EXPECT_TRUE(PageHasTextLayer(page));
  EXPECT_FALSE(PageHasTextLayer(page, 4));
}

TEST(ChooseOcrDpi, DefaultCappedAndFloored) {
  EXPECT_EQ(ChooseOcrDpi(612, 792), 200);                   // Letter: 1700 x 2200 px
  EXPECT_EQ(ChooseOcrDpi(595.276, 841.89), 200);            // A4
  EXPECT_EQ(ChooseOcrDpi(2384, 3370), 85);                  // A0: longer side <= 4000 px
  EXPECT_LE(3370.0 * ChooseOcrDpi(2384, 3370) / 72, 4000);  // ...really
  EXPECT_EQ(ChooseOcrDpi(14400, 14400), 72);                // 200-inch page: floor at 72
  EXPECT_EQ(ChooseOcrDpi(612, 792, {.dpi = 200, .max_side_px = 1100}), 100);
  EXPECT_EQ(ChooseOcrDpi(612, 792, {.dpi = 300, .max_side_px = 4000}), 300);  // 2550 x 3300 px
  EXPECT_EQ(ChooseOcrDpi(612, 792, {.dpi = 400, .max_side_px = 4000}), 363);  // 792 pt -> 3993 px
  EXPECT_EQ(ChooseOcrDpi(0, 792, {.dpi = 150, .max_side_px = 4000}), 150);
  EXPECT_EQ(ChooseOcrDpi(0, 792), 200);
  EXPECT_EQ(ChooseOcrDpi(-5, 792), 200);
}

TEST(RasterizePdfPage, RendersBgrAtTheChosenDpi) {
  auto info = InspectPdf(Fixture("scanned.pdf"));
  ASSERT_TRUE(info.ok()) << info.error().message;
  const PdfPageSize size = info->page_sizes[1];
  const int dpi = ChooseOcrDpi(size.width_pt, size.height_pt);
  ASSERT_EQ(dpi, 200);
  auto image = RasterizePdfPage(Fixture("scanned.pdf"), *info, 1, dpi);
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->type(), CV_8UC3);
  EXPECT_EQ(image->cols, 1334);  // ceil(480 pt * 200 / 72)
  EXPECT_EQ(image->rows, 880);   // 316.8 pt * 200 / 72
  // A white page with dark text: mostly bright, some dark pixels.
  cv::Mat gray;
  cv::cvtColor(*image, gray, cv::COLOR_BGR2GRAY);
  EXPECT_GT(cv::mean(gray)[0], 180);
  EXPECT_GT(cv::countNonZero(gray < 100), 1000);
}

TEST(RasterizePdfPage, RendersTextPages) {
  auto info = InspectPdf(Fixture("text_layer.pdf"));
  ASSERT_TRUE(info.ok()) << info.error().message;
  auto image = RasterizePdfPage(Fixture("text_layer.pdf"), *info, 0, 72);
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->cols, 612);
  EXPECT_EQ(image->rows, 792);
  cv::Mat gray;
  cv::cvtColor(*image, gray, cv::COLOR_BGR2GRAY);
  EXPECT_GT(cv::countNonZero(gray < 128), 100);
}

TEST(RasterizePdfPage, Errors) {
  auto info = InspectPdf(Fixture("text_layer.pdf"));
  ASSERT_TRUE(info.ok()) << info.error().message;
  const std::string path = Fixture("text_layer.pdf");

  auto out_of_range = RasterizePdfPage(path, *info, 2, 100);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.error().code, ErrorCode::kInvalidArgument);

  auto bad_dpi = RasterizePdfPage(path, *info, 0, 0);
  ASSERT_FALSE(bad_dpi.ok());
  EXPECT_EQ(bad_dpi.error().code, ErrorCode::kInvalidArgument);

  PdfLimits small;
  small.max_page_pixels = 1'000'000;  // Letter at 200 DPI is 3.74 M pixels
  auto too_big = RasterizePdfPage(path, *info, 0, 200, small);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, ErrorCode::kLimitExceeded);

  // Absurd sizes from a hostile PDF (pdfinfo prints "1e+20 x 1e+20 pts"):
  // refused without overflow, before pdftoppm runs.
  for (const double points : {1e20, 5e9, std::numeric_limits<double>::infinity()}) {
    PdfInfo huge = *info;
    huge.page_sizes[0] = PdfPageSize{points, points};
    auto refused = RasterizePdfPage(path, huge, 0, 72);
    ASSERT_FALSE(refused.ok()) << points;
    EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded) << points;
  }

  PdfInfo undescribed = *info;  // sizes unknown: RasterizePdfPage asks pdfinfo itself
  undescribed.page_sizes.clear();
  auto described = RasterizePdfPage(path, undescribed, 1, 36);
  ASSERT_TRUE(described.ok()) << described.error().message;
  EXPECT_EQ(described->cols, 306);
}

TEST(PdfPipeline, UploadToTempFileThenSelectPages) {
  auto upload = TempFile::Create(ReadFile(Fixture("mixed.pdf")));
  ASSERT_TRUE(upload.ok()) << upload.error().message;
  auto info = InspectPdf(upload->path());
  ASSERT_TRUE(info.ok()) << info.error().message;
  auto pages = ParsePageRange("", info->page_count);
  ASSERT_TRUE(pages.ok());
  auto text = ExtractTextLayer(upload->path(), *pages);
  ASSERT_TRUE(text.ok()) << text.error().message;
  ASSERT_EQ(text->size(), 2u);
  EXPECT_TRUE(PageHasTextLayer((*text)[0]));
  EXPECT_FALSE(PageHasTextLayer((*text)[1]));
  const PdfPageSize size = info->page_sizes[1];
  auto image = RasterizePdfPage(upload->path(), *info, 1, ChooseOcrDpi(size.width_pt, size.height_pt));
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->cols, 1334);
  EXPECT_EQ(image->rows, 827);  // ceil(297.6 * 200 / 72) = ceil(826.67)
}

}  // namespace
}  // namespace onnxocr
