// SHA-256 (FIPS 180-4), streaming. A Sha256 object owns its state and is not
// synchronised: use one per thread. Sha256OfFile is stateless and thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace onnxocr {

class Sha256 {
 public:
  Sha256();

  void Update(std::span<const std::uint8_t> bytes);
  void Update(std::string_view bytes);

  // Pads the message, returns its digest as 64 lowercase hex characters, and
  // resets the object to the empty message so it can be reused.
  std::string Finish();

 private:
  static constexpr std::size_t kBlockBytes = 64;

  void Reset();
  void CompressBlock(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, kBlockBytes> pending_{};  // a partial block awaiting more input
  std::size_t pending_size_ = 0;
  std::uint64_t message_bytes_ = 0;
};

// Hashes a whole file, reading it in 1 MiB chunks. kNotFound when the file
// does not exist, kInternal when it cannot be opened or read.
Result<std::string> Sha256OfFile(const std::filesystem::path& file);

}  // namespace onnxocr
