#!/usr/bin/env bash
# Where the server's CPU goes: runs `onnxocr-server serve` under callgrind,
# switches collection on once the server is ready, sends N /ocr requests
# (the committed test images, C at a time), and reports the share of executed
# instructions per shared object, ONNX Runtime's first. Instruction counts do
# not depend on machine load, so the figure is repeatable.
#   bench/ort_share.sh [BINARY] [REQUESTS] [CONCURRENCY]
# Needs valgrind (callgrind_control) and python3. The callgrind files stay in
# bench/results/ort-share-<time>/ (callgrind_annotate reads them).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$repo/build/release/onnxocr-server}
requests=${2:-12}
concurrency=${3:-2}
port=${ONNXOCR_BENCH_PORT:-5187}
work=${ORT_SHARE_OUT:-$repo/bench/results/ort-share-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$work"
server=
trap '[[ -n $server ]] && kill $server 2>/dev/null || true' EXIT

valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out" \
    "$bin" serve --host 127.0.0.1 --port "$port" --workers "$concurrency" --log-level warn \
    --request-timeout 3600 --idle-timeout 3600 \
    >"$work/server.log" 2>&1 &
server=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
deadline = time.time() + 600
while time.time() < deadline:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/ready", timeout=5).read()
        sys.exit(0)
    except Exception:
        time.sleep(2)
sys.exit("server did not become ready under valgrind")
PY
callgrind_control --instr=on "$server" >/dev/null
python3 - "$port" "$requests" "$concurrency" "$repo/tests/data/images" <<'PY'
import base64, concurrent.futures, json, os, sys, urllib.request
port, n, c, folder = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
images = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith((".png", ".jpg")))
bodies = [json.dumps({"image": base64.b64encode(open(p, "rb").read()).decode()}).encode() for p in images]
def send(i):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/ocr", data=bodies[i % len(bodies)],
                                 headers={"Content-Type": "application/json"})
    return len(json.loads(urllib.request.urlopen(req, timeout=3600).read())["results"])
with concurrent.futures.ThreadPoolExecutor(c) as pool:
    lines = sum(pool.map(send, range(n)))
print(f"{n} requests, {lines} lines recognised")
PY
callgrind_control --instr=off "$server" >/dev/null
callgrind_control --dump "$server" >/dev/null
kill -TERM "$server"; wait "$server" || true
python3 - "$work" <<'PY'
import collections, glob, os, re, sys
# Self cost (Ir) per object file, from every dump of every thread.
self_cost = collections.Counter()
for path in glob.glob(os.path.join(sys.argv[1], "callgrind.out*")):
    names, ob, skip = {}, "?", False
    for line in open(path, errors="replace"):
        # Object names are compressed: "(3) /path" defines id 3 on first use,
        # in an ob= or a cob= line; later lines say only "(3)".
        m = re.match(r"c?ob=\((\d+)\)(?: (.*))?", line.strip())
        if m and m.group(2):
            names[m.group(1)] = m.group(2)
        if line.startswith("ob="):
            ob = names.get(m.group(1), m.group(1)) if m else line.strip()[3:]
        elif line.startswith("calls="):
            skip = True          # the next cost line is the call's inclusive cost
        elif line[:1].isdigit() or line[:1] in "+-*":
            if skip:
                skip = False
                continue
            parts = line.split()
            if len(parts) >= 2:
                self_cost[os.path.basename(ob)] += int(parts[1])
total = sum(self_cost.values())
if not total:
    sys.exit("no instructions collected")
print(f"| object | instructions | share |\n|---|---|---|")
for ob, cost in self_cost.most_common(12):
    print(f"| {ob} | {cost:,} | {100.0 * cost / total:.1f}% |")
ort = sum(c for o, c in self_cost.items() if "onnxruntime" in o)
print(f"\nONNX Runtime share of all instructions executed while serving: {100.0 * ort / total:.1f}%")
PY
