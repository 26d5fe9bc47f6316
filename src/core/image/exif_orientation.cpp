#include "core/image/exif_orientation.h"

#include <cstddef>
#include <cstring>
#include <optional>

namespace onnxocr::image_internal {
namespace {

constexpr std::uint16_t kOrientationTag = 0x0112;
constexpr std::uint16_t kTypeShort = 3;
constexpr std::size_t kExifHeaderSize = 6;  // "Exif\0\0"
constexpr std::size_t kTiffHeaderSize = 8;  // byte order, 42, IFD0 offset
constexpr std::size_t kIfdEntrySize = 12;

// A bounds-checked reader over the TIFF structure inside the Exif payload.
class TiffReader {
 public:
  TiffReader(std::span<const std::uint8_t> data, bool little_endian) : data_(data), little_endian_(little_endian) {}

  std::optional<std::uint16_t> U16(std::size_t offset) const {
    if (offset > data_.size() || data_.size() - offset < 2) return std::nullopt;
    const std::uint8_t* p = data_.data() + offset;
    return little_endian_ ? static_cast<std::uint16_t>(p[0] | (p[1] << 8))
                          : static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  }

  std::optional<std::uint32_t> U32(std::size_t offset) const {
    const auto low_half = U16(offset + (little_endian_ ? 0 : 2));
    const auto high_half = U16(offset + (little_endian_ ? 2 : 0));
    if (!low_half || !high_half || offset > data_.size() || data_.size() - offset < 4) return std::nullopt;
    return (static_cast<std::uint32_t>(*high_half) << 16) | *low_half;
  }

 private:
  std::span<const std::uint8_t> data_;
  bool little_endian_;
};

int ValidOrientationOrDefault(std::uint32_t value) {
  return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
}

}  // namespace

int ParseExifOrientation(std::span<const std::uint8_t> app1_payload) {
  if (app1_payload.size() < kExifHeaderSize + kTiffHeaderSize) return 1;
  if (std::memcmp(app1_payload.data(), "Exif\0\0", kExifHeaderSize) != 0) return 1;
  const std::span<const std::uint8_t> tiff = app1_payload.subspan(kExifHeaderSize);

  bool little_endian = false;
  if (tiff[0] == 'I' && tiff[1] == 'I') {
    little_endian = true;
  } else if (!(tiff[0] == 'M' && tiff[1] == 'M')) {
    return 1;
  }
  const TiffReader reader(tiff, little_endian);
  if (reader.U16(2) != std::optional<std::uint16_t>(42)) return 1;
  const auto ifd0_offset = reader.U32(4);
  if (!ifd0_offset || *ifd0_offset < kTiffHeaderSize) return 1;

  const auto entry_count = reader.U16(*ifd0_offset);
  if (!entry_count) return 1;
  for (std::size_t i = 0; i < *entry_count; ++i) {
    const std::size_t entry = static_cast<std::size_t>(*ifd0_offset) + 2 + i * kIfdEntrySize;
    if (entry > tiff.size() || tiff.size() - entry < kIfdEntrySize) return 1;  // truncated IFD
    if (reader.U16(entry) != std::optional<std::uint16_t>(kOrientationTag)) continue;
    const auto type = reader.U16(entry + 2);
    const auto count = reader.U32(entry + 4);
    if (type != std::optional<std::uint16_t>(kTypeShort) || !count || *count < 1) return 1;
    const auto value = reader.U16(entry + 8);  // a single SHORT sits left-justified in the value field
    return value ? ValidOrientationOrDefault(*value) : 1;
  }
  return 1;
}

void ApplyExifOrientation(int orientation, cv::Mat& image) {
  switch (orientation) {
    case 2:  // top-right: mirror horizontally
      cv::flip(image, image, 1);
      break;
    case 3:  // bottom-right: rotate 180
      cv::flip(image, image, -1);
      break;
    case 4:  // bottom-left: mirror vertically
      cv::flip(image, image, 0);
      break;
    case 5:  // left-top: transpose
      cv::transpose(image, image);
      break;
    case 6:  // right-top: rotate 90 clockwise
      cv::transpose(image, image);
      cv::flip(image, image, 1);
      break;
    case 7:  // right-bottom: transverse
      cv::transpose(image, image);
      cv::flip(image, image, -1);
      break;
    case 8:  // left-bottom: rotate 90 counter-clockwise
      cv::transpose(image, image);
      cv::flip(image, image, 0);
      break;
    default: break;
  }
}

}  // namespace onnxocr::image_internal
