#!/usr/bin/env bash
# THE test command: builds the project in a container and runs the whole test
# suite (ctest: unit tests + parity test) via the Dockerfile's `test` stage.
#
#   scripts/test.sh              # from any directory
#   scripts/test.sh --no-cache   # extra arguments go to `<cli> build`
#
# Exit status is the container build's: 0 only if everything built and passed.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$repo/scripts/make-base-image.sh" || exit
cli=$("$repo/scripts/container.sh") || exit
mapfile -t args < <("$repo/scripts/build-opts.sh" "$cli")
# BuildKit hides RUN output by default; show it so the ctest log is visible.
if [[ $cli == docker ]] && docker buildx version >/dev/null 2>&1; then args+=(--progress=plain); fi

echo "==> $cli build --target test -t onnxocr-server:test $repo"
start=$SECONDS
"$cli" build "${args[@]}" --target test -t onnxocr-server:test "$@" "$repo"
rc=$?
secs=$((SECONDS - start))
if [[ $rc == 0 ]]; then
    # The test stage keeps its log; print the ctest summary even when the
    # stage came from the build cache (inputs unchanged => results unchanged).
    "$cli" run --rm --entrypoint sh onnxocr-server:test -c \
        'grep -E "tests passed|tests failed|Total Test time" /src/build/release/ctest.log' 2>/dev/null || true
    echo "==> scripts/test.sh: PASSED (build + ctest in container, ${secs}s)"
else
    echo "==> scripts/test.sh: FAILED (exit $rc after ${secs}s; see the output above)"
fi
exit $rc
