// A command-line flag and its ONNXOCR_* environment twin, registered and
// checked under one name. Stateless helpers; safe from any thread.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "core/status.h"

namespace onnxocr::cli {

// The environment twin of a long flag: "--max-body-bytes" -> "ONNXOCR_MAX_BODY_BYTES".
std::string EnvTwin(std::string_view flag);

// "--flag (ONNXOCR_FLAG)", how every message about a flag names it.
std::string FlagName(std::string_view flag);

// Registers `flag` bound to `value`, with its environment twin and its
// default shown in --help.
template <class T>
CLI::Option* AddFlag(CLI::App& command, const std::string& flag, T& value, const std::string& help) {
  return command.add_option(flag, value, help)->envname(EnvTwin(flag))->capture_default_str();
}

// An error naming the flag and its env twin when value is outside [low, high].
template <class T>
std::optional<Error> OutOfRange(std::string_view flag, T value, T low, T high) {
  if (value >= low && value <= high) return std::nullopt;
  std::ostringstream message;
  message << FlagName(flag) << " must be in [" << low << ", " << high << "], got " << value;
  return MakeError(ErrorCode::kInvalidArgument, message.str());
}

// `value` must be `yes` (true) or `no` (false); anything else is an error naming the flag.
Result<bool> ParseSwitch(std::string_view flag, const std::string& value, std::string_view yes = "on",
                         std::string_view no = "off");

}  // namespace onnxocr::cli
