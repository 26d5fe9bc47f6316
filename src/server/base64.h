// Base64 decoding of uploaded images. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onnxocr::server {

// Decodes standard base64 (RFC 4648, "=" padding optional). Accepts a
// "data:<mime>;base64," prefix and ASCII whitespace anywhere (line breaks
// every 76 characters and the like). kMalformedRequest for anything else.
Result<std::vector<std::uint8_t>> DecodeBase64(std::string_view text);

}  // namespace onnxocr::server
