#include "core/document/page_geometry.h"

#include <utility>

namespace onnxocr {

void ScalePage(DocumentPage& page, double factor) {
  const auto f = static_cast<float>(factor);
  for (TextLine& line : page.lines) MapLineCorners(line, [f](cv::Point2f point) { return point * f; });
  page.width *= factor;
  page.height *= factor;
}

DocumentPage UprightPage(const DocumentPage& page) {
  DocumentPage upright = page;
  const int turn = page.orientation.value_or(0);
  if (turn == 0) return upright;
  const auto to_upright = [&](cv::Point2f point) { return SourceToUpright(point, turn, page.width, page.height); };
  for (TextLine& line : upright.lines) MapLineCorners(line, to_upright);
  if (turn == 90 || turn == 270) std::swap(upright.width, upright.height);
  upright.orientation = 0;
  return upright;
}

}  // namespace onnxocr
