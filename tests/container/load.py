#!/usr/bin/env python3
"""Small load client for tests/container/run.sh (standard library + requests).

  load.py steady URL SECONDS THREADS [--kill-at S --kill-cmd 'podman kill -s KILL x']
      POSTs tests/data/images/<image> as JSON to URL/ocr from THREADS threads for
      SECONDS; optionally runs --kill-cmd after S seconds. Prints requests,
      failures, p50/p95/max latency; exits 1 if any request failed.
  load.py drain URL FILE --signal-cmd 'podman kill -s TERM x'
      Sends FILE multipart to URL/ocr, runs --signal-cmd while it is in flight,
      exits 0 only if the request still answers 200.
  load.py job URL FILE --replicas onnxocr-1,onnxocr-3 --kill-cmd 'podman kill -s KILL ct-{replica}'
      Submits FILE to URL/jobs, reads the owning replica from the job id's
      prefix, kills one of the other --replicas ({replica} in --kill-cmd), then
      polls URL/jobs/{id} to the end and reads its result: every request must
      reach the owner (no 404), and the job must end done. Exits 1 otherwise.
"""
import argparse
import base64
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def steady(a):
    img = REPO / "tests" / "data" / "images" / a.image
    payload = {"image": base64.b64encode(img.read_bytes()).decode()}
    stop = time.monotonic() + a.seconds
    lat, fails, lock = [], [], threading.Lock()

    def worker():
        s = requests.Session()
        while time.monotonic() < stop:
            t0 = time.monotonic()
            try:
                r = s.post(a.url + "/ocr", json=payload, timeout=60)
                ok = r.status_code == 200 and r.json().get("results")
                err = None if ok else f"{r.status_code} {r.text[:200]}"
            except requests.RequestException as e:
                err = repr(e)
            with lock:
                if err:
                    fails.append(err)
                else:
                    lat.append(time.monotonic() - t0)

    threads = [threading.Thread(target=worker) for _ in range(a.threads)]
    t_start = time.monotonic()
    for t in threads:
        t.start()
    killed = None
    if a.kill_cmd:
        time.sleep(a.kill_at)
        rc = subprocess.run(shlex.split(a.kill_cmd), stdout=subprocess.DEVNULL).returncode
        killed = f"t={time.monotonic() - t_start:.1f}s `{a.kill_cmd}` -> rc {rc}"
    for t in threads:
        t.join()
    wall = time.monotonic() - t_start
    n = len(lat) + len(fails)
    print(f"load: {n} requests in {wall:.1f}s ({n / wall:.1f} req/s), {a.threads} threads, "
          f"failures {len(fails)}, p50 {pct(lat, 50) * 1000:.0f} ms, p95 {pct(lat, 95) * 1000:.0f} ms, "
          f"max {max(lat, default=0) * 1000:.0f} ms")
    if killed:
        print(f"load: killed {killed}")
    for f in fails[:10]:
        print(f"load: FAILED {f}")
    return 1 if fails or not lat else 0


def drain(a):
    data = Path(a.file).read_bytes()
    result = {}

    def send():
        t0 = time.monotonic()
        try:
            r = requests.post(a.url + "/ocr", files={"file": (Path(a.file).name, data)}, timeout=120)
            result["status"], result["body"] = r.status_code, r.text[:300]
        except requests.RequestException as e:
            result["status"], result["body"] = None, repr(e)
        result["secs"] = time.monotonic() - t0

    t = threading.Thread(target=send)
    t.start()
    time.sleep(a.delay)
    rc = subprocess.run(shlex.split(a.signal_cmd), stdout=subprocess.DEVNULL).returncode
    t.join()
    print(f"drain: `{a.signal_cmd}` (rc {rc}) {a.delay:.2f}s after the request; request answered "
          f"{result['status']} after {result['secs']:.2f}s (still running {result['secs'] - a.delay:.2f}s "
          f"after the signal)" if result.get("secs") else "")
    if result["status"] != 200:
        print(f"drain: FAILED {result['body']}")
        return 1
    return 0


def job(a):
    with open(a.file, "rb") as f:
        r = requests.post(a.url + "/jobs", files={"file": (Path(a.file).name, f)},
                          data={"output_format": "json", "force_ocr": "true"}, timeout=60)
    if r.status_code != 202:
        print(f"job: POST /jobs answered {r.status_code}: {r.text[:300]}")
        return 1
    job_id = r.json()["job_id"]
    owner = job_id.rsplit("-", 1)[0]
    others = [name for name in a.replicas.split(",") if name != owner]
    if owner not in a.replicas.split(",") or not others:
        print(f"job: id {job_id}: owner {owner!r} is not one of {a.replicas}, or no other replica to kill")
        return 1
    victim = others[0]
    rc = subprocess.run(shlex.split(a.kill_cmd.format(replica=victim)), stdout=subprocess.DEVNULL).returncode
    polls, deadline = 0, time.monotonic() + a.timeout
    while True:
        r = requests.get(a.url + "/jobs/" + job_id, timeout=30)
        polls += 1
        if r.status_code != 200:
            print(f"job: poll {polls} of {job_id} answered {r.status_code}: {r.text[:300]}")
            return 1
        status = r.json()
        if status["status"] == "done":
            break
        if status["status"] not in ("queued", "running") or time.monotonic() > deadline:
            print(f"job: {job_id} ended {status}")
            return 1
        time.sleep(0.2)
    r = requests.get(a.url + "/jobs/" + job_id + "/result", timeout=30)
    ok = r.status_code == 200 and r.json().get("success") is True
    print(f"job: {job_id} accepted by {owner}; killed {victim} (rc {rc}); {polls} polls through the proxy, "
          f"{status['pages_done']}/{status['pages_total']} pages done; result {r.status_code}")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("steady")
    s.add_argument("url")
    s.add_argument("seconds", type=float)
    s.add_argument("threads", type=int)
    s.add_argument("--image", default="en_paragraph.png")
    s.add_argument("--kill-at", type=float, default=0)
    s.add_argument("--kill-cmd", default="")
    d = sub.add_parser("drain")
    d.add_argument("url")
    d.add_argument("file")
    d.add_argument("--signal-cmd", required=True)
    d.add_argument("--delay", type=float, default=0.5)
    j = sub.add_parser("job")
    j.add_argument("url")
    j.add_argument("file")
    j.add_argument("--replicas", required=True)
    j.add_argument("--kill-cmd", required=True)
    j.add_argument("--timeout", type=float, default=300)
    a = ap.parse_args()
    a.url = a.url.rstrip("/")
    return {"steady": steady, "drain": drain, "job": job}[a.mode](a)


if __name__ == "__main__":
    sys.exit(main())
