#!/usr/bin/env bash
# Runs the browser test against the runtime image: starts onnxocr-server:latest
# on a loopback port, waits for /ready, runs tests/browser/run.sh, removes the
# container. Used by .ci/run; needs node and Debian's chromium on the host.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli=$("$root/scripts/container.sh")
port="${UI_TEST_PORT:-5098}"
name="onnxocr-ui-test-$$"
trap '"$cli" rm -f -v "$name" >/dev/null 2>&1 || true' EXIT
"$cli" run -d --name "$name" -p "127.0.0.1:$port:5005" onnxocr-server:latest serve --workers 2 >/dev/null
for _ in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/ready', timeout=1)" 2>/dev/null; then
        break
    fi
    sleep 0.5
done
SCREENSHOT_DIR="${SCREENSHOT_DIR:-build}" "$root/tests/browser/run.sh" "http://127.0.0.1:$port"
