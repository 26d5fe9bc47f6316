// `onnxocr-server serve`: the HTTP server.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/engine_options.h"
#include "server/serve_options.h"

namespace onnxocr::cli {

struct ServeCommandOptions {
  EngineOptions engine;
  server::ServeOptions serve;
  std::vector<std::string> models;  // sets to load; empty = all found
  std::string log_level = "info";
  // Validated and copied into `serve` by RunServeCommand.
  std::string cpus;             // --cpu-list; empty = every allowed CPU
  std::string numa = "on";      // on | off
  std::string adaptive = "on";  // on | off
  std::string warm_up = "on";   // on | off
};

void AddServeCommand(CLI::App& app, ServeCommandOptions& options);

// Returns the process exit code.
int RunServeCommand(ServeCommandOptions options);

}  // namespace onnxocr::cli
