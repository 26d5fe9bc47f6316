#!/usr/bin/env python3
"""Character error rate of OCR results against .gt.txt sidecars.

CER = Levenshtein distance / number of reference characters, computed over
all lines of a page concatenated in order.  By default all whitespace is
removed from both sides before comparing (OCR engines differ in how they
report spaces, and CJK text has none); --keep-spaces compares with runs of
whitespace collapsed to one space and lines joined by one space instead.

Usage:
  python3 tools/parity/cer.py [--golden tests/data/golden] [--images tests/data/images]
                              [--keep-spaces] [--max 0.05] [-v]
Exit status 1 if any page's CER exceeds --max (when given).
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def normalise(lines, keep_spaces):
    if keep_spaces:
        return re.sub(r"\s+", " ", " ".join(lines)).strip()
    return re.sub(r"\s+", "", "".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golden", default=os.path.join(ROOT, "tests", "data", "golden"))
    ap.add_argument("--images", default=os.path.join(ROOT, "tests", "data", "images"))
    ap.add_argument("--keep-spaces", action="store_true")
    ap.add_argument("--max", type=float, default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    bad = False
    for f in sorted(os.listdir(args.images)):
        if not f.endswith(".gt.txt"):
            continue
        stem = f[: -len(".gt.txt")]
        gpath = os.path.join(args.golden, stem + ".json")
        if not os.path.exists(gpath):
            print(f"{stem}: no golden file")
            bad = True
            continue
        with open(os.path.join(args.images, f), encoding="utf-8") as fh:
            ref_lines = [l for l in fh.read().split("\n") if l.strip()]
        with open(gpath, encoding="utf-8") as fh:
            hyp_lines = [r["text"] for r in json.load(fh)["results"]]
        ref = normalise(ref_lines, args.keep_spaces)
        hyp = normalise(hyp_lines, args.keep_spaces)
        dist = levenshtein(ref, hyp)
        cer = dist / max(1, len(ref))
        flag = ""
        if args.max is not None and cer > args.max:
            flag = "  <-- above max"
            bad = True
        print(f"{stem}: gt_lines={len(ref_lines)} ocr_lines={len(hyp_lines)} "
              f"edits={dist} ref_chars={len(ref)} CER={cer:.4f}{flag}")
        if args.verbose and dist:
            print("   ref:", ref)
            print("   ocr:", hyp)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
