// Settings of `onnxocr-server serve` that concern HTTP and scheduling. Value type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/ocr_types.h"
#include "core/pdf/pdf_document.h"
#include "runtime/engine.h"
#include "runtime/execution_plan.h"

namespace onnxocr::server {

// The asynchronous job API's settings (server/job_service.h).
struct JobOptions {
  // Where jobs live (index and files). Empty: a private folder under
  // upload_dir, removed at exit, so jobs do not survive a restart.
  std::string directory;
  int max_pages = 2000;                          // pages of one job
  int max_jobs = 100;                            // queued and running at once
  double ttl_seconds = 86400;                    // a finished job is deleted this long after it ended
  std::uint64_t max_disk_bytes = 10ull << 30;    // uploads, pages and results of all jobs
  std::string replica_id;                        // every job id starts with it; empty: the host name
  int concurrent = 1;                            // jobs running at once (each spreads its pages over idle cores)
};

struct ServeOptions {
  std::string host = "0.0.0.0";
  int port = 5005;
  PlanRequest plan;            // workers, threads per worker, NUMA, CPU list, adaptive lending, warm-up
  // An hwloc synthetic topology ("numa:2 core:4 pu:1") planned for instead of
  // this machine's; empty: this machine (runtime/cpu_topology.h).
  std::string cpu_topology;
  std::size_t queue_size = 0;  // requests waiting for a worker, all nodes together; 0 = 4 per worker
  // What a request gets for the options it leaves out: serve's --mode,
  // --use-angle-cls, --det-limit-side-len and --drop-score.
  OcrOptions request_defaults;
  int io_threads = 2;  // HTTP event loops (parsing and sending only)
  std::size_t max_body_bytes = 64u << 20;
  std::size_t max_memory_body_bytes = 8u << 20;  // larger bodies are spooled to upload_dir
  std::size_t max_connections = 4096;
  std::size_t max_connections_per_ip = 0;  // 0 = unlimited
  std::size_t idle_timeout_seconds = 60;
  double read_timeout_seconds = 60;     // to receive one whole request (slowloris); 0 = off
  double request_timeout_seconds = 60;  // deadline from arrival to response
  double drain_timeout_seconds = 30;
  std::size_t max_batch = 16;  // images in one JSON "images" request
  int max_pdf_pages = 100;
  PdfRenderSettings pdf_render;      // DPI and side cap of PDF pages rendered for OCR
  double tool_timeout_seconds = 15;  // each pdfinfo/pdftotext/pdftoppm run
  std::string cors_origin = "*";     // empty disables CORS headers
  std::string upload_dir = "/tmp";
  JobOptions jobs;
};

}  // namespace onnxocr::server
