#include "cli/serve_command.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "runtime/cpu_topology.h"
#include "runtime/ort_model.h"
#include "server/http_server.h"

namespace onnxocr::cli {
namespace {

// `value` must be `yes` (true) or `no` (false); anything else names the flag and its env twin.
Result<bool> OnOff(const char* flag, const char* env, const std::string& value, const char* yes, const char* no) {
  if (value == yes) return true;
  if (value == no) return false;
  return MakeError(ErrorCode::kInvalidArgument,
                   std::string(flag) + " (" + env + ") must be " + yes + " or " + no + ", got '" + value + "'");
}

// Checks every value and resolves the text flags into options.serve.
Status ResolveServeOptions(ServeCommandOptions& options) {
  server::ServeOptions& s = options.serve;
  auto numa = OnOff("--numa", "ONNXOCR_NUMA", options.numa, "on", "off");
  if (!numa.ok()) return numa.error();
  auto adaptive = OnOff("--adaptive", "ONNXOCR_ADAPTIVE", options.adaptive, "on", "off");
  if (!adaptive.ok()) return adaptive.error();
  auto warm_up = OnOff("--warm-up", "ONNXOCR_WARM_UP", options.warm_up, "on", "off");
  if (!warm_up.ok()) return warm_up.error();
  s.plan.numa = *numa;
  s.plan.adaptive = *adaptive;
  s.plan.warm_up = *warm_up;
  s.rec_batching = RequestOptions(options.engine).rec_batching;
  s.plan.cpus.clear();
  if (!options.cpus.empty()) {
    auto cpus = ParseCpuList(options.cpus);
    if (!cpus.ok())
      return MakeError(ErrorCode::kInvalidArgument, "--cpu-list (ONNXOCR_CPU_LIST): " + cpus.error().message);
    s.plan.cpus = std::move(cpus).value();
  }
  for (auto error : {
           OutOfRange("--port", "ONNXOCR_PORT", s.port, 1, 65535),
           OutOfRange("--workers", "ONNXOCR_WORKERS", s.plan.workers, 0, 4096),
           OutOfRange("--threads-per-worker", "ONNXOCR_THREADS_PER_WORKER", s.plan.threads_per_worker, 0, 1024),
           OutOfRange<std::size_t>("--queue-size", "ONNXOCR_QUEUE_SIZE", s.queue_size, 0, 1'000'000),
           OutOfRange("--io-threads", "ONNXOCR_IO_THREADS", s.io_threads, 1, 256),
           OutOfRange<std::size_t>("--max-body-bytes", "ONNXOCR_MAX_BODY_BYTES", s.max_body_bytes, 1024,
                                   std::size_t{4} << 30),
           OutOfRange<std::size_t>("--max-connections", "ONNXOCR_MAX_CONNECTIONS", s.max_connections, 1, 1'000'000),
           OutOfRange<std::size_t>("--idle-timeout", "ONNXOCR_IDLE_TIMEOUT", s.idle_timeout_seconds, 1, 86400),
           OutOfRange("--request-timeout", "ONNXOCR_REQUEST_TIMEOUT", s.request_timeout_seconds, 0.001, 86400.0),
           OutOfRange("--drain-timeout", "ONNXOCR_DRAIN_TIMEOUT", s.drain_timeout_seconds, 0.0, 3600.0),
           OutOfRange<std::size_t>("--max-batch", "ONNXOCR_MAX_BATCH", s.max_batch, 1, 1024),
           OutOfRange("--max-pdf-pages", "ONNXOCR_MAX_PDF_PAGES", s.max_pdf_pages, 1, 100000),
           OutOfRange("--pdf-dpi", "ONNXOCR_PDF_DPI", s.pdf_render.dpi, 72, 600),
           OutOfRange("--pdf-max-side", "ONNXOCR_PDF_MAX_SIDE", s.pdf_render.max_side_px, 256, 16384),
           OutOfRange("--tool-timeout", "ONNXOCR_TOOL_TIMEOUT", s.tool_timeout_seconds, 0.1, 3600.0),
           OutOfRange("--read-timeout", "ONNXOCR_READ_TIMEOUT", s.read_timeout_seconds, 0.0, 86400.0),
       }) {
    if (error) return *error;
  }
  if (spdlog::level::from_str(options.log_level) == spdlog::level::off && options.log_level != "off") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--log-level (ONNXOCR_LOG_LEVEL) must be trace, debug, info, warn, error, critical or off");
  }
  return ValidateEngineOptions(options.engine);
}

}  // namespace

void AddServeCommand(CLI::App& app, ServeCommandOptions& options) {
  CLI::App* command = app.add_subcommand("serve", "Serve the HTTP API (see docs/http-api.md)");
  AddEngineOptions(*command, options.engine, /*with_threads=*/false);
  server::ServeOptions& s = options.serve;
  command->add_option("--host", s.host, "Address to listen on")->envname("ONNXOCR_HOST")->capture_default_str();
  command->add_option("--port", s.port, "TCP port")->envname("ONNXOCR_PORT")->capture_default_str();
  command->add_option("--workers", s.plan.workers, "Request workers over all nodes; 0 = one per core")
      ->envname("ONNXOCR_WORKERS")
      ->capture_default_str();
  command
      ->add_option("--threads-per-worker", s.plan.threads_per_worker,
                   "ONNX Runtime intra-op threads of each worker's sessions; 0 = 1")
      ->envname("ONNXOCR_THREADS_PER_WORKER")
      ->capture_default_str();
  command->add_option("--numa", options.numa, "on: one worker pool per NUMA node; off: one pool")
      ->envname("ONNXOCR_NUMA")
      ->capture_default_str();
  command->add_option("--cpu-list", options.cpus, "CPUs to run on, e.g. 0-7,16; default: all this process may use")
      ->envname("ONNXOCR_CPU_LIST");
  command
      ->add_option("--adaptive", options.adaptive,
                   "on: lend idle cores to running requests (wide detector, parallel recognition batches)")
      ->envname("ONNXOCR_ADAPTIVE")
      ->capture_default_str();
  command
      ->add_option("--warm-up", options.warm_up,
                   "on: run every model session at its largest usual input before /ready, so memory does not grow "
                   "under load; off: start faster and smaller")
      ->envname("ONNXOCR_WARM_UP")
      ->capture_default_str();

  command->add_option("--queue-size", s.queue_size, "Requests that may wait for a worker; 0 = 4 per worker")
      ->envname("ONNXOCR_QUEUE_SIZE")
      ->capture_default_str();
  command->add_option("--io-threads", s.io_threads, "HTTP event-loop threads")
      ->envname("ONNXOCR_IO_THREADS")
      ->capture_default_str();
  command->add_option("--max-body-bytes", s.max_body_bytes, "Largest request body")
      ->envname("ONNXOCR_MAX_BODY_BYTES")
      ->capture_default_str();
  command->add_option("--max-connections", s.max_connections, "Open connections at most")
      ->envname("ONNXOCR_MAX_CONNECTIONS")
      ->capture_default_str();
  command->add_option("--max-connections-per-ip", s.max_connections_per_ip, "Per client address; 0 = unlimited")
      ->envname("ONNXOCR_MAX_CONNECTIONS_PER_IP")
      ->capture_default_str();
  command->add_option("--idle-timeout", s.idle_timeout_seconds, "Seconds before an idle connection is closed")
      ->envname("ONNXOCR_IDLE_TIMEOUT")
      ->capture_default_str();
  command
      ->add_option("--read-timeout", s.read_timeout_seconds,
                   "Seconds a connection may take to send one whole request (slowloris); 0 = off")
      ->envname("ONNXOCR_READ_TIMEOUT")
      ->capture_default_str();
  command->add_option("--request-timeout", s.request_timeout_seconds, "Deadline per request in seconds, queue included")
      ->envname("ONNXOCR_REQUEST_TIMEOUT")
      ->capture_default_str();
  command->add_option("--drain-timeout", s.drain_timeout_seconds, "Seconds to let in-flight requests finish on SIGTERM")
      ->envname("ONNXOCR_DRAIN_TIMEOUT")
      ->capture_default_str();
  command->add_option("--max-batch", s.max_batch, "Images in one JSON \"images\" request")
      ->envname("ONNXOCR_MAX_BATCH")
      ->capture_default_str();
  command->add_option("--max-pdf-pages", s.max_pdf_pages, "Pages processed from one PDF")
      ->envname("ONNXOCR_MAX_PDF_PAGES")
      ->capture_default_str();
  command->add_option("--pdf-dpi", s.pdf_render.dpi, "Resolution of PDF pages rendered for OCR")
      ->envname("ONNXOCR_PDF_DPI")
      ->capture_default_str();
  command
      ->add_option("--pdf-max-side", s.pdf_render.max_side_px,
                   "Longest side of a rendered PDF page in pixels (the DPI is lowered to fit)")
      ->envname("ONNXOCR_PDF_MAX_SIDE")
      ->capture_default_str();
  command->add_option("--tool-timeout", s.tool_timeout_seconds, "Seconds each poppler tool run may take (413 beyond)")
      ->envname("ONNXOCR_TOOL_TIMEOUT")
      ->capture_default_str();
  command->add_option("--cors-origin", s.cors_origin, "Access-Control-Allow-Origin value; empty disables CORS")
      ->envname("ONNXOCR_CORS_ORIGIN")
      ->capture_default_str();
  command->add_option("--upload-dir", s.upload_dir, "Where large bodies and PDFs are spooled")
      ->envname("ONNXOCR_UPLOAD_DIR")
      ->capture_default_str();
  command->add_option("--models", options.models, "Model sets to load (comma-separated); default: all found")
      ->envname("ONNXOCR_MODELS")
      ->delimiter(',');
  command->add_option("--log-level", options.log_level, "trace, debug, info, warn, error, critical or off")
      ->envname("ONNXOCR_LOG_LEVEL")
      ->capture_default_str();
}

int RunServeCommand(ServeCommandOptions options) {
  if (Status valid = ResolveServeOptions(options); !valid.ok()) {
    spdlog::error("{}", valid.error().message);
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  // Called once per NUMA node, on a thread pinned to it.
  NodeModelLoader load = [options](const SessionConfig& workers,
                                   const std::optional<SessionConfig>& wide) -> Result<NodeModels> {
    auto registry = LoadModelRegistry(options.engine, options.models, workers);
    if (!registry.ok()) return registry.error();
    NodeModels models;
    if (wide) {
      for (const std::string& name : registry.value()->names()) {
        auto detector = LoadOrtModel(registry.value()->Find(name)->manifest().det, *wide);
        if (!detector.ok()) return detector.error();
        models.wide_detectors.emplace(name, std::move(detector).value());
      }
    }
    models.registry = std::move(registry).value();
    return models;
  };
  server::HttpServer http(options.serve, std::move(load), options.engine.decode_limits);
  return http.Run();
}

}  // namespace onnxocr::cli
