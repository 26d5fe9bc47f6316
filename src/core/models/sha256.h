// SHA-256, streaming, computed by OpenSSL's EVP interface. A Sha256 object
// owns its digest context and is not synchronised: use one per thread.
// Sha256OfFile is stateless and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

struct evp_md_ctx_st;

namespace onnxocr {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::span<const std::uint8_t> bytes);
  void Update(std::string_view bytes);

  // Returns the digest of everything given so far as 64 lowercase hex
  // characters, and starts over with the empty message.
  std::string Finish();

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> context_;
};

// Hashes a whole file, reading it in 1 MiB chunks. kNotFound when the file
// does not exist, kInternal when it cannot be opened or read.
Result<std::string> Sha256OfFile(const std::filesystem::path& file);

}  // namespace onnxocr
