#include "cli/serve_command.h"

#include <spdlog/spdlog.h>

#include <future>

#include "cli/engine_choice.h"
#include "cli/exit_code.h"
#include "cli/flag.h"
#include "runtime/cpu_topology.h"
#include "runtime/all_at_once.h"
#include "runtime/heap.h"
#include "runtime/model_loader.h"
#include "runtime/node_pool.h"
#include "server/http_server.h"

namespace onnxocr::cli {
namespace {

// Checks every value and resolves the text flags into options.serve.
Status ResolveServeOptions(ServeCommandOptions& options) {
  server::ServeOptions& s = options.serve;
  auto numa = ParseSwitch("--numa", options.numa);
  if (!numa.ok()) return numa.error();
  auto adaptive = ParseSwitch("--adaptive", options.adaptive);
  if (!adaptive.ok()) return adaptive.error();
  auto warm_up = ParseSwitch("--warm-up", options.warm_up);
  if (!warm_up.ok()) return warm_up.error();
  s.plan.numa = *numa;
  s.plan.adaptive = *adaptive;
  s.plan.warm_up = *warm_up;
  s.plan.cpus.clear();
  if (!options.cpus.empty()) {
    auto cpus = ParseCpuList(options.cpus);
    if (!cpus.ok()) return MakeError(ErrorCode::kInvalidArgument, FlagName("--cpu-list") + ": " + cpus.error().message);
    s.plan.cpus = std::move(cpus).value();
  }
  if (!s.cpu_topology.empty()) {
    if (auto topology = SyntheticCpuTopology(s.cpu_topology); !topology.ok()) {
      return MakeError(ErrorCode::kInvalidArgument, FlagName("--cpu-topology") + ": " + topology.error().message);
    }
  }
  for (auto error : {
           OutOfRange("--port", s.port, 1, 65535),
           OutOfRange("--workers", s.plan.workers, 0, 4096),
           OutOfRange("--threads-per-worker", s.plan.threads_per_worker, 0, 1024),
           OutOfRange<std::size_t>("--queue-size", s.queue_size, 0, 1'000'000),
           OutOfRange("--io-threads", s.io_threads, 1, 256),
           OutOfRange<std::size_t>("--max-body-bytes", s.max_body_bytes, 1024, std::size_t{4} << 30),
           OutOfRange<std::size_t>("--max-connections", s.max_connections, 1, 1'000'000),
           OutOfRange<std::size_t>("--idle-timeout", s.idle_timeout_seconds, 1, 86400),
           OutOfRange("--request-timeout", s.request_timeout_seconds, 0.001, 86400.0),
           OutOfRange("--drain-timeout", s.drain_timeout_seconds, 0.0, 3600.0),
           OutOfRange<std::size_t>("--max-batch", s.max_batch, 1, 1024),
           OutOfRange("--max-pdf-pages", s.max_pdf_pages, 1, 100000),
           OutOfRange("--pdf-dpi", s.pdf_render.dpi, 72, 600),
           OutOfRange("--pdf-max-side", s.pdf_render.max_side_px, 256, 16384),
           OutOfRange("--tool-timeout", s.tool_timeout_seconds, 0.1, 3600.0),
           OutOfRange("--read-timeout", s.read_timeout_seconds, 0.0, 86400.0),
           OutOfRange("--max-job-pages", s.jobs.max_pages, 1, 100000),
           OutOfRange("--max-jobs", s.jobs.max_jobs, 1, 1'000'000),
           OutOfRange("--job-ttl", s.jobs.ttl_seconds, 1.0, 365.0 * 86400),
           OutOfRange<std::uint64_t>("--jobs-disk-bytes", s.jobs.max_disk_bytes, 1024, std::uint64_t{1} << 50),
           OutOfRange("--job-workers", s.jobs.concurrent, 1, 4096),
       }) {
    if (error) return *error;
  }
  if (spdlog::level::from_str(options.log_level) == spdlog::level::off && options.log_level != "off") {
    return MakeError(ErrorCode::kInvalidArgument,
                     FlagName("--log-level") + " must be trace, debug, info, warn, error, critical or off");
  }
  if (Status valid = ValidateEngineOptions(options.engine); !valid.ok()) return valid;
  auto request_defaults = RequestOptions(options.engine);
  if (!request_defaults.ok()) return request_defaults.error();
  s.request_defaults = std::move(request_defaults).value();
  // Requests that name no set get the registry's default set.
  if (!s.request_defaults.model) s.request_defaults.model = DefaultModel(options.engine);
  return Status::Ok();
}

// How the nodes will compile their models (SessionConfigsFor), for the engine
// check: the largest node's. Planning errors are reported by the server
// itself; the check then compiles for one core.
PlannedCompile PlanCompile(const server::ServeOptions& serve) {
  PlannedCompile planned;
  planned.cache_parent = serve.upload_dir;
  auto topology = CpuTopologyFor(serve.cpu_topology);
  if (!topology.ok()) return planned;
  auto plan = PlanExecution(*topology, serve.plan);
  if (!plan.ok()) return planned;
  for (const NodePlan& node : plan->nodes) {
    if (node.cores < planned.concurrent_runs) continue;
    const NodeSessionConfigs sessions =
        SessionConfigsFor(node, {.adaptive = plan->adaptive, .allow_spinning = plan->allow_spinning});
    planned.threads = sessions.workers.intra_op_threads;
    planned.concurrent_runs = sessions.workers.concurrent_runs;
    planned.wide_threads = sessions.wide ? sessions.wide->intra_op_threads : 0;
  }
  return planned;
}

}  // namespace

void AddServeCommand(CLI::App& app, ServeCommandOptions& options) {
  CLI::App* command = app.add_subcommand("serve", "Serve the HTTP API (see docs/http-api.md)");
  AddEngineOptions(*command, options.engine, FlagsFor::kServe);
  server::ServeOptions& s = options.serve;
  AddFlag(*command, "--host", s.host, "Address to listen on");
  AddFlag(*command, "--port", s.port, "TCP port");
  AddFlag(*command, "--workers", s.plan.workers, "Request workers over all nodes; 0 = one per core");
  AddFlag(*command, "--threads-per-worker", s.plan.threads_per_worker,
          "ONNX Runtime intra-op threads of each worker's sessions; 0 = 1");
  AddFlag(*command, "--numa", options.numa, "on: one worker pool per NUMA node; off: one pool");
  command->add_option("--cpu-list", options.cpus, "CPUs to run on, e.g. 0-7,16; default: all this process may use")
      ->envname(EnvTwin("--cpu-list"));
  AddFlag(*command, "--cpu-topology", s.cpu_topology,
          "Plan for this hwloc synthetic topology instead of the machine's, e.g. \"numa:2 core:4 pu:1\" (its CPU "
          "numbers are the machine's): tries a NUMA layout on a small machine; empty: the machine");
  AddFlag(*command, "--adaptive", options.adaptive,
          "on: lend idle cores to running requests (wide detector, parallel recognition batches)");
  AddFlag(*command, "--warm-up", options.warm_up,
          "on: run every model session at its largest usual input before /ready, so memory does not grow under "
          "load; off: start faster and smaller");

  AddFlag(*command, "--queue-size", s.queue_size, "Requests that may wait for a worker; 0 = 4 per worker");
  AddFlag(*command, "--io-threads", s.io_threads, "HTTP event-loop threads");
  AddFlag(*command, "--max-body-bytes", s.max_body_bytes, "Largest request body");
  AddFlag(*command, "--max-connections", s.max_connections, "Open connections at most");
  AddFlag(*command, "--max-connections-per-ip", s.max_connections_per_ip, "Per client address; 0 = unlimited");
  AddFlag(*command, "--idle-timeout", s.idle_timeout_seconds, "Seconds before an idle connection is closed");
  AddFlag(*command, "--read-timeout", s.read_timeout_seconds,
          "Seconds a connection may take to send one whole request (slowloris); 0 = off");
  AddFlag(*command, "--request-timeout", s.request_timeout_seconds, "Deadline per request in seconds, queue included");
  AddFlag(*command, "--drain-timeout", s.drain_timeout_seconds, "Seconds to let in-flight requests finish on SIGTERM");
  AddFlag(*command, "--max-batch", s.max_batch, "Images in one JSON \"images\" request");
  AddFlag(*command, "--max-pdf-pages", s.max_pdf_pages, "Pages processed from one PDF");
  AddFlag(*command, "--pdf-dpi", s.pdf_render.dpi, "Resolution of PDF pages rendered for OCR");
  AddFlag(*command, "--pdf-max-side", s.pdf_render.max_side_px,
          "Longest side of a rendered PDF page in pixels (the DPI is lowered to fit)");
  AddFlag(*command, "--tool-timeout", s.tool_timeout_seconds, "Seconds each poppler tool run may take (413 beyond)");
  AddFlag(*command, "--cors-origin", s.cors_origin, "Access-Control-Allow-Origin value; empty disables CORS");
  AddFlag(*command, "--upload-dir", s.upload_dir, "Where large bodies and PDFs are spooled");
  AddFlag(*command, "--jobs-dir", s.jobs.directory,
          "Where /jobs keeps its jobs (index and files; one server per folder); empty: a private folder under "
          "--upload-dir, removed at exit, so jobs do not survive a restart");
  AddFlag(*command, "--max-job-pages", s.jobs.max_pages, "Pages of one job");
  AddFlag(*command, "--max-jobs", s.jobs.max_jobs, "Jobs queued or running at once (503 beyond)");
  AddFlag(*command, "--job-ttl", s.jobs.ttl_seconds, "Seconds a finished job is kept before it is deleted");
  AddFlag(*command, "--jobs-disk-bytes", s.jobs.max_disk_bytes,
          "Disk budget of all jobs: uploads, pages and results (413 for one upload over it, 503 when full)");
  AddFlag(*command, "--job-workers", s.jobs.concurrent,
          "Jobs running at once; each spreads its pages over the idle cores");
  AddFlag(*command, "--replica-id", s.jobs.replica_id,
          "Prefix of every job id, for routing /jobs/{id} to its replica; empty: the host name");
  command->add_option("--models", options.models, "Model sets to load (comma-separated); default: all found")
      ->envname(EnvTwin("--models"))
      ->delimiter(',');
  AddFlag(*command, "--log-level", options.log_level, "trace, debug, info, warn, error, critical or off");
}

int RunServeCommand(ServeCommandOptions options) {
  if (Status valid = ResolveServeOptions(options); !valid.ok()) {
    spdlog::error("{}", valid.error().message);
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  // The slow part (the engine check, model compiles) runs while the server
  // already answers /health and /ready (503 "loading").
  server::StartupTask startup = [options]() -> Result<server::ServerStartup> {
    auto chosen = ChooseEngine(options.engine, options.models, PlanCompile(options.serve));
    if (!chosen.ok()) return chosen.error();
    const EngineChoice engine = chosen->choice;
    // The check's compiled models: imported while the nodes load, then removed.
    std::shared_ptr<CompiledModelCache> compiled = std::move(chosen->compiled);
    const std::string cache_dir = compiled ? compiled->path() : "";
    // Called once per NUMA node, on a thread pinned to it.
    NodeModelLoader load = [options, engine, cache_dir](SessionConfig workers,
                                                         std::optional<SessionConfig> wide) -> Result<NodeModels> {
      for (SessionConfig* config : {&workers, wide ? &*wide : nullptr}) {
        if (config == nullptr) continue;
        config->precision = engine.precision;
        config->cache_dir = cache_dir;
      }
      auto sets = ResolveModelSets(options.engine, options.models);
      if (!sets.ok()) return sets.error();
      // The wide detectors load beside the sets (threads inherit this one's CPU affinity).
      const std::size_t wide_count = wide ? sets->size() : 0;
      auto wide_loading = std::async(std::launch::async, [&] {
        return AllAtOnce<std::unique_ptr<TensorModel>>(
            wide_count, [&](std::size_t i) { return LoadEngineModel(engine.engine, (*sets)[i].det, *wide); });
      });
      auto registry = LoadModelRegistry(*sets, DefaultModel(options.engine), engine.engine, workers);
      auto wide_detectors = wide_loading.get();
      if (!registry.ok()) return registry.error();
      if (!wide_detectors.ok()) return wide_detectors.error();
      NodeModels models;
      for (std::size_t i = 0; i < wide_count; ++i) {
        models.wide_detectors.emplace((*sets)[i].name, std::move((*wide_detectors)[i]));
      }
      models.registry = std::move(registry).value();
      return models;
    };
    return server::ServerStartup{engine, std::move(load), [compiled]() mutable {
                                   compiled.reset();
                                   // Model compilation and warm-up leave freed heap behind.
                                   ReleaseFreedHeap();
                                 }};
  };
  server::HttpServer http(options.serve, options.engine.decode_limits, std::move(startup));
  const Status served = http.Run();
  if (served.ok()) return 0;
  spdlog::error("{}", served.error().message);
  return ExitCodeFor(served.error());
}

}  // namespace onnxocr::cli
