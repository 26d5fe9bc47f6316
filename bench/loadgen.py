#!/usr/bin/env python3
"""Closed-loop HTTP/1.1 keep-alive load generator for the OCR servers (stdlib only).

  loadgen.py wait  --url URL [--timeout S]
  loadgen.py texts --url URL --kind KIND --images DIR --out FILE [--model NAME]
  loadgen.py load  --url URL --kind KIND --images DIR --out FILE [--model NAME]
                   --concurrency N --duration S [--warmup S] [--pid PID] [--label L]

KIND is the request/response format:
  ours      POST JSON {"image": b64[, "model": NAME]}; results[].text / bounding_box
  onnxocr   POST JSON {"image": b64} (OnnxOCR app-service.py); same response shape
  rapidocr  POST multipart image_file (rapidocr_api); {"0": {"rec_txt", "dt_boxes", "score"}}

`load`: N connections, each sends requests back to back (closed loop), cycling
through the images (a shared counter, so the set is covered evenly). Requests
that complete during the first --warmup seconds are discarded; the measurement
window is the --duration seconds after that, extended (up to --max-duration,
default 4 x --duration) until at least --min-ok successful requests (default:
the concurrency, at most 4) completed in it, so a server slower than the window
still gets a throughput. A request counts in the window if it completes inside
it; throughput = 200s in the window / window length. Afterwards no new request
starts and in-flight ones are awaited (at most --drain seconds) so the next
step starts on an idle server.
A 503 is recorded (latency and count) and that connection pauses --retry-pause
seconds (default 0.05) before its next request, so a rejected client does not
spin; a connection error or timeout (status 0) pauses the same way.
Request bytes are built once per image before the run. Response bodies are
read in full but not parsed.

With --pid (the container's main process on this host) the run also samples
the container's cgroup: CPU time used in the window (cgroup v1 cpuacct.usage or
v2 cpu.stat usage_usec) and the peak over 100 ms samples of the summed VmRSS of
every process in the container's cgroup.
"""
import argparse
import asyncio
import base64
import glob
import json
import os
import sys
import time
import urllib.parse

from http_conn import HttpConn  # one HTTP client for this and tests/load/faults.py

IMAGE_EXTS = (".png", ".jpg", ".jpeg")
KINDS = ("ours", "onnxocr", "rapidocr")


def log(msg):
    print(f"[loadgen] {msg}", file=sys.stderr, flush=True)


def list_images(d):
    files = sorted(f for f in glob.glob(os.path.join(d, "*"))
                   if f.lower().endswith(IMAGE_EXTS))
    if not files:
        raise SystemExit(f"no images (*.png, *.jpg) in {d}")
    return files


def build_request(kind, host, port, path, image_path, model=None):
    """The complete request bytes for one image."""
    with open(image_path, "rb") as f:
        data = f.read()
    if kind in ("ours", "onnxocr"):
        doc = {"image": base64.b64encode(data).decode("ascii")}
        if model:
            doc["model"] = model
        body = json.dumps(doc, separators=(",", ":")).encode()
        ctype = "application/json"
    elif kind == "rapidocr":
        boundary = "----onnxocrbench7d0c1f3b"
        name = os.path.basename(image_path)
        mime = "image/png" if name.lower().endswith(".png") else "image/jpeg"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image_file\"; "
                f"filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n").encode() \
            + data + f"\r\n--{boundary}--\r\n".encode()
        ctype = f"multipart/form-data; boundary={boundary}"
    else:
        raise ValueError(kind)
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: onnxocr-bench\r\n"
            f"Accept: application/json\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode()
    return head + body


def parse_lines(kind, doc):
    """[(text, [[x,y]*4]), ...] from a 200 response body."""
    out = []
    if kind == "rapidocr":
        items = doc.values() if isinstance(doc, dict) else []
        for v in items:
            out.append((v.get("rec_txt", ""), v.get("dt_boxes") or []))
        return out
    res = doc.get("results", [])
    if res and isinstance(res[0], list):  # multi-page shape: take page 0
        res = res[0]
    for r in res:
        box = r.get("bounding_box") or r.get("text_region") or []
        out.append((r.get("text", ""), box))
    return out


# ---------------------------------------------------------------------------
# cgroup sampling

class Cgroup:
    def __init__(self, pid):
        self.pid = pid
        self.v2 = os.path.exists("/sys/fs/cgroup/cgroup.controllers")
        paths = {}
        with open(f"/proc/{pid}/cgroup") as f:
            for line in f:
                _, ctrls, path = line.rstrip("\n").split(":", 2)
                for c in ctrls.split(","):
                    paths[c] = path
        self.paths = paths

    def _dir(self, ctrl):
        if self.v2:
            return "/sys/fs/cgroup" + self.paths.get("", "/")
        path = self.paths.get(ctrl)
        for d in (f"/sys/fs/cgroup/{ctrl}", "/sys/fs/cgroup/cpu,cpuacct"):
            if path is not None and os.path.isdir(d + path):
                return d + path
        return None

    def cpu_usage_s(self):
        if self.v2:
            with open(self._dir("") + "/cpu.stat") as f:
                for line in f:
                    k, v = line.split()
                    if k == "usage_usec":
                        return int(v) / 1e6
            return None
        d = self._dir("cpuacct")
        with open(d + "/cpuacct.usage") as f:
            return int(f.read()) / 1e9

    def cpus(self):
        d = self._dir("cpuset")
        for name in ("cpuset.cpus.effective", "cpuset.cpus"):
            p = (d or "") + "/" + name
            if d and os.path.exists(p):
                with open(p) as f:
                    return len(cpulist(f.read().strip()))
        return None

    def procs(self):
        d = self._dir("" if self.v2 else "memory") or self._dir("cpuacct")
        try:
            with open(d + "/cgroup.procs") as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            return [self.pid]

    def rss_bytes(self):
        total = 0
        for p in self.procs():
            try:
                with open(f"/proc/{p}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
                            break
            except OSError:
                pass
        return total

    def mem_peak_bytes(self):
        """Kernel's own peak for the cgroup (v2 memory.peak; v1 max_usage, includes page cache)."""
        d = self._dir("" if self.v2 else "memory")
        for name in ("memory.peak", "memory.max_usage_in_bytes"):
            try:
                with open(f"{d}/{name}") as f:
                    return int(f.read())
            except (OSError, TypeError, ValueError):
                pass
        return None


def cpulist(s):
    """CPU indexes of a Linux CPU list such as "0-3,8"."""
    out = []
    for part in s.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


# ---------------------------------------------------------------------------

def pct(sorted_vals, q):
    if not sorted_vals:
        return None
    k = (len(sorted_vals) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (k - lo)


def lat_stats(vals):
    v = sorted(vals)
    if not v:
        return {"n": 0}
    ms = lambda x: round(x * 1000, 2)
    return {"n": len(v), "p50_ms": ms(pct(v, .5)), "p95_ms": ms(pct(v, .95)),
            "p99_ms": ms(pct(v, .99)), "mean_ms": ms(sum(v) / len(v)), "max_ms": ms(v[-1])}


async def run_load(args):
    u = urllib.parse.urlsplit(args.url)
    host, port, path = u.hostname, u.port or 80, u.path or "/"
    images = list_images(args.images)
    reqs = [build_request(args.kind, host, port, path, p, args.model) for p in images]
    cg = Cgroup(args.pid) if args.pid else None
    counter = [0]
    records = []          # (t_start, t_end, status) for every finished request
    errors = {}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    w_start = t0 + args.warmup
    w_end = w_start + args.duration
    marks = {}

    async def worker(i):
        c = HttpConn(host, port)
        try:
            while not stop.is_set():
                raw = reqs[counter[0] % len(reqs)]
                counter[0] += 1
                ts = loop.time()
                try:
                    status, _, _ = await asyncio.wait_for(c.request(raw), args.timeout)
                except Exception as e:  # connection refused/reset, timeout, bad response
                    c.close()
                    status = 0
                    key = type(e).__name__ + (f": {e}" if str(e) else "")
                    errors[key[:200]] = errors.get(key[:200], 0) + 1
                te = loop.time()
                records.append((ts, te, status))
                if status in (0, 503):
                    await asyncio.sleep(args.retry_pause)
        finally:
            c.close()

    async def sampler():
        peak = 0
        while not stop.is_set():
            peak = max(peak, cg.rss_bytes())
            marks["rss"] = peak
            await asyncio.sleep(0.1)

    def ok_since(t):
        return sum(1 for r in records if r[2] == 200 and r[1] >= t)

    tasks = [asyncio.create_task(worker(i)) for i in range(args.concurrency)]
    await asyncio.sleep(max(0.0, w_start - loop.time()))
    cpu0 = (loop.time(), cg.cpu_usage_s()) if cg else None
    samp = asyncio.create_task(sampler()) if cg else None
    await asyncio.sleep(max(0.0, w_end - loop.time()))
    # A slow server may finish fewer requests than there are connections in the
    # window; extend it (up to --max-duration) until it has that many.
    min_ok = args.min_ok if args.min_ok is not None else min(args.concurrency, 4)
    limit = w_start + max(args.max_duration or 4 * args.duration, args.duration)
    while ok_since(w_start) < min_ok and loop.time() < limit:
        await asyncio.sleep(0.05)
    w_end = loop.time()
    cpu1 = (w_end, cg.cpu_usage_s()) if cg else None
    stop.set()
    t_stop = loop.time()
    if samp:
        await samp
    done, pending = await asyncio.wait(tasks, timeout=args.drain)
    for t in pending:
        t.cancel()
    drained = loop.time() - t_stop
    for t in done:
        if t.exception():
            raise t.exception()

    window = [r for r in records if w_start <= r[1] <= w_end]
    ok = [r[1] - r[0] for r in window if r[2] == 200]
    r503 = [r[1] - r[0] for r in window if r[2] == 503]
    statuses = {}
    for r in window:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    # errors: anything but 200/503, anywhere in the run (warm-up and drain included)
    err_all = sum(1 for r in records if r[2] not in (200, 503))
    out = {
        "label": args.label, "kind": args.kind, "url": args.url, "model": args.model,
        "concurrency": args.concurrency, "duration_s": args.duration, "warmup_s": args.warmup,
        "retry_pause_s": args.retry_pause, "images": [os.path.basename(p) for p in images],
        "completed_in_window": len(window), "ok": len(ok),
        "window_s": round(w_end - w_start, 3),
        "throughput_ips": round(len(ok) / (w_end - w_start), 3),
        "latency_ok": lat_stats(ok), "latency_503": lat_stats(r503),
        "n503": len(r503), "statuses_in_window": statuses,
        "errors": err_all, "error_kinds": errors,
        "cancelled_at_drain": len(pending), "drain_s": round(drained, 2),
    }
    if cg:
        c0, c1 = cpu0, cpu1
        ncpu = cg.cpus() or args.cpus
        out["cgroup_cpus"] = ncpu
        if c0 and c1 and c0[1] is not None and c1[1] is not None and ncpu:
            out["cpu_seconds"] = round(c1[1] - c0[1], 3)
            out["cpu_util"] = round((c1[1] - c0[1]) / ((c1[0] - c0[0]) * ncpu), 4)
        out["rss_peak_mib"] = round(marks.get("rss", 0) / 2**20, 1)
        mp = cg.mem_peak_bytes()
        out["cgroup_mem_peak_mib"] = round(mp / 2**20, 1) if mp else None
    out["requests"] = [[round(r[0] - w_start, 4), round((r[1] - r[0]) * 1000, 2), r[2]]
                       for r in window]
    return out


async def run_texts(args):
    u = urllib.parse.urlsplit(args.url)
    host, port, path = u.hostname, u.port or 80, u.path or "/"
    c = HttpConn(host, port)
    out = {"label": args.label, "kind": args.kind, "model": args.model, "images": {}}
    bad = 0
    for p in list_images(args.images):
        raw = build_request(args.kind, host, port, path, p, args.model)
        t = time.perf_counter()
        status, _, body = await asyncio.wait_for(c.request(raw), args.timeout)
        dt = time.perf_counter() - t
        name = os.path.basename(p)
        entry = {"status": status, "ms": round(dt * 1000, 1)}
        if status == 200:
            entry["lines"] = [{"text": tx, "box": bx}
                              for tx, bx in parse_lines(args.kind, json.loads(body))]
        else:
            bad += 1
            entry["body"] = body[:500].decode("utf-8", "replace")
        out["images"][name] = entry
    c.close()
    out["errors"] = bad
    return out


async def wait_ready(args):
    u = urllib.parse.urlsplit(args.url)
    deadline = time.monotonic() + args.timeout
    req = (f"GET {u.path or '/'} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n\r\n").encode()
    last = None
    while time.monotonic() < deadline:
        c = HttpConn(u.hostname, u.port or 80)
        try:
            status, _, _ = await asyncio.wait_for(c.request(req), 5)
            if status == 200:
                return 0
            last = f"HTTP {status}"
        except Exception as e:
            last = type(e).__name__
        finally:
            c.close()
        await asyncio.sleep(0.25)
    log(f"{args.url} not ready after {args.timeout}s (last: {last})")
    return 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--url", required=True)
    w.add_argument("--timeout", type=float, default=120)
    for name in ("texts", "load"):
        p = sub.add_parser(name)
        p.add_argument("--url", required=True)
        p.add_argument("--kind", choices=KINDS, required=True)
        p.add_argument("--images", required=True)
        p.add_argument("--model")
        p.add_argument("--label", default="")
        p.add_argument("--out", required=True)
        p.add_argument("--timeout", type=float, default=180, help="per request, seconds")
    lp = sub.choices["load"]
    lp.add_argument("--concurrency", type=int, required=True)
    lp.add_argument("--duration", type=float, required=True)
    lp.add_argument("--warmup", type=float, default=3)
    lp.add_argument("--min-ok", type=int, help="extend the window until this many 200s "
                    "(default: the concurrency, at most 4)")
    lp.add_argument("--max-duration", type=float, help="longest window (default 4 x --duration)")
    lp.add_argument("--drain", type=float, default=120)
    lp.add_argument("--retry-pause", type=float, default=0.05)
    lp.add_argument("--pid", type=int, help="container main PID (for cgroup CPU/RSS)")
    lp.add_argument("--cpus", type=int, help="CPU count if the cgroup's cpuset is unreadable")
    args = ap.parse_args()

    if args.cmd == "wait":
        sys.exit(asyncio.run(wait_ready(args)))
    if args.cmd == "texts":
        res = asyncio.run(run_texts(args))
        with open(args.out, "w") as f:
            json.dump(res, f, ensure_ascii=False, indent=1)
        n = sum(len(e.get("lines", [])) for e in res["images"].values())
        log(f"{args.label}: texts of {len(res['images'])} images, {n} lines, {res['errors']} errors")
        sys.exit(1 if res["errors"] else 0)
    res = asyncio.run(run_load(args))
    with open(args.out, "w") as f:
        json.dump(res, f)
    lo = res["latency_ok"]
    msg = (f"{args.label} c={args.concurrency}: {res['throughput_ips']} img/s, "
           f"p50 {lo.get('p50_ms')} p99 {lo.get('p99_ms')} ms, 503s {res['n503']}, "
           f"errors {res['errors']}")
    if "cpu_util" in res:
        msg += f", cpu {res['cpu_util'] * 100:.0f}%, rss {res['rss_peak_mib']} MiB"
    log(msg)
    if res["errors"]:
        log(f"{args.label}: errors: {res['error_kinds'] or res['statuses_in_window']}")
        sys.exit(3)


if __name__ == "__main__":
    main()
