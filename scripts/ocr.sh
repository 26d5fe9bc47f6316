#!/usr/bin/env bash
# Run OCR on image/PDF files with the runtime container image and print the JSON.
#
#   scripts/ocr.sh [--rebuild] FILE...
#
# Builds onnxocr-server:latest first if it does not exist (or with --rebuild).
# Each file's directory is mounted read-only into the container.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
image=onnxocr-server:latest
rebuild=0
files=()
for a in "$@"; do
    case $a in
        --rebuild) rebuild=1 ;;
        -h|--help) sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) files+=("$a") ;;
    esac
done
[[ ${#files[@]} -gt 0 ]] || { echo "usage: scripts/ocr.sh [--rebuild] FILE..." >&2; exit 2; }

cli=$("$repo/scripts/container.sh")
if [[ $rebuild == 1 ]] || ! "$cli" image inspect "$image" >/dev/null 2>&1; then
    "$repo/scripts/make-base-image.sh" >&2
    echo "==> $cli build -t $image $repo" >&2
    mapfile -t build_opts < <("$repo/scripts/build-opts.sh" "$cli")
    "$cli" build "${build_opts[@]}" -t "$image" "$repo" >&2
fi

# Mount each distinct directory once (/in0, /in1, ...) and OCR all files in one run.
mounts=() paths=() dirs=()
for f in "${files[@]}"; do
    [[ -f $f ]] || { echo "error: no such file: $f" >&2; exit 2; }
    abs=$(cd "$(dirname "$f")" && pwd -P)
    idx=-1
    for i in "${!dirs[@]}"; do [[ ${dirs[$i]} == "$abs" ]] && idx=$i; done
    if [[ $idx == -1 ]]; then
        idx=${#dirs[@]}; dirs+=("$abs"); mounts+=(-v "$abs:/in$idx:ro")
    fi
    paths+=("/in$idx/$(basename "$f")")
done
opts=()
# Don't let SELinux hosts block the read-only bind mounts (no relabelling).
[[ $cli == podman ]] && opts+=(--security-opt label=disable)
exec "$cli" run --rm "${opts[@]}" "${mounts[@]}" "$image" ocr "${paths[@]}"
