#!/usr/bin/env python3
"""Pages benchmark: one many-page request against the same pages sent one by one.

    bench/pages.py --url http://127.0.0.1:5005 [--pdf tests/data/pdf/scanned_8.pdf] [--rounds 3]
                   [--fairness 40 --big-copies 8 [--big-job]]
                   [--memory --server-pid PID [--memory-seconds 120]]

Against a running server, it times (a) the whole scanned PDF as one /ocr
request and (b) the same pages as single-page PDFs (split with poppler's
pdfseparate, so both arms rasterise the same page objects), sent one after
another. Rounds alternate the two arms after one warm-up of each; the table
gives the median of each arm and their ratio. The target of the pages issue:
ratio <= 0.75 on a 2-core machine.

--fairness N: then N single-image requests in a row (small_text.png), first on
the idle server, then while a big document (the PDF repeated --big-copies
times with pdfunite) runs in the background; the table gives p50/p99 of both
and the p99 ratio (target <= 2). With --big-job the big document is a job
(POST /jobs), deleted once the small requests are done.

--memory (with the server's --server-pid, on the same machine): the peak RSS
of the server while a 10-page job runs to its end, then while a 2000-page job
(the PDF repeated 250 times) runs for --memory-seconds (then deleted); target:
the second at most 1.5x the first. Needs python3-requests and poppler-utils.
"""
import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests

REPO = pathlib.Path(__file__).resolve().parents[1]


def post_pdf(url, data, timeout):
    r = requests.post(url + "/ocr", files={"file": ("doc.pdf", data, "application/pdf")}, timeout=timeout)
    if r.status_code != 200:
        sys.exit(f"/ocr answered {r.status_code}: {r.text[:300]}")
    return r.json()["results"]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def small_latencies(url, count, timeout):
    image = (REPO / "tests/data/images/small_text.png").read_bytes()
    latencies = []
    for _ in range(count):
        start = time.monotonic()
        r = requests.post(url + "/ocr", files={"file": ("small.png", image, "image/png")}, timeout=timeout)
        if r.status_code != 200:
            sys.exit(f"/ocr answered {r.status_code}: {r.text[:300]}")
        latencies.append(time.monotonic() - start)
    return latencies


def united_pdf(pdf, copies):
    with tempfile.TemporaryDirectory() as tmp:
        big = pathlib.Path(tmp) / "big.pdf"
        subprocess.run(["pdfunite", *[pdf] * copies, str(big)], check=True)
        return big.read_bytes()


JOB_FIELDS = {"output_format": "json", "force_ocr": "true"}


def submit_job(url, data, timeout, fields=JOB_FIELDS):
    r = requests.post(url + "/jobs", files={"file": ("doc.pdf", data, "application/pdf")}, data=fields,
                      timeout=timeout)
    if r.status_code != 202:
        sys.exit(f"/jobs answered {r.status_code}: {r.text[:300]}")
    return r.json()


def job_status(url, job):
    return requests.get(url + job["status_url"], timeout=30).json()


def rss_bytes(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def memory(url, pdf, pid, seconds, timeout):
    def run(data, fields, limit):
        job = submit_job(url, data, timeout, fields)
        peak, start, status = 0, time.monotonic(), {}
        while time.monotonic() - start < limit:
            peak = max(peak, rss_bytes(pid))
            status = job_status(url, job)
            if status["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
        requests.delete(url + job["status_url"], timeout=30)
        return peak, status

    small_pdf = united_pdf(pdf, 2)
    small_peak, small = run(small_pdf, dict(JOB_FIELDS, page_range="0-9"), timeout)
    big_peak, big = run(united_pdf(pdf, 250), JOB_FIELDS, seconds)
    print()
    print("| job | pages done / total | peak RSS (MiB) | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| 10 pages | {small['pages_done']} / {small['pages_total']} | {small_peak / 2**20:.0f} | 1.00 | |")
    print(f"| 2000 pages, first {seconds:.0f} s | {big['pages_done']} / {big['pages_total']} | "
          f"{big_peak / 2**20:.0f} | {big_peak / small_peak:.2f} | <= 1.5 |")


def fairness(url, pdf, copies, count, timeout, as_job=False):
    idle = small_latencies(url, count, timeout)
    big_bytes = united_pdf(pdf, copies)
    pages = {}
    if as_job:
        job = submit_job(url, big_bytes, timeout)
        while job_status(url, job)["status"] != "running":
            time.sleep(0.2)
        loaded = small_latencies(url, count, timeout)
        status = job_status(url, job)
        requests.delete(url + job["status_url"], timeout=30)
        finished_during = status["status"] == "done"
        pages["count"] = f"{status['pages_done']} of {status['pages_total']}"
        pages["seconds"] = "-"
    else:
        def run_big():
            start = time.monotonic()
            pages["count"] = len(post_pdf(url, big_bytes, timeout))
            pages["seconds"] = f"{time.monotonic() - start:.1f}"

        background = threading.Thread(target=run_big)
        background.start()
        time.sleep(2)  # the document's pages are in flight
        loaded = small_latencies(url, count, timeout)
        finished_during = "seconds" in pages
        background.join()
    if finished_during:
        print("warning: the big document ended before the small requests did; use more --big-copies",
              file=sys.stderr)
    print()
    print("| small requests | idle p50 / p99 (s) | during a big document p50 / p99 (s) | p99 ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| {count}, beside a {'job' if as_job else 'request'} of {copies * 8} pages | {percentile(idle, 0.5):.3f} / {percentile(idle, 0.99):.3f} | "
          f"{percentile(loaded, 0.5):.3f} / {percentile(loaded, 0.99):.3f} | "
          f"{percentile(loaded, 0.99) / percentile(idle, 0.99):.2f} | <= 2 |")
    print(f"big document: {pages['count']} pages done ({pages['seconds']} s)", file=sys.stderr)


def one_request_against_one_by_one(url, pdf, rounds, timeout):
    document = pathlib.Path(pdf).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdfseparate", pdf, f"{tmp}/page-%d.pdf"], check=True)
        singles = [p.read_bytes() for p in sorted(pathlib.Path(tmp).glob("page-*.pdf"),
                                                   key=lambda p: int(p.stem.split("-")[1]))]

    def whole():
        return post_pdf(url, document, timeout)

    def one_by_one():
        return [post_pdf(url, single, timeout)[0] for single in singles]

    # Warm-up, and the two arms must read the same text.
    pages_whole, pages_single = whole(), one_by_one()
    same = sum(1 for a, b in zip(pages_whole, pages_single)
               if [l["text"] for l in a] == [l["text"] for l in b])
    times = {"whole": [], "single": []}
    for _ in range(rounds):
        for arm, run in (("whole", whole), ("single", one_by_one)):
            start = time.monotonic()
            run()
            times[arm].append(time.monotonic() - start)
    whole_s, single_s = statistics.median(times["whole"]), statistics.median(times["single"])
    n = len(singles)
    print(f"| pages | one request (s) | one by one (s) | ratio | target | pages with identical text |")
    print(f"|---|---|---|---|---|---|")
    print(f"| {n} | {whole_s:.2f} | {single_s:.2f} | {whole_s / single_s:.2f} | <= 0.75 | {same}/{n} |")
    print(f"rounds: whole {['%.2f' % t for t in times['whole']]}, one by one {['%.2f' % t for t in times['single']]}",
          file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--pdf", default=str(REPO / "tests/data/pdf/scanned_8.pdf"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--fairness", type=int, default=0, metavar="N")
    ap.add_argument("--big-copies", type=int, default=8)
    ap.add_argument("--big-job", action="store_true")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--memory-seconds", type=float, default=120)
    ap.add_argument("--skip-pages", action="store_true", help="only the --fairness / --memory parts")
    args = ap.parse_args()
    url = args.url.rstrip("/")
    if shutil.which("pdfseparate") is None or shutil.which("pdfunite") is None:
        sys.exit("pdfseparate and pdfunite (poppler-utils) are needed")
    if not args.skip_pages:
        one_request_against_one_by_one(url, args.pdf, args.rounds, args.timeout)
    if args.fairness > 0:
        fairness(url, args.pdf, args.big_copies, args.fairness, args.timeout, args.big_job)
    if args.memory:
        if not args.server_pid:
            sys.exit("--memory needs --server-pid")
        memory(url, args.pdf, args.server_pid, args.memory_seconds, args.timeout)


if __name__ == "__main__":
    main()
