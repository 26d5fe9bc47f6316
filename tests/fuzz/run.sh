#!/usr/bin/env bash
# Builds the `fuzz` preset and runs every libFuzzer target (or the ones named)
# for SECONDS each (default 60) on a scratch copy of its seed corpus, with
# leak detection, a 2 GiB RSS limit and a 10 s per-input timeout. Prints one
# summary line per target; exits non-zero if any target crashed, leaked, ran
# out of memory or timed out (artifacts are kept under $FUZZ_WORK).
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#   tests/fuzz/run.sh --replay            # run tests/fuzz/crashes/* against their targets
#
# Environment: FUZZ_JOBS (build jobs, default nproc), FUZZ_SKIP_BUILD=1,
# FUZZ_WORK (scratch directory, default build/fuzz/run), FUZZ_ARGS (extra
# libFuzzer flags). Needs clang with libFuzzer (Debian: clang libclang-rt-19-dev).
set -u -o pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$ROOT/build/fuzz/tests/fuzz"
WORK="${FUZZ_WORK:-$ROOT/build/fuzz/run}"
ALL_TARGETS=(fuzz_ocr_request fuzz_multipart
             fuzz_decode_jpeg fuzz_decode_png fuzz_decode_webp fuzz_decode_bmp fuzz_decode_tiff
             fuzz_decode_tiff_multipage
             fuzz_pdfinfo fuzz_pdf_text_layer fuzz_ppm fuzz_page_range
             fuzz_render fuzz_searchable_pdf)

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:handle_abort=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan-suppressions.txt}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

build() {
  [[ "${FUZZ_SKIP_BUILD:-0}" == 1 ]] && return 0
  (cd "$ROOT" && cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j "${FUZZ_JOBS:-$(nproc)}") || {
    echo "run.sh: building the fuzz preset failed" >&2
    exit 2
  }
}

replay() {
  local failed=0 file target
  shopt -s nullglob
  for file in "$HERE"/crashes/* "$HERE"/regressions/*; do
    target="$(basename "$file")"
    target="${target%%-*}"
    [[ -x "$BIN/$target" ]] || continue  # not a fuzz input (e.g. a PDF kept for an end-to-end repro)
    if "$BIN/$target" -rss_limit_mb=2048 -timeout=10 "$file" >"$WORK/replay.log" 2>&1; then
      printf '%-28s passes   %s\n' "$target" "${file#"$ROOT"/}"
    else
      printf '%-28s FAILS    %s: %s\n' "$target" "${file#"$ROOT"/}" \
        "$(grep -m1 -E 'runtime error|ERROR: |==FUZZ INVARIANT==' "$WORK/replay.log" | sed 's/^ *//' | cut -c1-160)"
      failed=1
    fi
  done
  return $failed
}

stat_of() {  # stat_of LOG NAME
  sed -n "s/^stat::$2: *//p" "$1" | tail -n1
}

run_target() {  # run_target TARGET SECONDS
  local target="$1" seconds="$2"
  local corpus="$WORK/corpus/$target" artifacts="$WORK/artifacts/$target" log="$WORK/logs/$target.log"
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -r "$HERE/corpus/$target/." "$corpus/" 2>/dev/null || true
  local seeds
  seeds="$(find "$corpus" -type f | wc -l)"
  local dict=()
  [[ -f "$HERE/dict/$target.dict" ]] && dict=(-dict="$HERE/dict/$target.dict")

  local start end rc
  start="$(date +%s)"
  # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
  timeout --kill-after=30 $((seconds + 120)) "$BIN/$target" \
    -max_total_time="$seconds" -detect_leaks=1 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} \
    "$corpus" >"$log" 2>&1
  rc=$?
  end="$(date +%s)"

  local execs speed rss last cov ft files status
  execs="$(stat_of "$log" number_of_executed_units)"
  speed="$(stat_of "$log" average_exec_per_sec)"
  rss="$(stat_of "$log" peak_rss_mb)"
  last="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  files="$(find "$corpus" -type f | wc -l)"
  if [[ $rc -eq 0 ]]; then
    status=ok
  else
    status="FAIL(rc=$rc)"
    local why
    why="$(grep -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error|==FUZZ INVARIANT==|SUMMARY' "$log" | sed 's/^ *//' | cut -c1-200)"
    status+=" ${why:-see log}"
  fi
  printf '%-28s %-4s execs=%-9s exec/s=%-7s cov=%-5s ft=%-6s corpus=%s (seeds %s) rss=%sMB time=%ss\n' \
    "$target" "$([[ $rc -eq 0 ]] && echo ok || echo FAIL)" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" \
    "$files" "$seeds" "${rss:-?}" "$((end - start))"
  if [[ $rc -ne 0 ]]; then
    echo "    $status"
    echo "    log: ${log#"$ROOT"/}; artifacts: $(find "$artifacts" -type f | sed "s|$ROOT/||" | tr '\n' ' ')"
  fi
  return $rc
}

main() {
  mkdir -p "$WORK"
  if [[ "${1:-}" == --replay ]]; then
    build
    replay
    exit $?
  fi
  local seconds="${1:-60}"
  [[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [TARGET...] | --replay" >&2; exit 2; }
  shift || true
  local targets=("$@")
  [[ ${#targets[@]} -eq 0 ]] && targets=("${ALL_TARGETS[@]}")

  build
  local failed=() target
  for target in "${targets[@]}"; do
    if [[ ! -x "$BIN/$target" ]]; then
      echo "$target: no such fuzz target in $BIN" >&2
      failed+=("$target")
      continue
    fi
    run_target "$target" "$seconds" || failed+=("$target")
  done
  if [[ ${#failed[@]} -gt 0 ]]; then
    echo "FAILED: ${failed[*]}"
    exit 1
  fi
  echo "all ${#targets[@]} fuzz targets ran ${seconds}s without findings"
}

main "$@"
