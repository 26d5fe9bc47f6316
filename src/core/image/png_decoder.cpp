// PNG via libpng. libpng reports errors through png_error, which longjmps to
// the setjmp in png_jmpbuf; every setjmp lives in a small C-style function
// (Png*Step below) whose frame holds no C++ objects, so the longjmp never
// skips a destructor.
#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <png.h>

#include "core/image/decode_internal.h"

namespace onnxocr::image_internal {
namespace {

constexpr std::size_t kPngSignatureSize = 8;
constexpr std::size_t kMessageSize = 256;

// Plain data shared with libpng's callbacks; owned by DecodePng's frame.
struct PngSession {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t position;
  char message[kMessageSize];
};

void CopyMessage(PngSession* session, const char* text) {
  std::snprintf(session->message, sizeof(session->message), "%s", text != nullptr ? text : "libpng error");
}

[[noreturn]] void OnPngError(png_structp png, png_const_charp text) {
  CopyMessage(static_cast<PngSession*>(png_get_error_ptr(png)), text);
  png_longjmp(png, 1);
}

void OnPngWarning(png_structp, png_const_charp) {}  // benign (e.g. sRGB profile notes); never printed

void ReadFromMemory(png_structp png, png_bytep out, png_size_t length) {
  auto* session = static_cast<PngSession*>(png_get_io_ptr(png));
  if (length > session->size - session->position) png_error(png, "unexpected end of data");
  std::memcpy(out, session->data + session->position, length);
  session->position += length;
}

// Owns the libpng read and info structs for one decode.
class PngHandles {
 public:
  explicit PngHandles(PngSession* session)
      : png_(png_create_read_struct(PNG_LIBPNG_VER_STRING, session, OnPngError, OnPngWarning)),
        info_(png_ != nullptr ? png_create_info_struct(png_) : nullptr) {}
  ~PngHandles() {
    if (png_ != nullptr) png_destroy_read_struct(&png_, info_ != nullptr ? &info_ : nullptr, nullptr);
  }
  PngHandles(const PngHandles&) = delete;
  PngHandles& operator=(const PngHandles&) = delete;

  bool ok() const { return png_ != nullptr && info_ != nullptr; }
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  png_structp png_;
  png_infop info_;
};

std::uint32_t ReadBigEndian32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Reads IHDR straight from the bytes so the limits are checked before libpng
// does anything with the image. Returns false when there is no IHDR first.
bool PeekIhdrSize(std::span<const std::uint8_t> bytes, std::uint32_t* width, std::uint32_t* height) {
  constexpr std::size_t kIhdrEnd = kPngSignatureSize + 8 + 8;  // length, type, width, height
  if (bytes.size() < kIhdrEnd) return false;
  const std::uint8_t* chunk = bytes.data() + kPngSignatureSize;
  if (ReadBigEndian32(chunk) != 13 || std::memcmp(chunk + 4, "IHDR", 4) != 0) return false;
  *width = ReadBigEndian32(chunk + 8);
  *height = ReadBigEndian32(chunk + 12);
  return true;
}

// Walks the chunk list in the bytes and refuses an ancillary chunk (lower-case
// first letter: tEXt, zTXt, iCCP, ...) longer than max_png_chunk_bytes, or
// more than max_png_chunks of them, before libpng reads any. Stops at IEND or
// at a chunk running past the end of the bytes: a length that lies is
// corruption, which libpng reports.
Status CheckAncillaryChunks(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  std::size_t position = kPngSignatureSize;
  int ancillary = 0;
  while (bytes.size() - position >= 12) {
    const std::uint32_t length = ReadBigEndian32(bytes.data() + position);
    const std::uint8_t* type = bytes.data() + position + 4;
    if (std::memcmp(type, "IEND", 4) == 0 || length > bytes.size() - position - 12) break;
    if ((type[0] & 0x20) != 0) {
      const std::string name(reinterpret_cast<const char*>(type), 4);
      if (length > limits.max_png_chunk_bytes) {
        return MakeError(ErrorCode::kLimitExceeded, "PNG chunk " + name + " is " + std::to_string(length) +
                                                        " bytes, limit is " +
                                                        std::to_string(limits.max_png_chunk_bytes));
      }
      if (++ancillary > limits.max_png_chunks) {
        return MakeError(ErrorCode::kLimitExceeded,
                         "PNG has more than " + std::to_string(limits.max_png_chunks) + " ancillary chunks");
      }
    }
    position += 12 + std::size_t{length};
  }
  return Status::Ok();
}

// Second line behind CheckAncillaryChunks: libpng drops a chunk whose
// decompressed data (zTXt, iCCP) would exceed max_png_chunk_bytes.
bool PngReadInfoStep(png_structp png, png_infop info, const DecodeLimits& limits) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_set_read_fn(png, png_get_error_ptr(png), ReadFromMemory);
  png_set_user_limits(png, static_cast<png_uint_32>(limits.max_side), static_cast<png_uint_32>(limits.max_side));
  png_set_chunk_malloc_max(png, static_cast<png_alloc_size_t>(limits.max_png_chunk_bytes));
  png_read_info(png, info);
  return true;
}

// The same transform sequence as OpenCV's PngDecoder::readData for an 8-bit
// 3-channel destination: strip 16->8 (high byte), drop alpha, expand
// palettes and low-bit gray, gray->RGB, RGB->BGR.
bool PngConfigureStep(png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  const int bit_depth = png_get_bit_depth(png, info);
  const int color_type = png_get_color_type(png, info);
  if (bit_depth == 16) png_set_strip_16(png);
  png_set_strip_alpha(png);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if ((color_type & PNG_COLOR_MASK_COLOR) == 0 && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if ((color_type & PNG_COLOR_MASK_COLOR) != 0) {
    png_set_bgr(png);
  } else {
    png_set_gray_to_rgb(png);
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  return true;
}

bool PngReadPixelsStep(png_structp png, png_infop info, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_read_image(png, rows);
  png_read_end(png, info);
  return true;
}

}  // namespace

Result<std::vector<cv::Mat>> DecodePng(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  if (!PeekIhdrSize(bytes, &width, &height)) return CorruptInput("PNG", "missing or malformed IHDR chunk");
  if (Status status = CheckDimensions(width, height, limits, "PNG image"); !status.ok()) return status.error();
  if (Status status = CheckAncillaryChunks(bytes, limits); !status.ok()) return status.error();

  PngSession session{bytes.data(), bytes.size(), 0, {}};
  PngHandles handles(&session);
  if (!handles.ok()) return MakeError(ErrorCode::kInternal, "libpng could not allocate its read state");
  if (!PngReadInfoStep(handles.png(), handles.info(), limits)) return CorruptInput("PNG", session.message);
  if (png_get_image_width(handles.png(), handles.info()) != width ||
      png_get_image_height(handles.png(), handles.info()) != height) {
    return CorruptInput("PNG", "IHDR size changed while reading");
  }
  if (!PngConfigureStep(handles.png(), handles.info())) return CorruptInput("PNG", session.message);
  if (png_get_channels(handles.png(), handles.info()) != 3 || png_get_bit_depth(handles.png(), handles.info()) != 8) {
    return MakeError(ErrorCode::kInternal, "PNG transforms did not produce 8-bit BGR");
  }

  cv::Mat bgr(static_cast<int>(height), static_cast<int>(width), CV_8UC3);
  std::vector<png_bytep> rows(height);
  for (std::uint32_t y = 0; y < height; ++y) rows[y] = bgr.ptr<png_byte>(static_cast<int>(y));
  if (!PngReadPixelsStep(handles.png(), handles.info(), rows.data())) return CorruptInput("PNG", session.message);

  std::vector<cv::Mat> pages;
  pages.push_back(std::move(bgr));
  return pages;
}

}  // namespace onnxocr::image_internal
