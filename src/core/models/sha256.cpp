#include "core/models/sha256.h"

#include <algorithm>
#include <bit>
#include <fstream>
#include <system_error>
#include <vector>

namespace onnxocr {
namespace {

constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::array<std::uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

constexpr std::size_t kFileChunkBytes = std::size_t{1} << 20;

std::uint32_t LoadBigEndian32(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

std::string ToLowerHex(std::span<const std::uint32_t> words) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(words.size() * 8);
  for (std::uint32_t word : words) {
    for (int shift = 28; shift >= 0; shift -= 4) hex.push_back(kDigits[(word >> shift) & 0xf]);
  }
  return hex;
}

}  // namespace

Sha256::Sha256() {
  Reset();
}

void Sha256::Reset() {
  state_ = kInitialState;
  pending_.fill(0);
  pending_size_ = 0;
  message_bytes_ = 0;
}

void Sha256::CompressBlock(const std::uint8_t* block) {
  std::array<std::uint32_t, 64> schedule{};
  for (std::size_t t = 0; t < 16; ++t) schedule[t] = LoadBigEndian32(block + 4 * t);
  for (std::size_t t = 16; t < 64; ++t) {
    const std::uint32_t s0 = std::rotr(schedule[t - 15], 7) ^ std::rotr(schedule[t - 15], 18) ^ (schedule[t - 15] >> 3);
    const std::uint32_t s1 = std::rotr(schedule[t - 2], 17) ^ std::rotr(schedule[t - 2], 19) ^ (schedule[t - 2] >> 10);
    schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
  }

  auto [a, b, c, d, e, f, g, h] = state_;
  for (std::size_t t = 0; t < 64; ++t) {
    const std::uint32_t big_sigma1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
    const std::uint32_t choose = (e & f) ^ (~e & g);
    const std::uint32_t temp1 = h + big_sigma1 + choose + kRoundConstants[t] + schedule[t];
    const std::uint32_t big_sigma0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
    const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    const std::uint32_t temp2 = big_sigma0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + temp1;
    d = c;
    c = b;
    b = a;
    a = temp1 + temp2;
  }
  const std::array<std::uint32_t, 8> round_output = {a, b, c, d, e, f, g, h};
  for (std::size_t i = 0; i < state_.size(); ++i) state_[i] += round_output[i];
}

void Sha256::Update(std::span<const std::uint8_t> bytes) {
  message_bytes_ += bytes.size();
  if (pending_size_ > 0) {
    const std::size_t taken = std::min(kBlockBytes - pending_size_, bytes.size());
    std::copy_n(bytes.begin(), taken, pending_.begin() + static_cast<std::ptrdiff_t>(pending_size_));
    pending_size_ += taken;
    bytes = bytes.subspan(taken);
    if (pending_size_ < kBlockBytes) return;
    CompressBlock(pending_.data());
    pending_size_ = 0;
  }
  while (bytes.size() >= kBlockBytes) {
    CompressBlock(bytes.data());
    bytes = bytes.subspan(kBlockBytes);
  }
  std::copy(bytes.begin(), bytes.end(), pending_.begin());
  pending_size_ = bytes.size();
}

void Sha256::Update(std::string_view bytes) {
  Update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::string Sha256::Finish() {
  const std::uint64_t message_bits = message_bytes_ * 8;
  // Padding: 0x80, zeros up to 56 mod 64, then the bit length as 64-bit big-endian.
  std::array<std::uint8_t, kBlockBytes + 8> padding{};
  padding[0] = 0x80;
  const std::size_t zeros_and_marker = pending_size_ < 56 ? 56 - pending_size_ : kBlockBytes + 56 - pending_size_;
  for (std::size_t i = 0; i < 8; ++i) {
    padding[zeros_and_marker + i] = static_cast<std::uint8_t>(message_bits >> (56 - 8 * i));
  }
  Update(std::span<const std::uint8_t>(padding.data(), zeros_and_marker + 8));
  std::string digest = ToLowerHex(state_);
  Reset();
  return digest;
}

Result<std::string> Sha256OfFile(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return MakeError(ErrorCode::kNotFound, file.string() + ": no such file");
  }
  std::ifstream stream(file, std::ios::binary);
  if (!stream) return MakeError(ErrorCode::kInternal, file.string() + ": cannot open for reading");

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
}

}  // namespace onnxocr
