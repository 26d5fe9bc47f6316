#include "core/models/sha256.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace onnxocr {
namespace {

std::string HashOf(std::string_view message) {
  Sha256 hasher;
  hasher.Update(message);
  return hasher.Finish();
}

// FIPS 180-4 / NIST CSRC example vectors.
constexpr std::string_view kEmptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kAbcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view k448BitMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view k448BitDigest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr std::string_view k896BitMessage =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
constexpr std::string_view k896BitDigest = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
constexpr std::string_view kMillionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256Test, EmptyMessage) {
  EXPECT_EQ(HashOf(""), kEmptyDigest);
}

TEST(Sha256Test, Abc) {
  EXPECT_EQ(HashOf("abc"), kAbcDigest);
}

TEST(Sha256Test, Message448Bits) {
  EXPECT_EQ(HashOf(k448BitMessage), k448BitDigest);
}

TEST(Sha256Test, Message896Bits) {
  EXPECT_EQ(HashOf(k896BitMessage), k896BitDigest);
}

TEST(Sha256Test, OneMillionA) {
  EXPECT_EQ(HashOf(std::string(1'000'000, 'a')), kMillionADigest);
}

TEST(Sha256Test, OneMillionAInUnevenChunks) {
  Sha256 hasher;
  const std::string chunk(997, 'a');  // prime: chunk edges fall everywhere within blocks
  std::size_t fed = 0;
  while (fed < 1'000'000) {
    const std::size_t size = std::min(chunk.size(), 1'000'000 - fed);
    hasher.Update(std::string_view(chunk).substr(0, size));
    fed += size;
  }
  EXPECT_EQ(hasher.Finish(), kMillionADigest);
}

// Every split of the 896-bit message into two and three parts gives the same
// digest, covering splits before, at and after the 64-byte block edge.
TEST(Sha256Test, AnySplitGivesSameDigest) {
  const std::string_view message = k896BitMessage;
  for (std::size_t first = 0; first <= message.size(); ++first) {
    Sha256 two_parts;
    two_parts.Update(message.substr(0, first));
    two_parts.Update(message.substr(first));
    ASSERT_EQ(two_parts.Finish(), k896BitDigest) << "split at " << first;
    for (std::size_t second = first; second <= message.size(); second += 7) {
      Sha256 three_parts;
      three_parts.Update(message.substr(0, first));
      three_parts.Update(message.substr(first, second - first));
      three_parts.Update(message.substr(second));
      ASSERT_EQ(three_parts.Finish(), k896BitDigest) << "splits at " << first << ", " << second;
    }
  }
}

// Messages whose padding needs one or two extra blocks (lengths around 55/56/64).
TEST(Sha256Test, PaddingEdgeLengthsMatchByteAtATime) {
  for (std::size_t length : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u}) {
    const std::string message(length, 'x');
    Sha256 byte_at_a_time;
    for (char c : message) byte_at_a_time.Update(std::string_view(&c, 1));
    EXPECT_EQ(byte_at_a_time.Finish(), HashOf(message)) << "length " << length;
  }
  // Known value: 64 'a' characters (one full block before padding).
  EXPECT_EQ(HashOf(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256Test, SpanOverloadMatchesStringOverload) {
  const std::vector<std::uint8_t> bytes = {'a', 'b', 'c'};
  Sha256 hasher;
  hasher.Update(bytes);
  EXPECT_EQ(hasher.Finish(), kAbcDigest);
}

TEST(Sha256Test, FinishResetsForReuse) {
  Sha256 hasher;
  hasher.Update("abc");
  EXPECT_EQ(hasher.Finish(), kAbcDigest);
  EXPECT_EQ(hasher.Finish(), kEmptyDigest);
  hasher.Update("abc");
  EXPECT_EQ(hasher.Finish(), kAbcDigest);
}

TEST(Sha256OfFileTest, HashesSmallAndMultiChunkFiles) {
  const testing::TempDir dir;
  EXPECT_EQ(Sha256OfFile(dir.Write("empty.bin", "")).value(), kEmptyDigest);
  EXPECT_EQ(Sha256OfFile(dir.Write("abc.bin", "abc")).value(), kAbcDigest);
  // Larger than one 1 MiB read chunk, not a multiple of it.
  EXPECT_EQ(Sha256OfFile(dir.Write("a.bin", std::string(1'000'000, 'a'))).value(), kMillionADigest);
  const std::string big(3 * (1 << 20) + 12345, '\x7f');
  EXPECT_EQ(Sha256OfFile(dir.Write("big.bin", big)).value(), HashOf(big));
}

TEST(Sha256OfFileTest, MissingFileIsNotFound) {
  const testing::TempDir dir;
  const Result<std::string> digest = Sha256OfFile(dir.path() / "absent.onnx");
  ASSERT_FALSE(digest.ok());
  EXPECT_EQ(digest.error().code, ErrorCode::kNotFound);
  EXPECT_NE(digest.error().message.find("absent.onnx"), std::string::npos);
}

TEST(Sha256OfFileTest, DirectoryIsAnError) {
  const testing::TempDir dir;
  const Result<std::string> digest = Sha256OfFile(dir.path());
  ASSERT_FALSE(digest.ok());
  EXPECT_EQ(digest.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace onnxocr
