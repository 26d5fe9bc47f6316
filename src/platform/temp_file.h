// A private temporary file holding one request's upload, so that command-line
// tools can read it. Owns the file: removed when the object is destroyed. Move-only;
// distinct objects may be used from different threads.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace onnxocr {

class TempFile {
 public:
  // Writes `bytes` to a new file DIR/onnxocr-XXXXXX<suffix> created by mkstemps
  // with mode 0600. Errors: kInternal (directory missing or not writable, disk full).
  static Result<TempFile> Create(std::string_view bytes, const std::string& directory = "/tmp",
                                 std::string_view suffix = ".pdf");

  ~TempFile();
  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&& other) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  void Remove();

  std::string path_;  // empty once moved from
};

}  // namespace onnxocr
