// BMP (Windows DIB) parser written here: BITMAPCOREHEADER, BITMAPINFOHEADER
// and V2-V5 headers; 1/4/8-bit palette, 16/32-bit bitfields, 24-bit; either
// row order. RLE and embedded JPEG/PNG are rejected. Every offset and size is
// checked against the buffer before it is read.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <string>

#include "core/image/decode_internal.h"

namespace onnxocr::image_internal {
namespace {

constexpr std::size_t kFileHeaderSize = 14;
constexpr std::uint32_t kCoreHeaderSize = 12;
constexpr std::uint32_t kInfoHeaderSize = 40;

enum BmpCompression : std::uint32_t {
  kBiRgb = 0,
  kBiRle8 = 1,
  kBiRle4 = 2,
  kBiBitfields = 3,
  kBiJpeg = 4,
  kBiPng = 5,
  kBiAlphaBitfields = 6,
};

struct ChannelMask {
  std::uint32_t mask = 0;
  int shift = 0;
  int bits = 0;
};

struct BmpLayout {
  std::int64_t width = 0;
  std::int64_t height = 0;  // always positive here
  bool top_down = false;
  int bits_per_pixel = 0;
  std::uint32_t compression = kBiRgb;
  std::uint64_t pixel_offset = 0;
  std::array<ChannelMask, 3> masks{};    // blue, green, red (16/32 bpp only)
  std::array<cv::Vec3b, 256> palette{};  // BGR; unused entries stay black like OpenCV
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  bool Has(std::uint64_t offset, std::uint64_t length) const {
    return offset <= bytes_.size() && length <= bytes_.size() - offset;
  }
  std::uint16_t U16(std::size_t offset) const {  // caller checked Has()
    return static_cast<std::uint16_t>(bytes_[offset] | (bytes_[offset + 1] << 8));
  }
  std::uint32_t U32(std::size_t offset) const {
    return std::uint32_t{U16(offset)} | (std::uint32_t{U16(offset + 2)} << 16);
  }
  const std::uint8_t* At(std::size_t offset) const { return bytes_.data() + offset; }

 private:
  std::span<const std::uint8_t> bytes_;
};

ChannelMask MakeMask(std::uint32_t mask) {
  if (mask == 0) return {};
  return ChannelMask{mask, std::countr_zero(mask), std::popcount(mask)};
}

// Scales a masked sample to 8 bits by shifting, like OpenCV's 555/565 paths
// (no low-bit replication).
std::uint8_t Extract(std::uint32_t pixel, const ChannelMask& channel) {
  if (channel.mask == 0) return 0;
  const std::uint32_t value = (pixel & channel.mask) >> channel.shift;
  return static_cast<std::uint8_t>(channel.bits >= 8 ? value >> (channel.bits - 8) : value << (8 - channel.bits));
}

bool IsSupportedDepth(int bits_per_pixel, std::uint32_t compression) {
  switch (compression) {
    case kBiRgb:
      return bits_per_pixel == 1 || bits_per_pixel == 4 || bits_per_pixel == 8 || bits_per_pixel == 16 ||
             bits_per_pixel == 24 || bits_per_pixel == 32;
    case kBiBitfields:
    case kBiAlphaBitfields: return bits_per_pixel == 16 || bits_per_pixel == 32;
    default: return false;
  }
}

Status ReadDefaultOrExplicitMasks(const ByteReader& reader, std::uint32_t header_size, BmpLayout* layout) {
  if (layout->compression == kBiRgb) {
    const bool is16 = layout->bits_per_pixel == 16;
    layout->masks = {MakeMask(is16 ? 0x001Fu : 0x0000FFu), MakeMask(is16 ? 0x03E0u : 0x00FF00u),
                     MakeMask(is16 ? 0x7C00u : 0xFF0000u)};
    return Status::Ok();
  }
  // V2+ headers carry the masks at offset 40; a plain 40-byte header is
  // followed by them.
  const std::size_t masks_at = kFileHeaderSize + kInfoHeaderSize;
  if (header_size < 52 && !reader.Has(masks_at, 12)) return CorruptInput("BMP", "bitfield masks are truncated");
  layout->masks = {MakeMask(reader.U32(masks_at + 8)), MakeMask(reader.U32(masks_at + 4)),
                   MakeMask(reader.U32(masks_at))};
  return Status::Ok();
}

Status ReadPalette(const ByteReader& reader, std::uint32_t header_size, std::uint32_t colors_used, BmpLayout* layout) {
  const bool core = header_size == kCoreHeaderSize;
  const std::uint64_t max_colors = std::uint64_t{1} << layout->bits_per_pixel;
  if (colors_used > 256) return CorruptInput("BMP", "palette has more than 256 colours");
  const std::uint64_t colors = std::min<std::uint64_t>(colors_used == 0 ? max_colors : colors_used, 256);
  const std::size_t entry_size = core ? 3 : 4;
  const std::size_t palette_at = kFileHeaderSize + header_size;
  if (!reader.Has(palette_at, colors * entry_size)) return CorruptInput("BMP", "palette is truncated");
  for (std::size_t i = 0; i < colors; ++i) {
    const std::uint8_t* entry = reader.At(palette_at + i * entry_size);
    layout->palette[i] = cv::Vec3b(entry[0], entry[1], entry[2]);
  }
  return Status::Ok();
}

Result<BmpLayout> ParseHeaders(const ByteReader& reader) {
  if (!reader.Has(0, kFileHeaderSize + 4)) return CorruptInput("BMP", "file header is truncated");
  BmpLayout layout;
  layout.pixel_offset = reader.U32(10);
  const std::uint32_t header_size = reader.U32(kFileHeaderSize);
  const bool known_size = header_size == kCoreHeaderSize || header_size == kInfoHeaderSize || header_size == 52 ||
                          header_size == 56 || header_size == 108 || header_size == 124;
  if (!known_size) return UnsupportedFormat("BMP", "DIB header of " + std::to_string(header_size) + " bytes");
  if (!reader.Has(kFileHeaderSize, header_size)) return CorruptInput("BMP", "DIB header is truncated");

  const std::size_t h = kFileHeaderSize;
  std::uint32_t colors_used = 0;
  std::int64_t signed_height = 0;
  if (header_size == kCoreHeaderSize) {
    layout.width = reader.U16(h + 4);
    signed_height = reader.U16(h + 6);
    layout.bits_per_pixel = reader.U16(h + 10);
  } else {
    layout.width = static_cast<std::int32_t>(reader.U32(h + 4));
    signed_height = static_cast<std::int32_t>(reader.U32(h + 8));
    layout.bits_per_pixel = reader.U16(h + 14);
    layout.compression = reader.U32(h + 16);
    colors_used = reader.U32(h + 32);
  }
  layout.top_down = signed_height < 0;
  layout.height = signed_height < 0 ? -signed_height : signed_height;

  if (layout.compression == kBiRle4 || layout.compression == kBiRle8) {
    return UnsupportedFormat("BMP", "RLE-compressed bitmaps are not decoded");
  }
  if (layout.compression == kBiJpeg || layout.compression == kBiPng) {
    return UnsupportedFormat("BMP", "embedded JPEG/PNG bitmaps are not decoded");
  }
  if (!IsSupportedDepth(layout.bits_per_pixel, layout.compression)) {
    return UnsupportedFormat("BMP", std::to_string(layout.bits_per_pixel) + " bits per pixel with compression " +
                                        std::to_string(layout.compression));
  }
  if (layout.width <= 0 || layout.height <= 0) {
    return CorruptInput("BMP", "size " + std::to_string(layout.width) + "x" + std::to_string(signed_height));
  }
  if (layout.bits_per_pixel <= 8) {
    if (Status status = ReadPalette(reader, header_size, colors_used, &layout); !status.ok()) return status.error();
  } else if (layout.bits_per_pixel != 24) {
    if (Status status = ReadDefaultOrExplicitMasks(reader, header_size, &layout); !status.ok()) {
      return status.error();
    }
  }
  return layout;
}

void DecodeRow(const BmpLayout& layout, const std::uint8_t* src, cv::Vec3b* dst) {
  const int width = static_cast<int>(layout.width);
  switch (layout.bits_per_pixel) {
    case 1:
    case 4:
    case 8: {
      const int bits = layout.bits_per_pixel;
      const int per_byte = 8 / bits;
      const int index_mask = (1 << bits) - 1;
      for (int x = 0; x < width; ++x) {
        const int shift = 8 - bits * (x % per_byte + 1);  // most significant bits first
        dst[x] = layout.palette[(src[x / per_byte] >> shift) & index_mask];
      }
      break;
    }
    case 24:
      for (int x = 0; x < width; ++x) dst[x] = cv::Vec3b(src[3 * x], src[3 * x + 1], src[3 * x + 2]);
      break;
    case 16:
    case 32: {
      const int bytes_per_pixel = layout.bits_per_pixel / 8;
      for (int x = 0; x < width; ++x) {
        const std::uint8_t* p = src + static_cast<std::size_t>(x) * bytes_per_pixel;
        std::uint32_t pixel = std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8);
        if (bytes_per_pixel == 4) pixel |= (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
        dst[x] = cv::Vec3b(Extract(pixel, layout.masks[0]), Extract(pixel, layout.masks[1]),
                           Extract(pixel, layout.masks[2]));
      }
      break;
    }
    default: break;
  }
}

}  // namespace

Result<std::vector<cv::Mat>> DecodeBmp(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  const ByteReader reader(bytes);
  Result<BmpLayout> parsed = ParseHeaders(reader);
  if (!parsed.ok()) return parsed.error();
  const BmpLayout& layout = *parsed;
  if (Status status = CheckDimensions(layout.width, layout.height, limits, "BMP image"); !status.ok()) {
    return status.error();
  }

  // Rows are padded to 4 bytes; the last row's padding may be missing.
  const std::uint64_t row_bytes = (static_cast<std::uint64_t>(layout.width) * layout.bits_per_pixel + 7) / 8;
  const std::uint64_t stride = (row_bytes + 3) & ~std::uint64_t{3};
  const std::uint64_t needed = stride * static_cast<std::uint64_t>(layout.height - 1) + row_bytes;
  if (!reader.Has(layout.pixel_offset, needed)) {
    return CorruptInput("BMP", "pixel data is truncated (needs " + std::to_string(needed) + " bytes at offset " +
                                   std::to_string(layout.pixel_offset) + ", file has " + std::to_string(bytes.size()) +
                                   ")");
  }

  const int height = static_cast<int>(layout.height);
  cv::Mat bgr(height, static_cast<int>(layout.width), CV_8UC3);
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* src = reader.At(layout.pixel_offset + stride * static_cast<std::uint64_t>(y));
    const int dst_row = layout.top_down ? y : height - 1 - y;
    DecodeRow(layout, src, bgr.ptr<cv::Vec3b>(dst_row));
  }
  std::vector<cv::Mat> pages;
  pages.push_back(std::move(bgr));
  return pages;
}

}  // namespace onnxocr::image_internal
