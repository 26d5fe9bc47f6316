#!/usr/bin/env bash
# Browser test of the web UI against a running server:
#   tests/browser/run.sh http://127.0.0.1:5005
# Needs node >= 18 and a Chromium on the system (CHROMIUM, default /usr/bin/chromium; never downloaded).
# The screenshot goes to ${SCREENSHOT_DIR:-build}/webui.png (relative to the repository root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export BASE_URL="${1:-${BASE_URL:-http://127.0.0.1:5005}}"
export SCREENSHOT_DIR="$(cd "$root" && mkdir -p "${SCREENSHOT_DIR:-build}" && cd "${SCREENSHOT_DIR:-build}" && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
cd "$here"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
exec node --test --test-reporter=spec ui.test.mjs
