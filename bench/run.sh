#!/usr/bin/env bash
# Side-by-side HTTP benchmark: onnxocr-server against OnnxOCR's Flask service,
# RapidOCR's API server (on ONNX Runtime and on OpenVINO) and faster-paddle (a
# library, behind a minimal stdlib HTTP wrapper, and measured in-process too),
# each in a container on the same cpuset and memory limit.
#
#   bench/run.sh [--quick] [--duration S] [--warmup S] [--servers LIST] [--cpus LIST]
#                [--conc LIST] [--memory SIZE] [--ours-args "ARGS"] [--images DIR] [--rebuild] [--out DIR]
#
#   --quick         concurrency 1 and 4, 5 s steps (CI smoke; a few minutes)
#   --duration S    seconds measured per step (default 20; 5 with --quick)
#   --warmup S      seconds discarded before each step (default 5; 2 with --quick)
#   --servers LIST  comma-separated, default
#                   ours,engines,onnxocr,rapidocr,rapidocr-openvino,faster-paddle.
#                   "ours" means ours + ours-fast (with its ours-fast-v6tiny row)
#                   + ours-v6tiny + scaling + overload,
#                   "engines" ours-onnxruntime + ours-bf16; each of those can also
#                   be named alone (ours-only: just the ours row).
#   --cpus LIST     cpuset for every server (default: all CPUs, 0-$(nproc)-1)
#   --conc LIST     concurrency sweep (default 1,2,4,8,16,32)
#   --memory SIZE   container memory limit (default 8g)
#   --ours-args A   extra arguments for `onnxocr-server serve`
#   --images DIR    the images every server gets (PNG/JPEG; default tests/data/images)
#   --rebuild       rebuild onnxocr-server:latest and the peer images
#   --out DIR       results folder (default bench/results/<UTC timestamp>)
#
# Prints the markdown table on stdout (progress on stderr) and writes raw JSON,
# table.md and throughput.png to the results folder. Exits non-zero if a server
# fails to start or answers with errors (503 under overload is not an error).
# See bench/README.md.
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench/.." && pwd)

orig_args="$*"
quick=0 duration= warmup= servers=ours,engines,onnxocr,rapidocr,rapidocr-openvino,faster-paddle cpus= conc= memory=8g
ours_args= rebuild=0 out= images=$root/tests/data/images
need() { [[ $# -ge 2 && -n $2 ]] || { echo "bench/run.sh: $1 needs a value" >&2; exit 2; }; }
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --rebuild) rebuild=1 ;;
        --duration) need "$@"; duration=$2; shift ;;
        --warmup) need "$@"; warmup=$2; shift ;;
        --servers) need "$@"; servers=$2; shift ;;
        --cpus) need "$@"; cpus=$2; shift ;;
        --conc) need "$@"; conc=$2; shift ;;
        --memory) need "$@"; memory=$2; shift ;;
        --ours-args) need "$@"; ours_args=$2; shift ;;
        --out) need "$@"; out=$2; shift ;;
        --images) need "$@"; images=$(cd "$2" && pwd) || exit 2; shift ;;
        --duration=*|--warmup=*|--servers=*|--cpus=*|--conc=*|--memory=*|--ours-args=*|--out=*|--images=*)
            k=${1%%=*}; set -- "$k" "${1#*=}" "${@:2}"; continue ;;
        -h|--help) sed -n '2,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "bench/run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [[ $quick == 1 ]]; then
    : "${duration:=5}" "${warmup:=2}" "${conc:=1,4}"
else
    : "${duration:=20}" "${warmup:=5}" "${conc:=1,2,4,8,16,32}"
fi
nproc=$(nproc)
: "${cpus:=0-$((nproc - 1))}"
IFS=, read -r -a concs <<<"$conc"
retry_pause=0.05

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }

# Expand --servers.
declare -A want=()
IFS=, read -r -a toks <<<"$servers"
for t in "${toks[@]}"; do
    case $t in
        ours) for k in ours ours-fast ours-v6tiny scaling overload; do want[$k]=1; done ;;
        engines) want[ours-onnxruntime]=1; want[ours-bf16]=1 ;;
        ours-only) want[ours]=1 ;;
        ours-onnxruntime|ours-bf16|ours-fast|ours-v6tiny|scaling|overload|onnxocr|rapidocr|rapidocr-openvino|faster-paddle) want[$t]=1 ;;
        *) die "unknown server '$t' (ours, engines, ours-only, ours-onnxruntime, ours-bf16, ours-fast, ours-v6tiny, scaling, overload, onnxocr, rapidocr, rapidocr-openvino, faster-paddle)" ;;
    esac
done

cli=$("$root/scripts/container.sh")
ours_image=${BENCH_OURS_IMAGE:-localhost/onnxocr-server:latest}
peer_prefix=localhost/onnxocr-bench
declare -A port=([ours]=15005 [ours-fast]=15005 [onnxocr]=15006 [rapidocr]=15007 [rapidocr-openvino]=15008 [faster-paddle]=15009 [scaling]=15005)

out=${out:-$bench/results/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"/{runs,texts,logs,peers}
out=$(cd "$out" && pwd)
fail=0
t_start=$SECONDS

# ---------------------------------------------------------------------------
# Python: a venv under bench/.venv with matplotlib (for the plot).
venv=$bench/.venv
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
    log "creating $venv (matplotlib from PyPI)"
    { python3 -m venv "$venv" && "$venv/bin/python" -m pip install -q --disable-pip-version-check matplotlib; } >&2 \
        || log "warning: could not set up $venv with matplotlib; no plot"
fi
py=python3
[[ -x $venv/bin/python ]] && py=$venv/bin/python
loadgen() { "$py" "$bench/loadgen.py" "$@"; }

record() {  # record key=value ... -> one JSON line in servers.jsonl
    "$py" -c 'import json,sys; print(json.dumps(dict(a.split("=",1) for a in sys.argv[1:]), ensure_ascii=False))' "$@" \
        >>"$out/servers.jsonl"
}

# ---------------------------------------------------------------------------
# Images.
build_ours() {
    "$root/scripts/make-base-image.sh" >&2
    local opts=()
    mapfile -t opts < <("$root/scripts/build-opts.sh" "$cli")
    if [[ $cli == podman ]]; then
        # Keep bench/.venv and bench/results out of the build context.
        local ign=$out/.containerignore
        { [[ -f $root/.dockerignore ]] && cat "$root/.dockerignore"; printf '\nbench/.venv/\nbench/results/\n'; } >"$ign"
        opts+=(--ignorefile "$ign")
    fi
    log "building $ours_image"
    "$cli" build "${opts[@]}" -t "$ours_image" "$root" >&2
}
build_peer() {  # build_peer NAME: bench/peers/NAME, or bench/peers/rapidocr with ENGINE=openvino
    local name=$1 dir=$1 opts=()
    "$root/scripts/make-base-image.sh" >&2
    # A CA bundle for pip behind a TLS-intercepting proxy, and PIP_INDEX_URL.
    mapfile -t opts < <("$root/scripts/build-opts.sh" "$cli")
    if [[ $name == rapidocr-openvino ]]; then dir=rapidocr; opts+=(--build-arg ENGINE=openvino); fi
    log "building $peer_prefix-$name:latest (pip install from PyPI)"
    "$cli" build "${opts[@]}" -t "$peer_prefix-$name:latest" "$bench/peers/$dir" >&2
}
have_image() { "$cli" image inspect "$1" >/dev/null 2>&1; }

ours_any=${want[ours]:-}${want[ours-onnxruntime]:-}${want[ours-bf16]:-}${want[ours-fast]:-}${want[ours-v6tiny]:-}${want[scaling]:-}${want[overload]:-}
if [[ -n $ours_any ]]; then
    if [[ $rebuild == 1 ]] || ! have_image "$ours_image"; then build_ours; fi
fi
for p in onnxocr rapidocr rapidocr-openvino faster-paddle; do
    if [[ -n ${want[$p]:-} ]] && { [[ $rebuild == 1 ]] || ! have_image "$peer_prefix-$p:latest"; }; then
        build_peer "$p" || { log "error: building the $p peer image failed"; record label=$p status=failed reason="image build failed"; fail=1; unset "want[$p]"; }
    fi
done

# ---------------------------------------------------------------------------
# Meta.
ncpus=$("$py" -c 'import sys; sys.path.insert(0, sys.argv[1]); import report; print(len(report.cpulist(sys.argv[2])))' "$bench" "$cpus")
mapfile -t scaling_sets < <("$py" "$bench/report.py" cpusets "$cpus")
BENCH_CMD="bench/run.sh $orig_args" BENCH_QUICK=$quick BENCH_DURATION=$duration BENCH_WARMUP=$warmup \
BENCH_CONC=$conc BENCH_CPUS=$cpus BENCH_NCPUS=$ncpus BENCH_MEMORY=$memory BENCH_CLI=$cli \
BENCH_RETRY_PAUSE=$retry_pause BENCH_IMAGES=$images BENCH_SCALING="${scaling_sets[*]}" \
BENCH_OURS_ARGS=$ours_args BENCH_GIT=$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?') \
"$py" - "$out/meta.json" <<'EOF'
import datetime, json, os, platform, sys
e = os.environ
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
json.dump({
    "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "command": e["BENCH_CMD"].strip(), "quick": e["BENCH_QUICK"] == "1",
    "duration": float(e["BENCH_DURATION"]), "warmup": float(e["BENCH_WARMUP"]),
    "concurrency": [int(c) for c in e["BENCH_CONC"].split(",")],
    "cpus": e["BENCH_CPUS"], "ncpus": int(e["BENCH_NCPUS"]), "nproc": os.cpu_count(),
    "memory": e["BENCH_MEMORY"], "retry_pause_ms": float(e["BENCH_RETRY_PAUSE"]) * 1000,
    "container_cli": e["BENCH_CLI"], "cpu_model": cpu, "kernel": platform.release(),
    "cgroup": "v2" if os.path.exists("/sys/fs/cgroup/cgroup.controllers") else "v1",
    "git": e["BENCH_GIT"], "ours_args": e["BENCH_OURS_ARGS"],
    "n_images": len([f for f in os.listdir(e["BENCH_IMAGES"])
                     if f.lower().endswith((".png", ".jpg", ".jpeg"))]),
    "scaling_cpusets": e["BENCH_SCALING"].split(),
}, open(sys.argv[1], "w"), indent=1)
EOF
log "results in $out; cpuset $cpus ($ncpus CPUs), memory $memory, steps ${duration}s (+${warmup}s warm-up), concurrency ${concs[*]}"

# ---------------------------------------------------------------------------
# Containers.
started=()
cleanup() {
    local n
    for n in "${started[@]}"; do "$cli" rm -f -t 2 "$n" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() {  # SO_REUSEADDR as servers do, so TIME_WAIT from the previous step does not count
    "$py" -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()' "$1" 2>/dev/null
}

# start NAME CPUSET READY_URL -- RUN_ARGS...   (sets $pid)
start() {
    local name=$1 cs=$2 ready=$3; shift 4
    local p=${ready#http://127.0.0.1:}; p=${p%%/*}
    port_free "$p" || { log "error: port $p on 127.0.0.1 is in use"; return 1; }
    "$cli" rm -f "$name" >/dev/null 2>&1 || true
    "$cli" run -d --name "$name" --cpuset-cpus "$cs" --memory "$memory" --memory-swap "$memory" \
        --network host --security-opt label=disable "$@" >/dev/null || return 1
    started+=("$name")
    local t0=$SECONDS
    while ((SECONDS - t0 < 240)); do
        if [[ $("$cli" inspect -f '{{.State.Running}}' "$name" 2>/dev/null) != true ]]; then
            log "error: container $name exited:"; "$cli" logs --tail 30 "$name" >&2 2>&1 || true
            return 1
        fi
        if loadgen wait --url "$ready" --timeout 1 2>/dev/null; then
            pid=$("$cli" inspect -f '{{.State.Pid}}' "$name")
            log "$name ready after $((SECONDS - t0)) s"
            return 0
        fi
        sleep 1
    done
    log "error: $name not ready after 240 s:"; "$cli" logs --tail 30 "$name" >&2 2>&1 || true
    return 1
}
stop() {  # stop NAME LABEL
    "$cli" stop -t 10 "$1" >/dev/null 2>&1 || true
    "$cli" logs "$1" 2>&1 | tail -n 3000 >"$out/logs/$2.log" || true
    "$cli" rm -f "$1" >/dev/null 2>&1 || true
}

# sweep LABEL KIND URL DIR MODEL CONC...   (MODEL may be empty)
sweep() {
    local label=$1 kind=$2 url=$3 dir=$4 model=$5; shift 5
    local c rc=0 margs=()
    [[ -n $model ]] && margs=(--model "$model")
    mkdir -p "$dir"
    for c in "$@"; do
        loadgen load --url "$url" --kind "$kind" --images "$images" "${margs[@]}" --label "$label" \
            --concurrency "$c" --duration "$duration" --warmup "$warmup" --retry-pause "$retry_pause" \
            --pid "$pid" --cpus "$ncpus" --out "$dir/c$c.json" || rc=1
    done
    return $rc
}
texts() {  # texts LABEL KIND URL MODEL
    local margs=(); [[ -n $4 ]] && margs=(--model "$4")
    loadgen texts --url "$3" --kind "$2" --images "$images" "${margs[@]}" --label "$1" --out "$out/texts/$1.json"
}

has_mode=0 ours_version=
if [[ -n $ours_any ]]; then
    ours_help=$("$cli" run --rm "$ours_image" serve --help 2>&1 || true)
    grep -qE -- '(^|[ ,])--mode([ =,]|$)' <<<"$ours_help" && has_mode=1
    ours_version="image $("$cli" image inspect -f '{{.Id}}' "$ours_image" 2>/dev/null | cut -c1-12)"
fi
ours_url=http://127.0.0.1:${port[ours]}
ours_run() {  # ours_run NAME CPUSET [serve args...]
    local name=$1 cs=$2; shift 2
    # shellcheck disable=SC2086
    start "$name" "$cs" "$ours_url/ready" -- "$ours_image" serve --host 127.0.0.1 --port "${port[ours]}" "$@" $ours_args
}
mode_args=(); [[ $has_mode == 1 ]] && mode_args=(--mode parity)

# --- ours (default/parity mode), overload, v6 tiny: one container -----------
if [[ -n ${want[ours]:-}${want[ours-v6tiny]:-}${want[overload]:-} ]]; then
    name=onnxocr-bench-$$-ours
    if ours_run "$name" "$cpus" "${mode_args[@]}"; then
        if [[ -n ${want[ours]:-} ]]; then
            log "== ours${mode_args[*]:+ (${mode_args[*]})}"
            texts ours ours "$ours_url/ocr" "" || fail=1
            sweep ours ours "$ours_url/ocr" "$out/runs/ours" "" "${concs[@]}" || fail=1
            record label=ours status=ok versions="$ours_version" \
                desc="$(echo onnxocr-server serve "${mode_args[@]}" $ours_args) (PP-OCRv5 mobile)"
        fi
        if [[ -n ${want[overload]:-} ]]; then
            if sat=$("$py" "$bench/report.py" saturation "$out/runs/ours" 2>/dev/null); then
                log "== ours past saturation (saturating concurrency $sat): c=$((4 * sat)), $((16 * sat))"
                # 503s are expected here; only other errors fail the run.
                sweep ours-overload ours "$ours_url/ocr" "$out/overload" "" $((4 * sat)) $((16 * sat)) || fail=1
            else
                log "overload: skipped (needs the ours sweep)"
            fi
        fi
        if [[ -n ${want[ours-v6tiny]:-} ]]; then
            if "$py" -c 'import json, sys, urllib.request as u
r = u.build_opener(u.ProxyHandler({})).open(sys.argv[1], timeout=10)
sys.exit(0 if "ppocrv6-tiny" in json.load(r).get("models", []) else 1)' "$ours_url/ready" 2>/dev/null; then
                log "== ours-v6tiny (request field \"model\": \"ppocrv6-tiny\", same container)"
                texts ours-v6tiny ours "$ours_url/ocr" ppocrv6-tiny || fail=1
                sweep ours-v6tiny ours "$ours_url/ocr" "$out/runs/ours-v6tiny" ppocrv6-tiny "${concs[@]}" || fail=1
                record label=ours-v6tiny status=ok versions="$ours_version" \
                    desc="same server as ours, requests with \"model\": \"ppocrv6-tiny\" (PP-OCRv6 tiny)"
            else
                log "ours-v6tiny: SKIPPED: the server's /ready lists no ppocrv6-tiny model set"
                record label=ours-v6tiny status=skipped reason="server has no ppocrv6-tiny model set"
            fi
        fi
    else
        fail=1
        record label=ours status=failed reason="server did not start"
    fi
    stop "$name" ours
fi

# --- ours with other serve flags: one container each ---------------------------
# ours_variant LABEL FLAGS-DESC -- SERVE-ARGS...
ours_variant() {
    local label=$1 what=$2; shift 3
    local name=onnxocr-bench-$$-$label
    log "== $label ($what)"
    if ours_run "$name" "$cpus" "$@"; then
        texts "$label" ours "$ours_url/ocr" "" || fail=1
        sweep "$label" ours "$ours_url/ocr" "$out/runs/$label" "" "${concs[@]}" || fail=1
        record label="$label" status=ok versions="$ours_version" \
            desc="$(echo onnxocr-server serve "$@" $ours_args) (PP-OCRv5 mobile)"
    else
        fail=1
        record label="$label" status=failed reason="server with $what did not start"
    fi
    stop "$name" "$label"
}
if [[ -n ${want[ours-onnxruntime]:-} ]]; then
    ours_variant ours-onnxruntime "--engine onnxruntime" -- "${mode_args[@]}" --engine onnxruntime
fi
if [[ -n ${want[ours-bf16]:-} ]]; then
    if grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo; then
        ours_variant ours-bf16 "--precision bf16" -- "${mode_args[@]}" --precision bf16
    else
        log "ours-bf16: SKIPPED: this CPU has no native BF16 (avx512_bf16 or amx_bf16), which the server requires"
        record label=ours-bf16 status=skipped reason="CPU without native BF16"
    fi
fi
if [[ -n ${want[ours-fast]:-} ]]; then
    if [[ $has_mode == 0 ]]; then
        log "ours-fast: SKIPPED: $ours_image has no 'serve --mode' flag (build a newer image: bench/run.sh --rebuild)"
        record label=ours-fast status=skipped reason="image has no 'serve --mode' flag"
    else
        name=onnxocr-bench-$$-ours-fast
        log "== ours-fast (--mode fast; PP-OCRv5 mobile, then PP-OCRv6 tiny in the same container)"
        if ours_run "$name" "$cpus" --mode fast; then
            for model_set in ppocrv5-mobile ppocrv6-tiny; do
                label=ours-fast model_field=""
                if [[ $model_set == ppocrv6-tiny ]]; then label=ours-fast-v6tiny model_field=ppocrv6-tiny; fi
                texts "$label" ours "$ours_url/ocr" "$model_field" || fail=1
                sweep "$label" ours "$ours_url/ocr" "$out/runs/$label" "$model_field" "${concs[@]}" || fail=1
                record label="$label" status=ok versions="$ours_version" \
                    desc="$(echo onnxocr-server serve --mode fast $ours_args) ($model_set${model_field:+, request field \"model\"})"
            done
        else
            fail=1
            record label=ours-fast status=failed reason="server with --mode fast did not start"
        fi
        stop "$name" ours-fast
    fi
fi

# --- peers ---------------------------------------------------------------------
peer_versions() {  # peer_versions LABEL PACKAGE-REGEX
    "$cli" run --rm --entrypoint cat "$peer_prefix-$1:latest" /opt/peer/freeze.txt >"$out/peers/$1-freeze.txt" 2>/dev/null || true
    grep -iE "^($2)==" "$out/peers/$1-freeze.txt" | sed 's/==/ /' | paste -sd, - | sed 's/,/, /g'
}
# peer LABEL KIND TITLE PACKAGES READY_PATH DESC -- CONTAINER-ARGS...: one
# peer's texts and sweep, in its own container on the shared cpuset. A peer
# known to fail under concurrency (PEER_ERRORS_EXPECTED=1) has its errors
# reported in the table without failing the run.
peer() {
    local label=$1 kind=$2 title=$3 packages=$4 ready=$5 desc=$6; shift 7
    local name=onnxocr-bench-$$-$label url=http://127.0.0.1:${port[$label]} swept=0
    log "== $label ($title)"
    local vers; vers=$(peer_versions "$label" "$packages")
    if start "$name" "$cpus" "$url$ready" -- -v "$root/models:/models:ro" "$@"; then
        texts "$label" "$kind" "$url/ocr" "" || swept=1
        sweep "$label" "$kind" "$url/ocr" "$out/runs/$label" "" "${concs[@]}" || swept=1
        if [[ $swept != 0 && ${PEER_ERRORS_EXPECTED:-0} == 0 ]]; then fail=1; fi
        record label="$label" status=ok versions="$vers" desc="$desc"
    else
        fail=1; record label="$label" status=failed reason="server did not start" versions="$vers"
    fi
    stop "$name" "$label"
}
if [[ -n ${want[onnxocr]:-} ]]; then
    peer onnxocr onnxocr "OnnxOCR app-service.py /ocr on Flask" 'onnxocr|onnxruntime|opencv-python-headless|flask|werkzeug' \
        /health "OnnxOCR's app-service.py /ocr (bench/peers/onnxocr/app.py), Flask threaded dev server, models/ppocrv5-mobile" \
        -- -e ONNXOCR_HOST=127.0.0.1 -e ONNXOCR_PORT="${port[onnxocr]}" "$peer_prefix-onnxocr:latest"
fi
if [[ -n ${want[rapidocr]:-} ]]; then
    peer rapidocr rapidocr "rapidocr_api, uvicorn, 1 worker" \
        'rapidocr|rapidocr-api|rapidocr_api|onnxruntime|opencv-python-headless|fastapi|uvicorn' \
        / "rapidocr_api with det/cls/rec from models/ppocrv5-mobile, RapidOCR's own pre/post-processing defaults" \
        -- "$peer_prefix-rapidocr:latest" /opt/peer/venv/bin/rapidocr_api -ip 127.0.0.1 -p "${port[rapidocr]}"
fi
if [[ -n ${want[rapidocr-openvino]:-} ]]; then
    # Its one infer request per model is shared by uvicorn's threads: concurrent
    # requests fail (reported in the errors column, not hidden).
    PEER_ERRORS_EXPECTED=1 peer rapidocr-openvino rapidocr "rapidocr_api with OpenVINO engines, uvicorn, 1 worker" \
        'rapidocr|rapidocr-api|rapidocr_api|openvino|opencv-python-headless|fastapi|uvicorn' \
        / "rapidocr_api, rapidocr 3.10.0 with Det/Cls/Rec.engine_type openvino (openvino 2026.4.1), models/ppocrv5-mobile" \
        -- "$peer_prefix-rapidocr-openvino:latest" /opt/peer/venv/bin/rapidocr_api -ip 127.0.0.1 -p "${port[rapidocr-openvino]}"
fi

if [[ -n ${want[faster-paddle]:-} ]]; then
    # A library: behind our stdlib wrapper (bench/peers/faster-paddle/app.py),
    # then in-process (direct.py) in the same image and cpuset, so the HTTP
    # cost is visible. PP-OCRv6 tiny, faster-paddle's defaults.
    peer faster-paddle onnxocr "faster-paddle OcrEngine behind a stdlib HTTP wrapper (ours)" 'faster-paddle' \
        /health "faster-paddle OcrEngine(model_size=\"tiny\") defaults, PP-OCRv6 tiny from its wheel; HTTP: bench/peers/faster-paddle/app.py" \
        -- -e PEER_HOST=127.0.0.1 -e PEER_PORT="${port[faster-paddle]}" "$peer_prefix-faster-paddle:latest"
    log "== faster-paddle-direct (in-process, one image at a time, ${duration} s)"
    if "$cli" run --rm --cpuset-cpus "$cpus" --memory "$memory" --memory-swap "$memory" --security-opt label=disable \
        -v "$images:/images:ro" "$peer_prefix-faster-paddle:latest" \
        /opt/peer/venv/bin/python /opt/peer/direct.py --images /images --seconds "$duration" \
        >"$out/peers/faster-paddle-direct.json" 2>"$out/logs/faster-paddle-direct.log"; then
        log "faster-paddle-direct: $(cat "$out/peers/faster-paddle-direct.json")"
    else
        log "error: faster-paddle-direct failed: $(tail -3 "$out/logs/faster-paddle-direct.log")"; fail=1
    fi
fi

# --- scaling of ours -----------------------------------------------------------
if [[ -n ${want[scaling]:-} ]]; then
    for cs in "${scaling_sets[@]}"; do
        n=$("$py" -c 'import sys; sys.path.insert(0, sys.argv[1]); import report; print(len(report.cpulist(sys.argv[2])))' "$bench" "$cs")
        dir=$out/scaling/$cs
        if [[ $cs == "$cpus" && -d $out/runs/ours ]]; then
            mkdir -p "$dir"; cp "$out"/runs/ours/c*.json "$dir"/
            continue
        fi
        cands=("$n"); [[ $quick == 0 ]] && cands+=($((2 * n)))
        name=onnxocr-bench-$$-scale
        log "== scaling: ours on cpuset $cs, concurrency ${cands[*]}"
        if ours_run "$name" "$cs" "${mode_args[@]}"; then
            sweep "ours@$cs" ours "$ours_url/ocr" "$dir" "" "${cands[@]}" || fail=1
        else
            fail=1
        fi
        stop "$name" "scale-$cs"
    done
fi

# ---------------------------------------------------------------------------
log "report ($(( SECONDS - t_start )) s so far)"
"$py" "$bench/report.py" table "$out"
log "done in $(( SECONDS - t_start )) s: $out/table.md"
if [[ $fail != 0 ]]; then
    log "FAILED: a server did not start or answered with errors (see above and $out/logs/)"
    exit 1
fi
