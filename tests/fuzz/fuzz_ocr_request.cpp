// (1) The /ocr JSON body parser, ParseOcrJsonRequest (simdjson + our field
// handling + DecodeBase64), and DecodeBase64 on its own. Checks the contract
// in server/ocr_request.h on every accepted request, and that base64 decoding
// round-trips through an independent encoder.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "server/base64.h"
#include "server/ocr_request.h"

namespace {

constexpr std::size_t kMaxBatch = 16;

std::string EncodeBase64(const std::vector<std::uint8_t>& bytes, bool pad) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
    if (pad) out.append(3 - rest, '=');
  }
  return out;
}

void CheckBase64(std::string_view text) {
  auto decoded = onnxocr::server::DecodeBase64(text);
  if (!decoded.ok()) {
    FUZZ_CHECK(decoded.error().code == onnxocr::ErrorCode::kMalformedRequest);
    return;
  }
  FUZZ_CHECK(!decoded->empty());
  FUZZ_CHECK(decoded->size() <= text.size());
  for (const bool pad : {false, true}) {
    const std::string encoded = EncodeBase64(*decoded, pad);
    auto again = onnxocr::server::DecodeBase64(encoded);
    FUZZ_CHECK_MSG(again.ok(), encoded);
    FUZZ_CHECK(*again == *decoded);
    auto as_data_url = onnxocr::server::DecodeBase64("data:image/png;base64," + encoded);
    FUZZ_CHECK(as_data_url.ok() && *as_data_url == *decoded);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  CheckBase64(body);

  auto request = onnxocr::server::ParseOcrJsonRequest(body, kMaxBatch);
  if (!request.ok()) {
    const auto code = request.error().code;
    FUZZ_CHECK_MSG(code == onnxocr::ErrorCode::kMalformedRequest || code == onnxocr::ErrorCode::kInvalidArgument,
                   request.error().message);
    FUZZ_CHECK(!request.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!request->images.empty());
  FUZZ_CHECK(request->batch ? request->images.size() <= kMaxBatch : request->images.size() == 1);
  for (const auto& image : request->images) FUZZ_CHECK(!image.empty());
  const auto& options = request->options;
  if (options.det_limit_side_len) FUZZ_CHECK(*options.det_limit_side_len >= 32 && *options.det_limit_side_len <= 8192);
  if (options.drop_score) FUZZ_CHECK(*options.drop_score >= 0.0f && *options.drop_score <= 1.0f);
  if (options.model) FUZZ_CHECK(!options.model->empty() && options.model->size() <= 128);
  return 0;
}
