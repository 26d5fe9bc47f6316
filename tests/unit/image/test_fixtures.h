// Helpers for the image decode tests: load fixtures from tests/data/decode and
// compare DecodeImage output with the BGR bytes OpenCV produced for them.
// Plain functions; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image_decode.h"

namespace onnxocr::testing {

std::vector<std::uint8_t> ReadFixture(const std::string& name);

// The pages cv2.imdecodemulti(IMREAD_COLOR) returned for `name`, from expected.txt.
std::vector<cv::Mat> ExpectedPages(const std::string& name);

// Decodes fixture `name` and checks every page against OpenCV's output, allowing
// per-sample differences up to `max_difference`.
void ExpectMatchesOpenCv(const std::string& name, int max_difference = 0);

// The first `size` bytes of fixture `name`.
std::vector<std::uint8_t> Truncated(const std::string& name, std::size_t size);

// Asserts that decoding `bytes` fails with `code` and a non-empty message.
void ExpectDecodeError(const std::vector<std::uint8_t>& bytes, ErrorCode code, const DecodeLimits& limits = {});

}  // namespace onnxocr::testing
