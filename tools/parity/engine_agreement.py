#!/usr/bin/env python3
"""Line agreement between two engines (or precisions) of onnxocr-server on a folder of
images: runs `onnxocr-server ocr` once per side over every image and pairs the lines
of each image in order (both sides run the same pipeline, so the order is the same
unless a line appears or vanishes).

  tools/parity/engine_agreement.py --bin build/release/onnxocr-server --images DIR \
      [--a "--engine onnxruntime"] [--b "--engine openvino"] [--model NAME]

Prints per image: lines on each side, identical text, identical text with every
corner within 2 px; then the totals. Exit 0 always (a measurement, not a test)."""

import argparse
import json
import math
import shlex
import subprocess
import sys
from pathlib import Path

EXTENSIONS = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}


def run(binary, flags, model, files):
    cmd = [binary, "ocr", *shlex.split(flags), *(["--model", model] if model else []), *map(str, files)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    if len(docs) != len(files):
        sys.exit(f"{' '.join(cmd[:4])}: {len(docs)} results for {len(files)} files\n{out.stderr[-2000:]}")
    return docs


def lines_of(doc):
    results = doc["results"]
    if results and isinstance(results[0], list):  # a multi-page TIFF: every page in order
        results = [line for page in results for line in page]
    return results


def corner_distance(a, b):
    return max(math.dist(p, q) for p, q in zip(a["bounding_box"], b["bounding_box"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--images", required=True)
    ap.add_argument("--a", default="--engine onnxruntime")
    ap.add_argument("--b", default="--engine openvino")
    ap.add_argument("--model", default="")
    ap.add_argument("--px", type=float, default=2.0)
    args = ap.parse_args()
    files = sorted(p for p in Path(args.images).iterdir() if p.suffix.lower() in EXTENSIONS)
    side_a = run(args.bin, args.a, args.model, files)
    side_b = run(args.bin, args.b, args.model, files)
    total = same = close = 0
    print(f"| image | lines A | lines B | text= | text= and <= {args.px:g} px |\n|---|---:|---:|---:|---:|")
    for path, da, db in zip(files, side_a, side_b):
        la, lb = lines_of(da), lines_of(db)
        n = max(len(la), len(lb))
        s = sum(1 for x, y in zip(la, lb) if x["text"] == y["text"])
        c = sum(1 for x, y in zip(la, lb) if x["text"] == y["text"] and corner_distance(x, y) <= args.px)
        total, same, close = total + n, same + s, close + c
        print(f"| {path.name} | {len(la)} | {len(lb)} | {s} | {c} |")
    pct = lambda k: 100.0 * k / total if total else 100.0
    print(f"\nA = `{args.a}`, B = `{args.b}`: {len(files)} images, {total} lines; identical text "
          f"{same} ({pct(same):.2f}%), identical text with corners within {args.px:g} px {close} ({pct(close):.2f}%)")


if __name__ == "__main__":
    main()
