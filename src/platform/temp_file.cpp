#include "platform/temp_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <utility>
#include <vector>

namespace onnxocr {
namespace {

Error FileError(std::string_view what, const std::string& path, int error_number) {
  return MakeError(ErrorCode::kInternal,
                   std::string(what) + " " + path + ": " + std::generic_category().message(error_number));
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

Result<TempFile> TempFile::Create(std::string_view bytes, const std::string& directory, std::string_view suffix) {
  std::string pattern = directory + "/onnxocr-XXXXXX" + std::string(suffix);
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkostemps(name.data(), static_cast<int>(suffix.size()), O_CLOEXEC);
  if (fd < 0) return FileError("cannot create a temporary file in", directory, errno);
  TempFile file(std::string(name.data()));  // from here on the destructor removes it
  ::fchmod(fd, S_IRUSR | S_IWUSR);
  const bool written = WriteAll(fd, bytes);
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!written) return FileError("cannot write", file.path_, write_errno);
  if (!closed) return FileError("cannot close", file.path_, errno);
  return file;
}

TempFile::~TempFile() {
  Remove();
}

TempFile::TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, std::string())) {}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  if (this != &other) {
    Remove();
    path_ = std::exchange(other.path_, std::string());
  }
  return *this;
}

void TempFile::Remove() {
  if (!path_.empty()) ::unlink(path_.c_str());
  path_.clear();
}

}  // namespace onnxocr
