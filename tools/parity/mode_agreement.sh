#!/usr/bin/env bash
# Compares --mode fast with --mode parity on the committed test images:
# identical lines and CER against the .gt.txt sidecars for each mode.
#   tools/parity/mode_agreement.sh [BINARY] [MODEL_SET]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${1:-$repo/build/release/onnxocr-server}
model=${2:-ppocrv5-mobile}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for mode in parity fast; do
    mkdir -p "$out/$mode"
    for img in "$repo"/tests/data/images/*.png "$repo"/tests/data/images/*.jpg; do
        name=$(basename "${img%.*}")
        "$bin" ocr --threads 1 --model "$model" --mode "$mode" "$img" > "$out/$mode/$name.json"
    done
done
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
same = total = 0
for name in sorted(os.listdir(os.path.join(out, "parity"))):
    a = json.load(open(os.path.join(out, "parity", name)))["results"]
    b = json.load(open(os.path.join(out, "fast", name)))["results"]
    key = lambda r: json.dumps(r["bounding_box"])
    fast = {key(r): r["text"] for r in b}
    for r in a:
        total += 1
        same += fast.get(key(r)) == r["text"]
    n_same = sum(fast.get(key(r)) == r["text"] for r in a)
    print(f"{name:28s} parity lines {len(a):3d}  fast lines {len(b):3d}  identical {n_same}")
print(f"identical lines: {same}/{total} = {100.0 * same / max(1, total):.1f}%")
PY
for mode in parity fast; do
    echo "CER, $mode mode:"
    python3 "$repo/tools/parity/cer.py" --golden "$out/$mode" --images "$repo/tests/data/images" | tail -n 12
done
