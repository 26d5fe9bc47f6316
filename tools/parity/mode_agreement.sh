#!/usr/bin/env bash
# Compares --mode fast with --mode parity on a folder of images (default: the
# committed test images): the share of parity lines that fast mode keeps
# identical, and CER against the .gt.txt sidecars for each mode.
#   tools/parity/mode_agreement.sh [BINARY] [MODEL_SET] [IMAGES_DIR] [-- extra ocr flags]
# A parity line is kept when fast mode has a line with the same text whose box
# overlaps it (IoU of the axis-aligned boxes >= 0.5): fast mode may size the
# detector differently (a set's fast.det_max_side_len), which moves corners by
# a pixel or two, so boxes are not compared exactly. Exit 0 always (a
# measurement, not a test).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${1:-$repo/build/release/onnxocr-server}
model=${2:-ppocrv5-mobile}
images=${3:-$repo/tests/data/images}
shift $(( $# < 3 ? $# : 3 ))
[[ ${1:-} == -- ]] && shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mapfile -t files < <(find "$images" -maxdepth 1 -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | sort)
for mode in parity fast; do
    mkdir -p "$out/$mode"
    # One process per mode; one JSON document per line, in argument order.
    "$bin" ocr --model "$model" --mode "$mode" "$@" "${files[@]}" > "$out/$mode/all.jsonl"
    python3 - "$out/$mode" "${files[@]}" <<'PY'
import json, os, sys
folder, files = sys.argv[1], sys.argv[2:]
docs = [line for line in open(os.path.join(folder, "all.jsonl")) if line.strip()]
assert len(docs) == len(files), f"{len(docs)} results for {len(files)} files"
for path, doc in zip(files, docs):
    name = os.path.splitext(os.path.basename(path))[0]
    open(os.path.join(folder, name + ".json"), "w").write(doc)
os.remove(os.path.join(folder, "all.jsonl"))
PY
done
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]

def rect(line):
    xs = [p[0] for p in line["bounding_box"]]
    ys = [p[1] for p in line["bounding_box"]]
    return min(xs), min(ys), max(xs), max(ys)

def iou(a, b):
    ax0, ay0, ax1, ay1 = rect(a)
    bx0, by0, bx1, by1 = rect(b)
    w = max(0, min(ax1, bx1) - max(ax0, bx0))
    h = max(0, min(ay1, by1) - max(ay0, by0))
    inter = w * h
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return inter / union if union > 0 else 0.0

same = total = fast_total = 0
for name in sorted(os.listdir(os.path.join(out, "parity"))):
    a = json.load(open(os.path.join(out, "parity", name)))["results"]
    b = json.load(open(os.path.join(out, "fast", name)))["results"]
    if a and isinstance(a[0], list):  # multi-page TIFF
        a = [line for page in a for line in page]
        b = [line for page in b for line in page]
    unused = list(b)
    kept = 0
    for line in a:
        match = next((m for m in unused if m["text"] == line["text"] and iou(m, line) >= 0.5), None)
        if match is not None:
            unused.remove(match)
            kept += 1
    total += len(a)
    fast_total += len(b)
    same += kept
    print(f"{name:28s} parity lines {len(a):3d}  fast lines {len(b):3d}  identical {kept}")
print(f"lines: parity {total}, fast {fast_total}")
print(f"identical lines: {same}/{total} = {100.0 * same / max(1, total):.1f}%")
PY
if compgen -G "$images/*.gt.txt" > /dev/null; then
    for mode in parity fast; do
        echo "CER, $mode mode:"
        python3 "$repo/tools/parity/cer.py" --golden "$out/$mode" --images "$images" | tail -n 12
    done
fi
