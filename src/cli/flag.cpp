#include "cli/flag.h"

#include <cctype>

namespace onnxocr::cli {

std::string EnvTwin(std::string_view flag) {
  while (!flag.empty() && flag.front() == '-') flag.remove_prefix(1);
  std::string env = "ONNXOCR_";
  for (const char c : flag) {
    env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return env;
}

std::string FlagName(std::string_view flag) {
  return std::string(flag) + " (" + EnvTwin(flag) + ")";
}

Result<bool> ParseSwitch(std::string_view flag, const std::string& value, std::string_view yes, std::string_view no) {
  if (value == yes) return true;
  if (value == no) return false;
  return MakeError(ErrorCode::kInvalidArgument, FlagName(flag) + " must be " + std::string(yes) + " or " +
                                                    std::string(no) + ", got '" + value + "'");
}

}  // namespace onnxocr::cli
