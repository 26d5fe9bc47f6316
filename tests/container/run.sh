#!/usr/bin/env bash
# Container tests for the runtime image (called by .ci/run after the ocr phase).
#
#   tests/container/run.sh            # IMAGE=onnxocr-server:latest by default
#
# 0. deploy/kubernetes/*.yaml checked offline (validate_k8s.py);
# 1. hardened single container (--read-only --tmpfs /tmp --cap-drop ALL
#    --security-opt no-new-privileges --init, published on 127.0.0.1 only):
#    healthcheck command, uid 10001, / not writable, /tmp writable;
# 2. the HTTP e2e suite against it (ONNXOCR_E2E_URL; tests that need their own
#    server skip themselves);
# 3. SIGTERM during a slow request (multipart scanned.pdf): 200, exit code 0;
# 4. HA: onnxocr-1..3 + HAProxy (deploy/haproxy, the compose `ha` profile as
#    plain podman/docker commands), steady load, SIGKILL one replica mid-way:
#    0 failed requests; then a job submitted and polled through HAProxy while
#    another replica is killed: every poll reaches the job's owner, it ends done.
# CONTAINER_E2E=0 skips step 2, LOAD_SECONDS sets step 4's load (20).
# Everything it starts is removed on exit. Needs python3-pytest, python3-requests.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
cli=$(scripts/container.sh)
image=${IMAGE:-onnxocr-server:latest}
lb_image=${LB_IMAGE:-onnxocr-haproxy:latest}
load_secs=${LOAD_SECONDS:-20}
p=onnxocr-ct-$$
net=$p-net
# Same command as the Dockerfile's HEALTHCHECK and compose.yaml (podman ignores
# HEALTHCHECK in OCI-format images, so it is passed explicitly too).
health='exec 3<>/dev/tcp/127.0.0.1/5005 && printf '"'"'GET /ready HTTP/1.0\r\nHost: localhost\r\n\r\n'"'"' >&3 && head -n 1 <&3 | grep -q '"'"' 200 '"'"''
harden=(--read-only --tmpfs /tmp:rw,size=512m,mode=1777 --cap-drop ALL
        --security-opt no-new-privileges --init)
[[ $cli == podman ]] && harden+=(--security-opt label=disable)

cleanup() {
    local rc=$?
    local c  # one at a time: podman rm stops at the first name that does not exist
    for c in "$p-single" "$p-onnxocr-1" "$p-onnxocr-2" "$p-onnxocr-3" "$p-lb"; do
        "$cli" rm -f -v -t 0 "$c" >/dev/null 2>&1 || true
    done
    "$cli" network rm -f "$net" >/dev/null 2>&1 || true
    exit $rc
}
trap cleanup EXIT
die() { echo "container test FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {  # wait_http URL SECONDS
    python3 - "$1" "$2" <<'PY' || return 1
import sys, time, requests
url, deadline = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        if requests.get(url, timeout=2).status_code == 200:
            sys.exit(0)
    except requests.RequestException:
        pass
    time.sleep(0.2)
sys.exit(1)
PY
}
t0=$SECONDS
step() { echo "==> [$((SECONDS - t0))s] $*"; }

step "Kubernetes manifests (deploy/kubernetes)"
python3 tests/container/validate_k8s.py

"$cli" image inspect "$image" >/dev/null || die "image $image not found (scripts/ocr.sh --rebuild builds it)"
echo "image $image: $("$cli" image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

# --- 1. hardened single container -------------------------------------------
step "single hardened container"
port=$(free_port)
"$cli" run -d --name "$p-single" "${harden[@]}" -p "127.0.0.1:$port:5005" \
    --health-cmd "/bin/bash -c \"$health\"" --health-interval 5s \
    -e ONNXOCR_WORKERS=2 "$image" >/dev/null
wait_http "http://127.0.0.1:$port/ready" 90 || { "$cli" logs "$p-single" | tail -30; die "not ready in 90 s"; }
"$cli" exec "$p-single" /bin/bash -c "$health" || die "healthcheck command failed on a ready server"
if [[ $cli == podman ]]; then
    podman healthcheck run "$p-single" >/dev/null || die "podman healthcheck run: unhealthy"
fi
uid=$("$cli" exec "$p-single" id -u)
[[ $uid == 10001 ]] || die "runs as uid $uid, expected 10001"
if "$cli" exec "$p-single" /bin/sh -c 'echo x > /probe' 2>/dev/null; then die "root filesystem is writable"; fi
"$cli" exec "$p-single" /bin/sh -c 'echo x > /tmp/probe && rm /tmp/probe' || die "/tmp is not writable"
echo "uid $uid, / read-only, /tmp writable, healthcheck ok"

# --- 2. e2e suite ------------------------------------------------------------
step "e2e suite against the container"
if [[ ${CONTAINER_E2E:-1} == 1 ]]; then
    ONNXOCR_E2E_URL=http://127.0.0.1:$port python3 -m pytest tests/e2e -q -p no:cacheprovider
else
    echo "skipped (CONTAINER_E2E=0)"
fi

# --- 3. SIGTERM while a slow request is in flight -----------------------------
step "SIGTERM during a request"
python3 tests/container/load.py drain "http://127.0.0.1:$port" tests/data/pdf/scanned.pdf \
    --delay 0.3 --signal-cmd "$cli kill -s TERM $p-single" || die "in-flight request lost on SIGTERM"
rc=$("$cli" wait "$p-single")
[[ $rc == 0 ]] || { "$cli" logs "$p-single" | tail -20; die "container exited $rc after SIGTERM"; }
echo "container exited $rc after draining"

# --- 4. HA: 3 replicas + HAProxy, kill one under load -------------------------
step "HA: 3 replicas + HAProxy"
if ! "$cli" image inspect "$lb_image" >/dev/null 2>&1; then
    "$cli" build -t "$lb_image" deploy/haproxy
fi
"$cli" network create "$net" >/dev/null
for i in 1 2 3; do
    "$cli" run -d --name "$p-onnxocr-$i" --network "$net" --network-alias "onnxocr-$i" --hostname "onnxocr-$i" \
        "${harden[@]}" -e ONNXOCR_WORKERS=1 "$image" >/dev/null
done
lbport=$(free_port)
"$cli" run -d --name "$p-lb" --network "$net" --read-only --cap-drop ALL \
    --security-opt no-new-privileges -p "127.0.0.1:$lbport:8080" "$lb_image" >/dev/null
for i in 1 2 3; do
    for _ in $(seq 1 450); do
        "$cli" exec "$p-onnxocr-$i" /bin/bash -c "$health" 2>/dev/null && break
        sleep 0.2
    done
    "$cli" exec "$p-onnxocr-$i" /bin/bash -c "$health" || die "replica $i not ready"
done
wait_http "http://127.0.0.1:$lbport/ready" 30 || { "$cli" logs "$p-lb" | tail; die "LB not ready"; }
sleep 3   # let HAProxy's checks see all three up (rise 2 x 1 s)
step "steady load ${load_secs}s, SIGKILL onnxocr-2 at $((load_secs * 2 / 5))s"
python3 tests/container/load.py steady "http://127.0.0.1:$lbport" "$load_secs" 4 \
    --kill-at "$((load_secs * 2 / 5))" --kill-cmd "$cli kill -s KILL $p-onnxocr-2" \
    || { "$cli" logs "$p-lb" 2>&1 | tail -20; die "requests failed while a replica was killed"; }
lblog=$("$cli" logs "$p-lb" 2>&1)
# httplog field actconn/feconn/beconn/srv_conn/retries ("+N": redispatched).
grep -E ' [-A-Za-z]{4} [0-9]+/[0-9]+/[0-9]+/[0-9]+/\+?[1-9]' <<<"$lblog" | head -3 || true
echo "haproxy: $(grep -c ' 200 ' <<<"$lblog") responses 200, $(grep -Ec ' [-A-Za-z]{4} [0-9]+/[0-9]+/[0-9]+/[0-9]+/\+?[1-9][0-9]* ' <<<"$lblog" || true) of them after a retry"
"$cli" logs "$p-lb" 2>&1 | grep -E 'onnxocr-2 is DOWN|Server onnxocr/onnxocr-2' | head -2 || true
step "HA: a job submitted and polled through HAProxy while another replica is killed"
python3 tests/container/load.py job "http://127.0.0.1:$lbport" tests/data/pdf/scanned_8.pdf \
    --replicas onnxocr-1,onnxocr-3 --kill-cmd "$cli kill -s KILL $p-{replica}" \
    || { "$cli" logs "$p-lb" 2>&1 | tail -20; die "a job was not routed to its replica"; }
step "container tests PASSED"
