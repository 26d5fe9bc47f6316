// The CTC character list of a recognition model, built from its dictionary
// file. Stateless free function: safe to call from any thread concurrently.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace onnxocr {

// Builds the list exactly as PaddleOCR's CTCLabelDecode does: index 0 is the
// CTC blank (stored as ""), then one entry per line of the file with line
// ending characters ('\r', '\n') stripped from both ends and every other
// character kept (a line holding one space is the entry " "), then " " when
// use_space_char. kNotFound when the file does not exist; kModelError when it
// is empty, not UTF-8, or unreadable.
Result<std::vector<std::string>> LoadCharacterDict(const std::filesystem::path& dict_file, bool use_space_char);

}  // namespace onnxocr
