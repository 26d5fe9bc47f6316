#!/usr/bin/env python3
"""Model-set benchmark: speed and accuracy of every loaded set, to choose one.

    bench/model_sets.py --url http://127.0.0.1:5005 [--duration 20] [--clients 4] [--out FILE.json]

Against a running server (all the sets it loads, as GET /ready lists them):

* throughput: --clients clients post the rendered ground-truth pages of
  tests/data/images (en, zh, ja, mixed, receipt, small print, skewed, upside
  down), cycled, for --duration seconds after a warm-up; pages/s and the p50
  latency of one page sent alone;
* accuracy: the character error rate (Levenshtein distance over reference
  characters, whitespace removed) of every page with a .gt.txt in
  tests/data/images and tests/data/languages (French, German, Spanish,
  Portuguese, Italian, Greek, Vietnamese, Russian, Korean, Noto Sans);
* orientation (--orientation): each ground-truth image turned 90, 180 and 270
  degrees, sent with use_doc_orientation, against the page truly upright (for
  rotated_180, the stored page turned back): the share of its lines found
  verbatim (targets: >= 97% on every turned
  page, >= 99% on most), and the same without the option.

Prints markdown tables; --out writes the raw figures as JSON. Standard library
and python3-requests only (pages are turned, and CER measured, with the e2e
suite's helpers; CER is tools/parity/cer.py's).
"""
import argparse
import base64
import json
import pathlib
import statistics
import sys
import threading
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from e2e_util import cer, turned_png  # noqa: E402

IMAGES = ROOT / "tests" / "data" / "images"
LANGUAGES = ROOT / "tests" / "data" / "languages"


def ground_truth_pages():
    pages = sorted(IMAGES.glob("*.gt.txt")) + sorted(LANGUAGES.glob("*.gt.txt"))
    out = []
    for gt in pages:
        stem = gt.name[:-len(".gt.txt")]
        picture = next((gt.with_name(stem + ext) for ext in (".png", ".jpg") if gt.with_name(stem + ext).exists()))
        out.append((stem, picture, [l for l in gt.read_text(encoding="utf-8").splitlines() if l.strip()]))
    return out


def ocr(session, url, data, **options):
    r = session.post(url + "/ocr", json=dict(options, image=base64.b64encode(data).decode()), timeout=300)
    r.raise_for_status()
    return r.json()


def texts(body):
    return [line["text"] for line in body["results"]]


def throughput(url, model, pictures, clients, duration, warmup):
    lock = threading.Lock()
    done = []
    stop = time.monotonic() + warmup + duration
    start_counting = time.monotonic() + warmup

    def client(k):
        session = requests.Session()
        i = k
        while time.monotonic() < stop:
            t0 = time.monotonic()
            ocr(session, url, pictures[i % len(pictures)], model=model)
            t1 = time.monotonic()
            if t0 >= start_counting and t1 <= stop:
                with lock:
                    done.append(t1 - t0)
            i += clients

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    session = requests.Session()
    alone = []
    for data in pictures * 2:
        t0 = time.monotonic()
        ocr(session, url, data, model=model)
        alone.append(time.monotonic() - t0)
    return {"pages_per_s": len(done) / duration, "p50_alone_s": statistics.median(alone)}


# Pages stored turned: the clockwise turn of their text as the file holds it.
STORED_TURN = {"rotated_180": 180}


def orientation(url, model, pages):
    session = requests.Session()
    rows = []
    for stem, picture, _ in pages:
        if picture.suffix != ".png" or picture.parent != IMAGES:
            continue
        stored = STORED_TURN.get(stem, 0)
        # The reference: the page truly upright, read without the option.
        upright = texts(ocr(session, url, turned_png(picture, (360 - stored) % 360), model=model))
        for turn in (90, 180, 270):
            data = turned_png(picture, turn)
            row = {"page": stem, "turn": (stored + turn) % 360}
            for label, on in (("with", True), ("without", False)):
                body = ocr(session, url, data, model=model, use_doc_orientation=on)
                got = texts(body)
                row[label] = sum(1 for line in upright if line in got) / max(1, len(upright))
                if on:
                    row["found"] = body.get("orientation")
            rows.append(row)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--orientation", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    ready = requests.get(args.url + "/ready", timeout=10).json()
    sets = ready["models"]
    pages = ground_truth_pages()
    speed_pictures = [picture.read_bytes() for stem, picture, _ in pages if picture.parent == IMAGES]
    session = requests.Session()
    results = {"engine": ready.get("engine"), "sets": {}}
    for model in sets:
        print(f"{model}: accuracy", file=sys.stderr)
        accuracy = {stem: cer(want, texts(ocr(session, args.url, picture.read_bytes(), model=model)))
                    for stem, picture, want in pages}
        print(f"{model}: throughput", file=sys.stderr)
        speed = throughput(args.url, model, speed_pictures, args.clients, args.duration, args.warmup)
        results["sets"][model] = {"cer": accuracy, **speed}
        if args.orientation:
            print(f"{model}: orientation", file=sys.stderr)
            results["sets"][model]["orientation"] = orientation(args.url, model, pages)

    image_stems = [stem for stem, picture, _ in pages if picture.parent == IMAGES]
    language_stems = [stem for stem, picture, _ in pages if picture.parent == LANGUAGES]
    print(f"engine: {ready.get('engine', {}).get('name')}, {args.clients} clients, {args.duration:g} s\n")
    print("| set | pages/s | p50 one page (s) | mean CER, " + ", ".join(image_stems) + " |")
    print("|---|---:|---:|---:|")
    for model, r in results["sets"].items():
        mean = statistics.mean(r["cer"][s] for s in image_stems)
        print(f"| `{model}` | {r['pages_per_s']:.2f} | {r['p50_alone_s']:.2f} | {100 * mean:.1f}% |")
    print("\n| page | " + " | ".join(f"`{m}`" for m in results["sets"]) + " |")
    print("|---|" + "---:|" * len(results["sets"]))
    for stem in image_stems + language_stems:
        print(f"| {stem} | " + " | ".join(f"{100 * r['cer'][stem]:.1f}%" for r in results["sets"].values()) + " |")
    if args.orientation:
        for model, r in results["sets"].items():
            rows = r["orientation"]
            with_on = [row["with"] for row in rows]
            right = sum(1 for row in rows if row["found"] == row["turn"])
            print(f"\n`{model}` orientation: {right}/{len(rows)} turns found; lines agreeing with the upright page "
                  f"with use_doc_orientation: min {100 * min(with_on):.1f}%, "
                  f"{sum(1 for v in with_on if v >= 0.99)}/{len(rows)} pages >= 99%; without: "
                  f"min {100 * min(row['without'] for row in rows):.1f}%, "
                  f"mean {100 * statistics.mean(row['without'] for row in rows):.1f}%")
    if args.out:
        pathlib.Path(args.out).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
