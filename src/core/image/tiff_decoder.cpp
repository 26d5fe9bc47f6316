// TIFF via libtiff, read from memory through TIFFClientOpenExt. Errors and
// warnings go to per-handle TIFFOpenOptions handlers that only record the
// message (nothing global, nothing printed). Every page is decoded with
// TIFFReadRGBAImageOriented, the same RGBA path OpenCV uses for 8-bit output.
#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <tiffio.h>

#include "core/image/decode_internal.h"

namespace onnxocr::image_internal {
namespace {

constexpr std::size_t kMessageSize = 256;
constexpr std::int64_t kMinLibtiffAllocation = std::int64_t{64} << 20;

// Backing store and diagnostics for one TIFF handle; owned by DecodeTiff.
struct TiffMemory {
  std::span<const std::uint8_t> bytes;
  std::uint64_t position = 0;
  bool had_error = false;
  std::string message;
};

TiffMemory* MemoryOf(thandle_t handle) {
  return static_cast<TiffMemory*>(handle);
}

tmsize_t ReadProc(thandle_t handle, void* out, tmsize_t length) {
  TiffMemory* memory = MemoryOf(handle);
  if (length <= 0 || memory->position >= memory->bytes.size()) return 0;
  const std::uint64_t available = memory->bytes.size() - memory->position;
  const std::uint64_t count = std::min<std::uint64_t>(available, static_cast<std::uint64_t>(length));
  std::memcpy(out, memory->bytes.data() + memory->position, count);
  memory->position += count;
  return static_cast<tmsize_t>(count);
}

tmsize_t WriteProc(thandle_t, void*, tmsize_t) {
  return -1;
}

toff_t SeekProc(thandle_t handle, toff_t offset, int whence) {
  TiffMemory* memory = MemoryOf(handle);
  std::uint64_t base = 0;
  if (whence == SEEK_CUR) {
    base = memory->position;
  } else if (whence == SEEK_END) {
    base = memory->bytes.size();
  } else if (whence != SEEK_SET) {
    return static_cast<toff_t>(-1);
  }
  if (offset > UINT64_MAX - base) return static_cast<toff_t>(-1);
  memory->position = base + offset;  // past the end is allowed; reads then return 0
  return memory->position;
}

int CloseProc(thandle_t) {
  return 0;
}
toff_t SizeProc(thandle_t handle) {
  return MemoryOf(handle)->bytes.size();
}
int MapProc(thandle_t, void**, toff_t*) {
  return 0;
}  // no mapping: libtiff reads through ReadProc
void UnmapProc(thandle_t, void*, toff_t) {}

int OnTiffError(TIFF*, void* user_data, const char* module, const char* format, va_list args) {
  TiffMemory* memory = MemoryOf(user_data);
  if (!memory->had_error) {  // keep the first, most specific message
    char text[kMessageSize];
    std::vsnprintf(text, sizeof(text), format, args);
    memory->message = std::string(module != nullptr ? module : "libtiff") + ": " + text;
  }
  memory->had_error = true;
  return 1;  // handled: do not call the global handler
}

int OnTiffWarning(TIFF*, void*, const char*, const char*, va_list) {
  return 1;
}  // ignored, never printed

struct TiffOptionsDeleter {
  void operator()(TIFFOpenOptions* options) const { TIFFOpenOptionsFree(options); }
};
struct TiffCloser {
  void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
using TiffOptionsPtr = std::unique_ptr<TIFFOpenOptions, TiffOptionsDeleter>;
using TiffPtr = std::unique_ptr<TIFF, TiffCloser>;

TiffPtr OpenFromMemory(TiffMemory* memory, const DecodeLimits& limits) {
  TiffOptionsPtr options(TIFFOpenOptionsAlloc());
  if (!options) return nullptr;
  TIFFOpenOptionsSetErrorHandlerExtR(options.get(), OnTiffError, memory);
  TIFFOpenOptionsSetWarningHandlerExtR(options.get(), OnTiffWarning, memory);
  // Enough for one strip of a maximal page at 4 x 16-bit samples.
  const std::int64_t single = std::max(kMinLibtiffAllocation, limits.max_pixels * 8);
  TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(), static_cast<tmsize_t>(single));
  TIFFOpenOptionsSetMaxCumulatedMemAlloc(options.get(), static_cast<tmsize_t>(single * 2));
  return TiffPtr(TIFFClientOpenExt("memory", "rm", memory, ReadProc, WriteProc, SeekProc, CloseProc, SizeProc, MapProc,
                                   UnmapProc, options.get()));
}

std::string PageName(std::size_t index) {
  return "TIFF page " + std::to_string(index + 1);
}

Error LibtiffFailure(const TiffMemory& memory, std::string_view fallback) {
  return CorruptInput("TIFF", memory.had_error ? std::string_view(memory.message) : fallback);
}

// `total_pixels` counts the pixels of the pages before this one; the page is
// refused before its memory is allocated when it would take the file over
// limits.max_total_pixels.
Result<cv::Mat> DecodeCurrentPage(TIFF* tiff, TiffMemory* memory, std::size_t index, const DecodeLimits& limits,
                                  std::int64_t* total_pixels) {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  if (!TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width) || !TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height)) {
    return CorruptInput(PageName(index), "missing image width or length");
  }
  if (Status status = CheckDimensions(width, height, limits, PageName(index)); !status.ok()) return status.error();
  *total_pixels += std::int64_t{width} * height;
  if (*total_pixels > limits.max_total_pixels) {
    return MakeError(ErrorCode::kLimitExceeded, "TIFF pages 1-" + std::to_string(index + 1) + " hold " +
                                                    std::to_string(*total_pixels) + " pixels, limit is " +
                                                    std::to_string(limits.max_total_pixels) + " per file");
  }

  char reason[1024] = {};
  if (!TIFFRGBAImageOK(tiff, reason)) {
    if (memory->had_error) return LibtiffFailure(*memory, reason);
    return UnsupportedFormat(PageName(index), reason);
  }
  cv::Mat rgba(static_cast<int>(height), static_cast<int>(width), CV_8UC4);  // one uint32 per pixel
  auto* raster = reinterpret_cast<std::uint32_t*>(rgba.data);
  if (!TIFFReadRGBAImageOriented(tiff, width, height, raster, ORIENTATION_TOPLEFT, /*stop_on_error=*/1) ||
      memory->had_error) {
    return LibtiffFailure(*memory, "pixel data could not be decoded");
  }

  cv::Mat bgr(rgba.rows, rgba.cols, CV_8UC3);
  for (int y = 0; y < rgba.rows; ++y) {
    const auto* in = rgba.ptr<std::uint32_t>(y);
    auto* out = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < rgba.cols; ++x) {
      out[x] = cv::Vec3b(static_cast<std::uint8_t>(TIFFGetB(in[x])), static_cast<std::uint8_t>(TIFFGetG(in[x])),
                         static_cast<std::uint8_t>(TIFFGetR(in[x])));
    }
  }
  return bgr;
}

}  // namespace

Result<std::vector<cv::Mat>> DecodeTiff(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                        PageSelection selection) {
  TiffMemory memory;
  memory.bytes = bytes;
  TiffPtr tiff = OpenFromMemory(&memory, limits);
  if (!tiff) return LibtiffFailure(memory, "could not read the TIFF header");
  if (selection == PageSelection::kFirst) {
    std::int64_t total_pixels = 0;
    Result<cv::Mat> page = DecodeCurrentPage(tiff.get(), &memory, 0, limits, &total_pixels);
    if (!page.ok()) return page.error();
    std::vector<cv::Mat> first;
    first.push_back(std::move(page).value());
    return first;
  }

  const std::uint64_t page_count = TIFFNumberOfDirectories(tiff.get());
  if (memory.had_error) return LibtiffFailure(memory, "broken directory chain");
  if (limits.max_frames < 0 || page_count > static_cast<std::uint64_t>(limits.max_frames)) {
    return MakeError(ErrorCode::kLimitExceeded, "TIFF has " + std::to_string(page_count) + " pages, limit is " +
                                                    std::to_string(limits.max_frames));
  }

  std::vector<cv::Mat> pages;
  std::int64_t total_pixels = 0;
  do {
    if (pages.size() >= static_cast<std::size_t>(limits.max_frames)) {
      return MakeError(ErrorCode::kLimitExceeded, "TIFF has more than " + std::to_string(limits.max_frames) +
                                                      " pages, limit is " + std::to_string(limits.max_frames));
    }
    Result<cv::Mat> page = DecodeCurrentPage(tiff.get(), &memory, pages.size(), limits, &total_pixels);
    if (!page.ok()) return page.error();
    pages.push_back(std::move(page).value());
  } while (TIFFReadDirectory(tiff.get()));
  if (memory.had_error) return LibtiffFailure(memory, "broken directory chain");
  return pages;
}

}  // namespace onnxocr::image_internal
