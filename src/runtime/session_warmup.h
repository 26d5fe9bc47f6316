// Start-up warm-up of a node's inference sessions. ONNX Runtime sizes a
// session's memory arena on its first runs, and the arena keeps what it took,
// so a server that is not warmed grows while its first requests arrive and
// again whenever requests first overlap in one session (seen as a late 24 MiB
// step in a 10,000-request soak). Warming each session from as many threads at
// once as can use it in service moves that growth to start-up.
#pragma once

#include "core/status.h"
#include "runtime/execution_plan.h"
#include "runtime/model_registry.h"
#include "runtime/node_executor.h"

namespace onnxocr {

// Runs every session of every model set in `registry` and every wide detector
// on synthetic inputs (synthetic_input.h): the detector at its limit side (rounded to 32), the
// classifier at a full batch of its input size, the recogniser at a full batch
// of its base width (every batch is at least that wide; wider lines grow its
// arena once, on first use). Detector and classifier run from as many threads
// at once as workers can run at once (`plan.workers`, at most cores /
// threads per worker: the core budget holds the rest back), the recogniser
// from one thread per core (lent helpers run it too), each thread pinned to
// `plan.cpus`; then each wide detector runs once. Blocks until done; returns the
// first error (a model that cannot run fails start-up rather than a request).
Status WarmUpSessions(const NodePlan& plan, const ModelRegistry& registry, const WideDetectors& wide_detectors);

}  // namespace onnxocr
