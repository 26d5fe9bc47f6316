#!/usr/bin/env python3
"""Searchable PDFs: onnxocr-server's POST /pdf beside OCRmyPDF (tesseract).

    bench/searchable.py --url http://127.0.0.1:5005 [--rounds 3] [--cli podman]
                        [--ocrmypdf-image onnxocr-bench-ocrmypdf:latest]

For three scans with known text (tests/data/images/*.gt.txt), it makes a
searchable PDF with each tool and reads its text layer back with pdftotext:

- CER of the text layer against the known text (Levenshtein distance over the
  known text's length; whitespace runs are one space on both sides);
- seconds per page: /pdf's wall time on a warm server (median of --rounds);
  OCRmyPDF as its users run it, one `ocrmypdf` process per file in its
  container (bench/peers/ocrmypdf), median of --rounds;
- the PDF's size against the input's (target for a JPEG: <= 1.1x + 20 KB);
- the cost of writing the PDF: /pdf's time against /ocr's with word_boxes on
  the same file (target: <= 5% more), medians of --rounds.

Needs python3-requests and poppler-utils (pdftotext) here, and podman (or
docker) with the OCRmyPDF image: podman build -t onnxocr-bench-ocrmypdf
bench/peers/ocrmypdf.
"""
import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import requests

REPO = pathlib.Path(__file__).resolve().parents[1]
IMAGES = REPO / "tests/data/images"
SCANS = [("en_paragraph_q90.jpg", "eng"), ("skewed_7deg.png", "eng+chi_sim"), ("zh_paragraph.png", "chi_sim")]


def squash(text):
    return " ".join(text.split())


def levenshtein(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(got, want, spaces=True):
    got, want = squash(got), squash(want)
    if not spaces:  # tesseract spaces out CJK characters; this column forgives it
        got, want = got.replace(" ", ""), want.replace(" ", "")
    return levenshtein(got, want) / max(1, len(want))


def pdftotext(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def post(url, route, data, name, fields=None):
    start = time.monotonic()
    r = requests.post(url + route, files={"file": (name, data)}, data=fields or {}, timeout=600)
    seconds = time.monotonic() - start
    if r.status_code != 200:
        sys.exit(f"{route} answered {r.status_code}: {r.text[:300]}")
    return seconds, r.content


def ocrmypdf(cli, image, work, name, lang):
    out = f"{pathlib.Path(name).stem}.ocrmypdf.pdf"
    start = time.monotonic()
    run = subprocess.run([cli, "run", "--rm", "-v", f"{work}:/work", image, "--image-dpi", "300", "-l", lang,
                          "--output-type", "pdf", name, out], capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(f"ocrmypdf failed on {name}: {run.stderr[-500:]}")
    return seconds, pathlib.Path(work) / out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cli", default=shutil.which("podman") and "podman" or "docker")
    ap.add_argument("--ocrmypdf-image", default="onnxocr-bench-ocrmypdf:latest")
    args = ap.parse_args()
    versions = subprocess.run([args.cli, "run", "--rm", "--entrypoint", "cat", args.ocrmypdf_image,
                               "/opt/versions.txt"], capture_output=True, text=True).stdout.split("\n")
    rows, costs = [], []
    with tempfile.TemporaryDirectory() as work:
        for name, lang in SCANS:
            data = (IMAGES / name).read_bytes()
            want = (IMAGES / name).with_suffix(".gt.txt").read_text()
            (pathlib.Path(work) / name).write_bytes(data)
            post(args.url, "/pdf", data, name)  # warm-up
            pdf_times, ocr_times, pdf = [], [], b""
            for _ in range(args.rounds):
                seconds, pdf = post(args.url, "/pdf", data, name)
                pdf_times.append(seconds)
                ocr_times.append(post(args.url, "/ocr", data, name, {"word_boxes": "true"})[0])
            ours = pathlib.Path(work) / f"{pathlib.Path(name).stem}.ours.pdf"
            ours.write_bytes(pdf)
            theirs_times, theirs = [], None
            for _ in range(args.rounds):
                seconds, theirs = ocrmypdf(args.cli, args.ocrmypdf_image, work, name, lang)
                theirs_times.append(seconds)
            ours_t, ocr_t, theirs_t = (statistics.median(x) for x in (pdf_times, ocr_times, theirs_times))
            ours_text, theirs_text = pdftotext(ours), pdftotext(theirs)
            rows.append((name, len(data), cer(ours_text, want), cer(ours_text, want, False), ours_t, len(pdf),
                         cer(theirs_text, want), cer(theirs_text, want, False), theirs_t, theirs.stat().st_size))
            costs.append((name, ocr_t, ours_t))
    print(f"OCRmyPDF: {' / '.join(v for v in versions if v)}; onnxocr-server: POST /pdf, warm, {args.url}")
    print()
    print("| scan | input | ours: CER | CER, spaces ignored | s/page | PDF size "
          "| OCRmyPDF: CER | CER, spaces ignored | s/page | PDF size |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, size, c1, n1, t1, s1, c2, n2, t2, s2 in rows:
        print(f"| {name} | {size / 1024:.0f} KB | {c1:.3f} | {n1:.3f} | {t1:.2f} | {s1 / 1024:.0f} KB | {c2:.3f} | "
              f"{n2:.3f} | {t2:.2f} | {s2 / 1024:.0f} KB |")
    print()
    print("| scan | /ocr with word boxes (s) | /pdf (s) | writing the PDF | target |")
    print("|---|---|---|---|---|")
    for name, ocr_t, pdf_t in costs:
        print(f"| {name} | {ocr_t:.3f} | {pdf_t:.3f} | {100 * (pdf_t - ocr_t) / ocr_t:+.1f}% | <= +5% |")


if __name__ == "__main__":
    main()
