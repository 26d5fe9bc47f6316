#include "core/pdf/pdf_parsers.h"

#include <string>

#include <gtest/gtest.h>

namespace onnxocr {
namespace {

// ---- pdfinfo ---------------------------------------------------------------

constexpr std::string_view kPdfInfoReport =
    "Title:           first line of a title\n"  // metadata is attacker-controlled and may hold
    "Pages:           999\n"                    // newlines; pdfinfo's own lines come after it
    "Producer:        handwritten\n"
    "Tagged:          no\n"
    "Form:            none\n"
    "Pages:           3\n"
    "Encrypted:       yes (print:yes copy:yes change:yes addNotes:yes algorithm:RC4)\n"
    "Page    1 size:  612 x 792 pts (letter)\n"
    "Page    1 rot:   0\n"
    "Page    2 size:  480 x 297.6 pts\n"
    "Page    2 rot:   90\n"
    "Page    3 size:  595.276 x 841.89 pts (A4)\n"
    "Page    3 rot:   -270\n"
    "Page    1 MediaBox:      0.00     0.00   612.00   792.00\n"
    "File size:       57918 bytes\n"
    "PDF version:     1.4\n";

TEST(ParsePdfInfoOutput, ReadsPagesEncryptionAndRotatedSizes) {
  auto info = ParsePdfInfoOutput(kPdfInfoReport);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->page_count, 3);
  EXPECT_TRUE(info->encrypted);
  ASSERT_EQ(info->page_sizes.size(), 3u);
  EXPECT_DOUBLE_EQ(info->page_sizes[0].width_pt, 612);
  EXPECT_DOUBLE_EQ(info->page_sizes[0].height_pt, 792);
  EXPECT_DOUBLE_EQ(info->page_sizes[1].width_pt, 297.6);  // rotated by 90: displayed sideways
  EXPECT_DOUBLE_EQ(info->page_sizes[1].height_pt, 480);
  EXPECT_DOUBLE_EQ(info->page_sizes[2].width_pt, 841.89);
}

TEST(ParsePdfInfoOutput, SizesMayCoverFewerPages) {
  auto info = ParsePdfInfoOutput("Pages: 5\nEncrypted: no\nPage    1 size: 100 x 200 pts\n");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->page_count, 5);
  EXPECT_FALSE(info->encrypted);
  EXPECT_EQ(info->page_sizes.size(), 1u);
}

TEST(ParsePdfInfoOutput, SizesFromALaterFirstPage) {
  auto info = ParsePdfInfoOutput("Pages: 5\nPage    3 size: 100 x 200 pts\nPage    4 size: 300 x 400 pts\n", 2);
  ASSERT_TRUE(info.ok()) << info.error().message;
  ASSERT_EQ(info->page_sizes.size(), 2u);
  EXPECT_DOUBLE_EQ(info->page_sizes[0].width_pt, 100);
  EXPECT_DOUBLE_EQ(info->page_sizes[1].width_pt, 300);
}

TEST(ParsePdfInfoOutput, RejectsMissingOrZeroPagesAndBadSizes) {
  for (std::string_view report : {"", "Title: x\n", "Pages: 0\n", "Pages: -2\n", "Pages: many\n",
                                  "Pages: 1\nPage    1 size: 0 x 10 pts\n", "Pages: 1\nPage    1 size: garbage\n"}) {
    auto info = ParsePdfInfoOutput(report);
    ASSERT_FALSE(info.ok()) << report;
    EXPECT_EQ(info.error().code, ErrorCode::kCorruptInput) << report;
  }
}

// ---- pdftotext -bbox-layout --------------------------------------------------

constexpr std::string_view kTwoPages =
    R"(<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>a &lt;title&gt; with > inside</title>
<meta name="Creator" content="x > y"/>
</head>
<body>
<doc>
  <page width="612.000000" height="792.000000">
    <flow>
      <block xMin="72" yMin="61.9" xMax="260.3" yMax="114.9">
        <line xMin="72.000000" yMin="61.948000" xMax="196.474000" yMax="74.898000">
          <word xMin="72" yMin="61.9" xMax="103.9" yMax="74.9">Fish</word>
          <word xMin="102" yMin="81" xMax="111" yMax="94">&amp;</word>
          <word xMin="115" yMin="81" xMax="148" yMax="94">&lt;chips&gt;</word>
          <word xMin="115" yMin="81" xMax="148" yMax="94">&quot;&#39;&#x41;&#66;&#x4E2D;&#128512;&bogus;&amp</word>
        </line>
        <line xMin="72" yMin="81" xMax="100" yMax="94">
          <word xMin="72" yMin="81" xMax="100" yMax="94">second</word>
        </line>
      </block>
    </flow>
  </page>
  <page width="300" height="400">
  </page>
  <page width="612" height="792">
    <flow><block xMin="1" yMin="1" xMax="2" yMax="2"><line xMin="10" yMin="20" xMax="30" yMax="40"><word xMin="10" yMin="20" xMax="30" yMax="40">中文</word></line></block></flow>
  </page>
</doc>
</body>
</html>
)";

TEST(ParseTextLayerXhtml, OneTextLinePerLineWithDecodedWords) {
  auto pages = ParseTextLayerXhtml(kTwoPages, 4);
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  ASSERT_EQ(pages->size(), 3u);

  const DocumentPage& first = (*pages)[0];
  EXPECT_EQ(first.page_id, 4);
  EXPECT_EQ(first.source, TextSource::kPdfText);
  EXPECT_DOUBLE_EQ(first.width, 612);
  EXPECT_DOUBLE_EQ(first.height, 792);
  ASSERT_EQ(first.lines.size(), 2u);
  EXPECT_EQ(first.lines[0].text, "Fish & <chips> \"'AB\xE4\xB8\xAD\xF0\x9F\x98\x80&bogus;&amp");
  EXPECT_FLOAT_EQ(first.lines[0].confidence, 1.0f);
  EXPECT_FLOAT_EQ(first.lines[0].box[0].x, 72.0f);
  EXPECT_FLOAT_EQ(first.lines[0].box[0].y, 61.948f);
  EXPECT_FLOAT_EQ(first.lines[0].box[2].x, 196.474f);
  EXPECT_FLOAT_EQ(first.lines[0].box[2].y, 74.898f);
  EXPECT_FLOAT_EQ(first.lines[0].box[1].x, 196.474f);  // clockwise from top-left
  EXPECT_FLOAT_EQ(first.lines[0].box[3].y, 74.898f);
  EXPECT_EQ(first.lines[1].text, "second");

  EXPECT_EQ((*pages)[1].page_id, 5);
  EXPECT_TRUE((*pages)[1].lines.empty());
  EXPECT_DOUBLE_EQ((*pages)[1].width, 300);

  ASSERT_EQ((*pages)[2].lines.size(), 1u);
  EXPECT_EQ((*pages)[2].lines[0].text, "中文");
  EXPECT_EQ((*pages)[2].page_id, 6);
}

TEST(ParseTextLayerXhtml, NoPagesIsAnEmptyResult) {
  auto pages = ParseTextLayerXhtml("<html><body><doc></doc></body></html>", 0);
  ASSERT_TRUE(pages.ok()) << pages.error().message;
  EXPECT_TRUE(pages->empty());
}

TEST(ParseTextLayerXhtml, RejectsGarbage) {
  for (std::string_view xhtml : {
           "<doc><page width=\"1\" height=\"1\">",                       // unterminated page
           "<doc><page width=\"1\" height=\"1\"></doc",                  // unterminated tag
           "<page width=\"1\"></page>",                                  // no height
           "<page width=\"a\" height=\"1\"></page>",                     // not a number
           "<line xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"2\"></line>",  // line outside a page
           "<page width=\"1\" height=\"1\"><line xMin=\"1\"></line></page>",
           "<page width=\"1\" height=\"1\"><word>x</word></page>",
           "<page width=\"1\" height=\"1\"><page width=\"1\" height=\"1\"></page></page>",
           "<page width=\"1\" height=\"1\"></line></page>",
           "<page width=1 height=1></page>",  // unquoted attributes
           "<page width=\"1\" height=\"1\"><!-- never closed",
           "<>",
       }) {
    auto pages = ParseTextLayerXhtml(xhtml, 0);
    ASSERT_FALSE(pages.ok()) << xhtml;
    EXPECT_EQ(pages.error().code, ErrorCode::kCorruptInput) << xhtml;
  }
}

TEST(DecodeXmlEntities, DecodesPredefinedAndNumericReferences) {
  EXPECT_EQ(DecodeXmlEntities("a &amp; b &lt;&gt; &quot;&apos;&#39;"), "a & b <> \"''");
  EXPECT_EQ(DecodeXmlEntities("&#233;&#xe9;&#XE9;"), "\xC3\xA9\xC3\xA9\xC3\xA9");
  EXPECT_EQ(DecodeXmlEntities("&#0;&#xD800;&#x110000;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(DecodeXmlEntities("AT&T &nbsp; & &#; &#xZZ; &#12345678901;"), "AT&T &nbsp; & &#; &#xZZ; &#12345678901;");
  EXPECT_EQ(DecodeXmlEntities(""), "");
  EXPECT_EQ(DecodeXmlEntities("&"), "&");
}

// ---- PPM -------------------------------------------------------------------

std::string Ppm(std::string_view header, std::string_view raster) {
  return std::string(header) + std::string(raster);
}

TEST(ParsePpm, DecodesRgbIntoBgr) {
  // 2x1: a red pixel, then a blue one; a comment in the header.
  const std::string ppm = Ppm("P6\n# made by hand\n2 1\n255\n", std::string("\xFF\x00\x00\x00\x00\xFF", 6));
  auto image = ParsePpm(ppm, 100);
  ASSERT_TRUE(image.ok()) << image.error().message;
  ASSERT_EQ(image->type(), CV_8UC3);
  ASSERT_EQ(image->cols, 2);
  ASSERT_EQ(image->rows, 1);
  EXPECT_EQ(image->at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 255));  // red in BGR
  EXPECT_EQ(image->at<cv::Vec3b>(0, 1), cv::Vec3b(255, 0, 0));  // blue in BGR
}

TEST(ParsePpm, ExtraTrailingBytesAreIgnored) {
  auto image = ParsePpm(Ppm("P6 1 1 255\n", "abcXYZ"), 100);
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->at<cv::Vec3b>(0, 0), cv::Vec3b('c', 'b', 'a'));
}

TEST(ParsePpm, RejectsTruncatedRaster) {
  auto image = ParsePpm(Ppm("P6\n2 2\n255\n", "abcdefghi"), 100);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, ErrorCode::kCorruptInput);
}

TEST(ParsePpm, RejectsWrongMagicAndMaxval) {
  for (std::string_view data : {"P5\n1 1\n255\nx", "P3\n1 1\n255\n1 2 3", "", "GIF89a"}) {
    auto image = ParsePpm(data, 100);
    ASSERT_FALSE(image.ok());
    EXPECT_EQ(image.error().code, ErrorCode::kUnsupportedFormat) << data;
  }
  auto sixteen_bit = ParsePpm(Ppm("P6\n1 1\n65535\n", "abcdef"), 100);
  ASSERT_FALSE(sixteen_bit.ok());
  EXPECT_EQ(sixteen_bit.error().code, ErrorCode::kUnsupportedFormat);
}

TEST(ParsePpm, RejectsMalformedHeaders) {
  for (std::string_view data : {"P6", "P6\n", "P6\n1\n", "P6\n1 1\n", "P6\n1 1\n255", "P6\n0 1\n255\n",
                                "P6\n-1 1\n255\n", "P6\nx 1\n255\n", "P6\n99999999999 1\n255\n"}) {
    auto image = ParsePpm(data, 100);
    ASSERT_FALSE(image.ok()) << data;
    EXPECT_EQ(image.error().code, ErrorCode::kCorruptInput) << data;
  }
}

TEST(ParsePpm, HugeDimensionsFailBeforeAllocating) {
  // 1e9 x 1e9 pixels with a 10-byte raster: must be refused from the header alone.
  auto huge = ParsePpm(Ppm("P6\n1000000000 1000000000\n255\n", "0123456789"), 40'000'000);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kLimitExceeded);

  auto over_limit = ParsePpm(Ppm("P6\n10 10\n255\n", std::string(300, 'x')), 99);
  ASSERT_FALSE(over_limit.ok());
  EXPECT_EQ(over_limit.error().code, ErrorCode::kLimitExceeded);

  auto fits = ParsePpm(Ppm("P6\n10 10\n255\n", std::string(300, 'x')), 100);
  EXPECT_TRUE(fits.ok());
}

}  // namespace
}  // namespace onnxocr
