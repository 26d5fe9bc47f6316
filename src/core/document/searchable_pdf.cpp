#include "core/document/searchable_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>
#include <new>
#include <string_view>

#include "core/document/text_clean.h"

namespace onnxocr {
namespace {

// Words taller than this (points, about 70 cm) are skipped: no page has them,
// and cairo's glyph caches grow with the size a font is drawn at.
constexpr double kMaxWordHeight = 2000;
// Words smaller than this (points, along or across) are skipped: no one reads
// or selects them, and FreeType refuses fonts below about a point.
constexpr double kMinWordSize = 1.0;


struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
struct FontFaceDeleter {
  void operator()(cairo_font_face_t* face) const { cairo_font_face_destroy(face); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;
using FontFacePtr = std::unique_ptr<cairo_font_face_t, FontFaceDeleter>;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

Error CairoError(cairo_status_t status) {
  return MakeError(ErrorCode::kInternal, std::string("PDF writer: ") + cairo_status_to_string(status));
}

// The text layer's fonts: the first that has a glyph for every character of
// a word draws it.
class Fonts {
 public:
  Fonts() {
    for (const char* family : {"DejaVu Sans", "Droid Sans Fallback"}) {
      faces_.emplace_back(cairo_toy_font_face_create(family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL));
    }
  }

  // Selects the face with the fewest missing glyphs for `text` on `cr`.
  void Select(cairo_t* cr, std::string_view text) const {
    int fewest = INT_MAX;
    cairo_font_face_t* best = faces_.front().get();
    for (const FontFacePtr& face : faces_) {
      cairo_set_font_face(cr, face.get());
      const int missing = MissingGlyphs(cairo_get_scaled_font(cr), text);
      if (missing < fewest) {
        fewest = missing;
        best = face.get();
      }
      if (missing == 0) break;
    }
    cairo_set_font_face(cr, best);
  }

 private:
  static int MissingGlyphs(cairo_scaled_font_t* font, std::string_view text) {
    cairo_glyph_t* glyphs = nullptr;
    int count = 0;
    if (cairo_scaled_font_text_to_glyphs(font, 0, 0, text.data(), static_cast<int>(text.size()), &glyphs, &count,
                                         nullptr, nullptr, nullptr) != CAIRO_STATUS_SUCCESS) {
      return INT_MAX;
    }
    int missing = 0;
    for (int i = 0; i < count; ++i) missing += glyphs[i].index == 0 ? 1 : 0;
    cairo_glyph_free(glyphs);
    return missing;
  }

  std::vector<FontFacePtr> faces_;
};

// Draws `text` so that it fills the word's box: its baseline along the box's
// top edge direction, its em the box's height, stretched to the box's width,
// less a third of an em before a space: text extractors (poppler's included)
// break words where glyphs leave a gap, not at space characters, and word
// boxes reach halfway to their neighbours. The space is drawn in the gap.
void ShowWord(cairo_t* cr, const Fonts& fonts, const std::string& text, const Quad& box, double scale,
              bool space_after) {
  const cv::Point2d p0(box[0].x * scale, box[0].y * scale);
  const cv::Point2d p1(box[1].x * scale, box[1].y * scale);
  const cv::Point2d p3(box[3].x * scale, box[3].y * scale);
  const cv::Point2d along = p1 - p0;
  const double height = std::hypot(p3.x - p0.x, p3.y - p0.y);
  const double box_length = std::hypot(along.x, along.y);
  const double length = space_after ? std::max(box_length * 0.5, box_length - height / 3) : box_length;
  // Boxes off any real page (non-finite, or beyond PDF's 14400-point sides many times over) are skipped.
  for (const cv::Point2d& corner : {p0, p1, p3}) {
    if (!std::isfinite(corner.x) || !std::isfinite(corner.y) || std::abs(corner.x) > 1e6 || std::abs(corner.y) > 1e6) {
      return;
    }
  }
  if (text.empty() || !(length >= kMinWordSize) || !(height >= kMinWordSize) || height > kMaxWordHeight) return;
  fonts.Select(cr, text);
  cairo_set_font_size(cr, height);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  if (!(extents.x_advance > 0)) return;
  // A box no text fits (FreeType refuses fonts squeezed below a point, and
  // cairo such matrices): the word is left out rather than fail the PDF.
  const double stretch = length / extents.x_advance;
  if (!(stretch > 0.02 && stretch < 50) || stretch * height < kMinWordSize) return;
  const cv::Point2d baseline = p0 + (p3 - p0) * 0.8;  // a descent of about a fifth of the em
  cairo_save(cr);
  cairo_translate(cr, baseline.x, baseline.y);
  cairo_rotate(cr, std::atan2(along.y, along.x));
  cairo_scale(cr, stretch, 1.0);
  cairo_move_to(cr, 0, 0);
  cairo_show_text(cr, text.c_str());
  if (space_after) cairo_show_text(cr, " ");
  cairo_restore(cr);
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t'; }

// Lines within this of an axis are laid along it. Text extractors read text
// laid at any other angle glyph by glyph into broken lines, and a scan's
// slight skew is no reason to.
constexpr double kSnapRadians = 15.0 * CV_PI / 180.0;

// The word boxes of a line whose angle is within kSnapRadians of an axis,
// laid along that axis: each word spans its own extent along the line, and
// across it the line's height centred on the line, so the words of a line
// share one baseline and a skewed line's band stays clear of its neighbours.
// The angle is the words' reading direction (a line the classifier turned
// reads right to left across its box).
std::vector<Quad> SnappedWordBoxes(const TextLine& line, const std::vector<TextWord>& words) {
  const cv::Point2f along = words.front().box[1] - words.front().box[0];
  const double angle = std::atan2(along.y, along.x);
  const double axis = std::round(angle / (CV_PI / 2)) * (CV_PI / 2);
  std::vector<Quad> boxes;
  if (std::abs(angle - axis) > kSnapRadians) {
    for (const TextWord& word : words) boxes.push_back(word.box);
    return boxes;
  }
  const cv::Point2d u(std::cos(axis), std::sin(axis));  // along the line
  const cv::Point2d v(-u.y, u.x);                        // across it, downwards as the line reads
  const auto along_u = [&](const cv::Point2f& p) { return p.x * u.x + p.y * u.y; };
  const auto across_v = [&](const cv::Point2f& p) { return p.x * v.x + p.y * v.y; };
  const cv::Point2f center = (line.box[0] + line.box[1] + line.box[2] + line.box[3]) * 0.25f;
  const double half_height = 0.25 * (PointDistance(line.box[0], line.box[3]) + PointDistance(line.box[1], line.box[2]));
  const double top = across_v(center) - half_height;
  const double bottom = across_v(center) + half_height;
  for (const TextWord& word : words) {
    double start = along_u(word.box[0]), end = start;
    for (const cv::Point2f& corner : word.box) {
      start = std::min(start, along_u(corner));
      end = std::max(end, along_u(corner));
    }
    const auto at = [&](double a, double c) {
      return cv::Point2f(static_cast<float>(a * u.x + c * v.x), static_cast<float>(a * u.y + c * v.y));
    };
    boxes.push_back({at(start, top), at(end, top), at(end, bottom), at(start, bottom)});
  }
  return boxes;
}

void ShowLine(cairo_t* cr, const Fonts& fonts, const TextLine& line, double scale) {
  // cairo takes valid UTF-8 only: text is cleaned as the document renderers clean it.
  const std::string text = CleanText(line.text);
  const std::vector<TextWord> whole{TextWord{text, line.confidence, line.box}};
  const std::vector<TextWord>& words = line.words && !line.words->empty() ? *line.words : whole;
  const std::vector<Quad> boxes = SnappedWordBoxes(line, words);
  // A word is followed by a space when the line's text has one after it.
  std::size_t position = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string word = CleanText(words[i].text);
    if (word.empty()) continue;
    const std::size_t found = text.find(word, position);
    bool space_after = false;
    if (found != std::string::npos) {
      position = found + word.size();
      space_after = position < text.size() && IsSpaceByte(text[position]);
    }
    ShowWord(cr, fonts, word, boxes[i], scale, space_after);
  }
}

// The picture as a cairo surface, pixels copied (RGB24 is 0xXXRRGGBB words).
Result<SurfacePtr> PictureSurface(const cv::Mat& bgr) {
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, bgr.cols, bgr.rows));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return CairoError(cairo_surface_status(surface.get()));
  cairo_surface_flush(surface.get());
  unsigned char* data = cairo_image_surface_get_data(surface.get());
  const auto stride = static_cast<std::size_t>(cairo_image_surface_get_stride(surface.get()));
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* in = bgr.ptr<std::uint8_t>(y);
    auto* out = reinterpret_cast<std::uint32_t*>(data + static_cast<std::size_t>(y) * stride);
    for (int x = 0; x < bgr.cols; ++x, in += 3) {
      out[x] = 0xFF000000u | (std::uint32_t{in[2]} << 16) | (std::uint32_t{in[1]} << 8) | in[0];
    }
  }
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

// The stored JPEG's pixels from the upright ones: EXIF orientation undone.
cv::Mat StoredFromUpright(const cv::Mat& upright, int orientation) {
  cv::Mat stored;
  switch (orientation) {
    case 2: cv::flip(upright, stored, 1); break;
    case 3: cv::rotate(upright, stored, cv::ROTATE_180); break;
    case 4: cv::flip(upright, stored, 0); break;
    case 5: cv::transpose(upright, stored); break;
    case 6: cv::rotate(upright, stored, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    case 7: {
      cv::Mat transposed;
      cv::transpose(upright, transposed);
      cv::rotate(transposed, stored, cv::ROTATE_180);
      break;
    }
    case 8: cv::rotate(upright, stored, cv::ROTATE_90_CLOCKWISE); break;
    default: stored = upright;
  }
  return stored;
}

// Maps the stored picture (w x h) onto the upright one, as EXIF orientation says.
cairo_matrix_t OrientationMatrix(int orientation, double w, double h) {
  cairo_matrix_t m;
  switch (orientation) {
    case 2: cairo_matrix_init(&m, -1, 0, 0, 1, w, 0); break;
    case 3: cairo_matrix_init(&m, -1, 0, 0, -1, w, h); break;
    case 4: cairo_matrix_init(&m, 1, 0, 0, -1, 0, h); break;
    case 5: cairo_matrix_init(&m, 0, 1, 1, 0, 0, 0); break;
    case 6: cairo_matrix_init(&m, 0, 1, -1, 0, h, 0); break;
    case 7: cairo_matrix_init(&m, 0, -1, -1, 0, h, w); break;
    case 8: cairo_matrix_init(&m, 0, -1, 1, 0, 0, w); break;
    default: cairo_matrix_init_identity(&m);
  }
  return m;
}

Status PaintPicture(cairo_t* cr, const PdfPagePicture& picture, double scale) {
  const bool jpeg = !picture.jpeg.empty();
  const int orientation = jpeg ? std::clamp(picture.jpeg_orientation, 1, 8) : 1;
  const cv::Mat stored = StoredFromUpright(picture.bgr, orientation);
  auto surface = PictureSurface(stored);
  if (!surface.ok()) return surface.error();
  if (jpeg) {
    // Borrowed: the bytes outlive the PDF surface, finished before the writer returns.
    const cairo_status_t status =
        cairo_surface_set_mime_data(surface->get(), CAIRO_MIME_TYPE_JPEG, picture.jpeg.data(),
                                    picture.jpeg.size(), nullptr, nullptr);
    if (status != CAIRO_STATUS_SUCCESS) return CairoError(status);
  }
  cairo_save(cr);
  cairo_scale(cr, scale, scale);
  const cairo_matrix_t turn = OrientationMatrix(orientation, stored.cols, stored.rows);
  cairo_transform(cr, &turn);
  cairo_set_source_surface(cr, surface->get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  return Status::Ok();
}

}  // namespace

Result<std::string> WriteSearchablePdf(const std::vector<SearchablePdfPage>& pages) {
  if (pages.empty()) return MakeError(ErrorCode::kInvalidArgument, "a PDF needs at least one page");
  for (const SearchablePdfPage& page : pages) {
    if (!(page.width_points > 0) || !(page.height_points > 0) || !(page.points_per_pixel > 0) ||
        page.width_points > 14400 || page.height_points > 14400) {
      return MakeError(ErrorCode::kInvalidArgument, "a PDF page must be between 0 and 14400 points a side");
    }
    if (page.picture && (page.picture->bgr.empty() || page.picture->bgr.type() != CV_8UC3)) {
      return MakeError(ErrorCode::kInvalidArgument, "a PDF page picture must be 8-bit BGR");
    }
  }
  std::string pdf;
  {
    SurfacePtr surface(
        cairo_pdf_surface_create_for_stream(AppendToString, &pdf, pages[0].width_points, pages[0].height_points));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return CairoError(cairo_surface_status(surface.get()));
    }
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "onnxocr-server");
    ContextPtr cr(cairo_create(surface.get()));
    const Fonts fonts;
    for (const SearchablePdfPage& page : pages) {
      cairo_pdf_surface_set_size(surface.get(), page.width_points, page.height_points);
      // Text first, the picture over it: the text is found and selected, never seen.
      cairo_set_source_rgb(cr.get(), 1, 1, 1);
      for (const TextLine& line : page.lines) ShowLine(cr.get(), fonts, line, page.points_per_pixel);
      if (page.picture) {
        if (Status painted = PaintPicture(cr.get(), *page.picture, page.points_per_pixel); !painted.ok()) {
          return painted.error();
        }
      }
      cairo_show_page(cr.get());
      if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return CairoError(cairo_status(cr.get()));
    }
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return CairoError(cairo_surface_status(surface.get()));
    }
  }
  return pdf;
}

}  // namespace onnxocr
