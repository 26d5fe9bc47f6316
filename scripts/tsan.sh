#!/usr/bin/env bash
# ThreadSanitizer over what runs concurrently: the node pools, core lending,
# the scheduler, jobs and completions, metrics, the connection probe, pages of
# one request, the handlers with the job service (unit tests), and the
# concurrency e2e suites (scheduling, lifecycle and drain, clients that leave,
# pages spread over cores, a running job cancelled, jobs across a restart) against a TSan build of
# the server. Any report fails.
# Runs in the toolchain container:  scripts/dev.sh scripts/tsan.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
unit=(runtime/core_budget_test runtime/completion_test runtime/job_test runtime/node_pool_test
      runtime/shared_model_loader_test server/metrics_test server/connection_probe_test server/read_timeout_test
      server/page_map_test server/handlers_test)
targets=(onnxocr-server)
for t in "${unit[@]}"; do targets+=("${t#*/}"); done
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target "${targets[@]}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan/suppressions.txt"
for t in "${unit[@]}"; do
    echo "::: tsan: $t"
    "build/tsan/tests/unit/$t" --gtest_brief=1
done
echo "::: tsan: e2e (scheduling, lifecycle, client gone, pages, a job's cancel and restart)"
ONNXOCR_BIN=$PWD/build/tsan/onnxocr-server PYTHONDONTWRITEBYTECODE=1 \
    python3 -m pytest -q -p no:cacheprovider tests/e2e/test_scheduling.py tests/e2e/test_lifecycle.py \
    tests/e2e/test_client_gone.py tests/e2e/test_pages.py \
    "tests/e2e/test_jobs.py::test_delete_cancels_a_running_job_and_removes_its_files" \
    "tests/e2e/test_jobs.py::test_accepted_jobs_survive_a_restart_and_resume"
