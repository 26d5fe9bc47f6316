// JPEG via libjpeg(-turbo). libjpeg reports errors by calling a function that
// must not return; ours longjmps. Every setjmp lives in a small C-style
// function (Jpeg*Step below) whose frame holds no C++ objects, so the longjmp
// never skips a destructor; all C++ state lives in the caller's frame.
#include <csetjmp>
#include <cstddef>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstring>
#include <string>

#include <jerror.h>  // after jpeglib.h: the JERR_* message codes
#include <jpeglib.h>

#include "core/image/decode_internal.h"
#include "core/image/exif_orientation.h"

namespace onnxocr::image_internal {
namespace {

struct JpegErrorManager {
  jpeg_error_mgr base;  // must be first: libjpeg sees only this part
  std::jmp_buf jump_buffer;
  char message[JMSG_LENGTH_MAX];
  // Progressive JPEGs with absurd numbers of scans are a known CPU-exhaustion
  // vector (DecodeLimits::max_jpeg_scans); checked by MonitorProgress.
  int max_scans;
  bool too_many_scans;
};

// Plain data owned by DecodeJpeg's frame; the step functions only touch it
// through a pointer.
struct JpegSession {
  jpeg_decompress_struct decompress;
  JpegErrorManager error;
  jpeg_progress_mgr progress;
  bool created;
};

[[noreturn]] void ExitWithError(j_common_ptr common) {
  auto* error = reinterpret_cast<JpegErrorManager*>(common->err);
  (*common->err->format_message)(common, error->message);
  std::longjmp(error->jump_buffer, 1);
}

// Warnings (level -1), e.g. "premature end of data" or "corrupt JPEG data",
// are treated as errors; trace messages (level >= 0) are dropped silently.
void EmitMessage(j_common_ptr common, int level) {
  if (level < 0) ExitWithError(common);
}

void MonitorProgress(j_common_ptr common) {
  if (!common->is_decompressor) return;
  const auto* decompress = reinterpret_cast<j_decompress_ptr>(common);
  auto* error = reinterpret_cast<JpegErrorManager*>(common->err);
  if (decompress->input_scan_number > error->max_scans) {
    error->too_many_scans = true;
    std::snprintf(error->message, sizeof(error->message), "more than %d progressive scans", error->max_scans);
    std::longjmp(error->jump_buffer, 1);
  }
}

bool JpegReadHeaderStep(JpegSession* session, const std::uint8_t* data, std::size_t size) {
  j_decompress_ptr decompress = &session->decompress;
  decompress->err = jpeg_std_error(&session->error.base);
  session->error.base.error_exit = ExitWithError;
  session->error.base.emit_message = EmitMessage;
  if (setjmp(session->error.jump_buffer) != 0) return false;
  session->created = true;  // jpeg_destroy is safe on a partly created object
  jpeg_create_decompress(decompress);
  session->progress.progress_monitor = MonitorProgress;
  decompress->progress = &session->progress;
  jpeg_mem_src(decompress, data, static_cast<unsigned long>(size));
  jpeg_save_markers(decompress, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(decompress, TRUE);
  return true;
}

// Same output settings as OpenCV's JpegDecoder: ISLOW IDCT, fancy upsampling,
// BGR straight from libjpeg-turbo, or raw CMYK for 4-component files.
bool JpegConfigureStep(JpegSession* session) {
  j_decompress_ptr decompress = &session->decompress;
  if (setjmp(session->error.jump_buffer) != 0) return false;
  decompress->dct_method = JDCT_ISLOW;
  decompress->do_fancy_upsampling = TRUE;
  if (decompress->num_components == 4) {
    decompress->out_color_space = JCS_CMYK;
    decompress->out_color_components = 4;
  } else {
    decompress->out_color_space = JCS_EXT_BGR;
    decompress->out_color_components = 3;
  }
  jpeg_calc_output_dimensions(decompress);
  return true;
}

bool JpegReadPixelsStep(JpegSession* session, std::uint8_t* pixels, std::size_t row_step) {
  j_decompress_ptr decompress = &session->decompress;
  if (setjmp(session->error.jump_buffer) != 0) return false;
  jpeg_start_decompress(decompress);
  while (decompress->output_scanline < decompress->output_height) {
    JSAMPROW row = pixels + static_cast<std::size_t>(decompress->output_scanline) * row_step;
    if (jpeg_read_scanlines(decompress, &row, 1) != 1) {
      std::snprintf(session->error.message, sizeof(session->error.message), "decoder stalled at row %u",
                    decompress->output_scanline);
      return false;
    }
  }
  jpeg_finish_decompress(decompress);
  return true;
}

// Owns the libjpeg object for the duration of one decode.
class JpegSessionOwner {
 public:
  JpegSessionOwner() { std::memset(&session_, 0, sizeof(session_)); }
  ~JpegSessionOwner() {
    if (session_.created) jpeg_destroy_decompress(&session_.decompress);
  }
  JpegSessionOwner(const JpegSessionOwner&) = delete;
  JpegSessionOwner& operator=(const JpegSessionOwner&) = delete;

  JpegSession* get() { return &session_; }
  std::string message() const { return session_.error.message; }

 private:
  JpegSession session_;
};

int FindExifOrientation(const jpeg_decompress_struct& decompress) {
  for (jpeg_saved_marker_ptr marker = decompress.marker_list; marker != nullptr; marker = marker->next) {
    if (marker->marker != JPEG_APP0 + 1 || marker->data == nullptr) continue;
    const std::span<const std::uint8_t> payload(marker->data, marker->data_length);
    if (payload.size() >= 6 && std::memcmp(payload.data(), "Exif\0\0", 6) == 0) return ParseExifOrientation(payload);
  }
  return 1;
}

// libjpeg's CMYK output for Adobe files is inverted; this is OpenCV's
// icvCvt_CMYK2BGR_8u_C4C3R, kept bit-exact.
cv::Mat InvertedCmykToBgr(const cv::Mat& cmyk) {
  cv::Mat bgr(cmyk.rows, cmyk.cols, CV_8UC3);
  for (int y = 0; y < cmyk.rows; ++y) {
    const std::uint8_t* in = cmyk.ptr<std::uint8_t>(y);
    std::uint8_t* out = bgr.ptr<std::uint8_t>(y);
    for (int x = 0; x < cmyk.cols; ++x, in += 4, out += 3) {
      const int k = in[3];
      out[2] = static_cast<std::uint8_t>(k - ((255 - in[0]) * k >> 8));
      out[1] = static_cast<std::uint8_t>(k - ((255 - in[1]) * k >> 8));
      out[0] = static_cast<std::uint8_t>(k - ((255 - in[2]) * k >> 8));
    }
  }
  return bgr;
}

}  // namespace

Result<std::vector<cv::Mat>> DecodeJpeg(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  JpegSessionOwner owner;
  JpegSession* session = owner.get();
  session->error.max_scans = limits.max_jpeg_scans;
  if (!JpegReadHeaderStep(session, bytes.data(), bytes.size())) {
    // libjpeg refuses sides over 65500 itself, before CheckDimensions sees them.
    if (session->error.base.msg_code == JERR_IMAGE_TOO_BIG) {
      return MakeError(ErrorCode::kLimitExceeded, std::string("JPEG image: ") + owner.message());
    }
    return CorruptInput("JPEG", owner.message());
  }

  const jpeg_decompress_struct& decompress = session->decompress;
  if (Status status = CheckDimensions(decompress.image_width, decompress.image_height, limits, "JPEG image");
      !status.ok()) {
    return status.error();
  }
  if (!JpegConfigureStep(session)) return CorruptInput("JPEG", owner.message());
  const int orientation = FindExifOrientation(decompress);

  const int channels = decompress.out_color_components;
  cv::Mat decoded(static_cast<int>(decompress.output_height), static_cast<int>(decompress.output_width),
                  CV_8UC(channels));
  if (!JpegReadPixelsStep(session, decoded.data, decoded.step[0])) {
    if (session->error.too_many_scans) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "JPEG image has " + owner.message() + ", limit is " + std::to_string(limits.max_jpeg_scans));
    }
    return CorruptInput("JPEG", owner.message());
  }

  cv::Mat bgr = channels == 4 ? InvertedCmykToBgr(decoded) : decoded;
  ApplyExifOrientation(orientation, bgr);
  std::vector<cv::Mat> pages;
  pages.push_back(std::move(bgr));
  return pages;
}

}  // namespace onnxocr::image_internal

namespace onnxocr {

Result<JpegInfo> ReadJpegInfo(std::span<const std::uint8_t> bytes) {
  image_internal::JpegSessionOwner owner;
  image_internal::JpegSession* session = owner.get();
  if (!image_internal::JpegReadHeaderStep(session, bytes.data(), bytes.size())) return image_internal::CorruptInput("JPEG", owner.message());
  const jpeg_decompress_struct& decompress = session->decompress;
  return JpegInfo{static_cast<int>(decompress.image_width), static_cast<int>(decompress.image_height),
                  decompress.num_components, image_internal::FindExifOrientation(decompress)};
}

}  // namespace onnxocr
