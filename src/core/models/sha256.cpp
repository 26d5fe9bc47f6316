#include "core/models/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <new>
#include <system_error>
#include <vector>

namespace onnxocr {
namespace {

constexpr std::size_t kFileChunkBytes = std::size_t{1} << 20;

}  // namespace

void Sha256::FreeContext::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

// EVP fails only when out of memory or misconfigured; both are fatal to the
// hasher, so they surface as bad_alloc (callers turn throws into Errors).
Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
}

Sha256::~Sha256() = default;

void Sha256::Update(std::span<const std::uint8_t> bytes) {
  if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1) throw std::bad_alloc();
}

void Sha256::Update(std::string_view bytes) {
  Update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::string Sha256::Finish() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_.get(), digest.data(), &length) != 1 ||
      EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
    throw std::bad_alloc();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

Result<std::string> Sha256OfFile(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return MakeError(ErrorCode::kNotFound, file.string() + ": no such file");
  }
  std::ifstream stream(file, std::ios::binary);
  if (!stream) return MakeError(ErrorCode::kInternal, file.string() + ": cannot open for reading");

  try {
    Sha256 hasher;
    std::vector<char> chunk(kFileChunkBytes);
    while (stream) {
      stream.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<std::size_t>(stream.gcount());
      hasher.Update(std::string_view(chunk.data(), got));
    }
    if (stream.bad() || !stream.eof()) {
      return MakeError(ErrorCode::kInternal, file.string() + ": read error");
    }
    return hasher.Finish();
  } catch (...) {
    return ErrorFromCurrentException("hashing " + file.string());
  }
}

}  // namespace onnxocr
