// The whole of a file as bytes, for tests that compare against files in the
// repository; empty when it cannot be read. A plain function.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace onnxocr::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace onnxocr::testing
