#!/usr/bin/env python3
"""Compare two folders of OCR JSON (NAME.json in the API format), e.g. the
reference's output against ours, with the parity test's rules: lines are
paired by nearest corners; a line agrees when its text is identical, every
corner is within --px pixels and the confidence within --conf.

  compare.py REFERENCE_DIR OURS_DIR [--px 2] [--conf 0.01]
"""
import argparse
import json
import math
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        results = json.load(f)["results"]
    if results and isinstance(results[0], list):  # multi-page: compare page 1
        results = results[0]
    return results


def corner_distance(a, b):
    return max(math.dist(p, q) for p, q in zip(a["bounding_box"], b["bounding_box"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("ours")
    ap.add_argument("--px", type=float, default=2.0)
    ap.add_argument("--conf", type=float, default=0.01)
    args = ap.parse_args()

    total = same = agree = 0
    print(f"{'image':40} {'ref':>4} {'ours':>4} {'text=':>5} {'agree':>5}")
    for name in sorted(os.listdir(args.reference)):
        if not name.endswith(".json") or not os.path.exists(os.path.join(args.ours, name)):
            continue
        ref, ours = load(os.path.join(args.reference, name)), load(os.path.join(args.ours, name))
        used, image_same, image_agree = set(), 0, 0
        for r in ref:
            candidates = [(corner_distance(r, o), i) for i, o in enumerate(ours) if i not in used]
            total += 1
            if not candidates or min(candidates)[0] > 20:
                print(f"  {name}: missed {r['text']!r}")
                continue
            d, i = min(candidates)
            used.add(i)
            o = ours[i]
            if o["text"] != r["text"]:
                print(f"  {name}: text {r['text']!r} vs ours {o['text']!r}")
                continue
            image_same += 1
            if d <= args.px and abs(o["confidence"] - r["confidence"]) <= args.conf:
                image_agree += 1
            else:
                print(f"  {name}: {r['text']!r} off by {d:.1f} px, confidence by {abs(o['confidence'] - r['confidence']):.4f}")
        for i, o in enumerate(ours):
            if i not in used:
                total += 1
                print(f"  {name}: extra {o['text']!r}")
        same += image_same
        agree += image_agree
        print(f"{name:40} {len(ref):4} {len(ours):4} {image_same:5} {image_agree:5}")
    if total == 0:
        print("no lines compared")
        return 1
    print(f"{total} lines: identical text {100 * same / total:.2f}%, "
          f"also within {args.px:g} px and {args.conf:g} confidence {100 * agree / total:.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
