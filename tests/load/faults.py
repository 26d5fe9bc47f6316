#!/usr/bin/env python3
"""Load and fault scenarios against the runtime container image (loopback only).

  tests/load/faults.py [--quick] [--only NAME[,NAME]] [options]

Scenarios (each prints a figure table and PASS/FAIL; exit 1 if any failed):
  overload  one container (W workers, queue Q), warm-up at W connections, then
            2 x (W + Q) closed-loop connections for --overload-seconds: still
            running and /ready 200 after, RSS (1 s samples) below 2 x the
            warm-up RSS, 503 p99 < 50 ms, accepted p99/p50 bounded, no errors.
  drain     W + Q connections (queue full), SIGTERM: every request in flight
            at the signal answers 200, nothing is cut off without a reply
            (503 and refused connections are fine), the server exits 0.
  replica   onnxocr-1..3 (1 worker each) + HAProxy as tests/container/run.sh
            builds them, load through HAProxy, SIGKILL onnxocr-2 at 40 %:
            0 failed client requests (a 503 that reaches the client counts).
  jobs      --jobs jobs (tests/data/pdf/scanned_8.pdf, --job-pages pages each)
            accepted through POST /jobs by a container whose jobs live on a
            named volume; SIGKILL once some pages are done, the same container
            started again: every job ends done, with the pages kept before the
            kill, and its result equals the synchronous /marker/upload answer.
  soak      --soak-requests tiny one-line PNGs (cropped at run time from
            tests/data/images/small_text.png) at W connections: 0 errors,
            RSS after --soak-baseline requests vs at the end within +-5 %.

Standard library only; containers come from tests/container/run.sh's podman
commands (hardened: --read-only, --tmpfs /tmp, --cap-drop ALL, --init, ports
on 127.0.0.1). Everything started is removed on exit. See tests/load/README.md.
"""
import argparse
import asyncio
import json
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from http_conn import HttpConn  # noqa: E402  one HTTP client for bench/loadgen.py and this script
PREFIX = f"onnxocr-load-{os.getpid()}"
HEALTH = ("exec 3<>/dev/tcp/127.0.0.1/5005 && printf 'GET /ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 "
          "&& head -n 1 <&3 | grep -q ' 200 '")
CLI = "podman"
STARTED = []        # container names to remove on exit
NETWORKS = []
VOLUMES = []


def log(msg):
    print(f"  . {msg}", flush=True)


# ---------------------------------------------------------------------------
# containers

def sh(*args, check=True, timeout=300, capture=True):
    r = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.STDOUT if capture else None, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"`{shlex.join(str(a) for a in args)}` -> {r.returncode}: {(r.stdout or '')[-500:]}")
    return r


def harden():
    h = ["--read-only", "--tmpfs", "/tmp:rw,size=512m,mode=1777", "--cap-drop", "ALL",
         "--security-opt", "no-new-privileges", "--init"]
    if CLI == "podman":
        h += ["--security-opt", "label=disable"]
    return h


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_server(name, image, workers, port=None, network=None, alias=None, env=(), volumes=()):
    args = [CLI, "run", "-d", "--name", name, *harden(), "-e", f"ONNXOCR_WORKERS={workers}"]
    for e in env:
        args += ["-e", e]
    for v in volumes:
        args += ["-v", v]
    if port:
        args += ["-p", f"127.0.0.1:{port}:5005"]
    if network:
        args += ["--network", network, "--network-alias", alias]
    STARTED.append(name)
    sh(*args, image)


def remove_all():
    for c in reversed(STARTED):
        subprocess.run([CLI, "rm", "-f", "-v", "-t", "0", c], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    STARTED.clear()
    for v in VOLUMES:
        subprocess.run([CLI, "volume", "rm", "-f", v], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    VOLUMES.clear()
    for n in NETWORKS:
        subprocess.run([CLI, "network", "rm", "-f", n], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    NETWORKS.clear()


def inspect(name, fmt):
    r = sh(CLI, "inspect", "--format", fmt, name, check=False)
    return r.stdout.strip() if r.returncode == 0 else None


def is_running(name):
    return inspect(name, "{{.State.Running}}") == "true"


def logs(name, tail=None):
    args = [CLI, "logs"] + (["--tail", str(tail)] if tail else []) + [name]
    return sh(*args, check=False).stdout


def wait_ready_http(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if http_get_status(url + "/ready") == 200:
            return True
        time.sleep(0.25)
    return False


def wait_ready_exec(name, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if sh(CLI, "exec", name, "/bin/bash", "-c", HEALTH, check=False).returncode == 0:
            return True
        time.sleep(0.5)
    return False


def http_get_status(url, timeout=3):
    u = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((u.hostname, u.port), timeout=timeout) as s:
            s.sendall(f"GET {u.path} HTTP/1.0\r\nHost: {u.hostname}\r\n\r\n".encode())
            line = s.makefile("rb").readline().decode("latin-1")
            return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None


def capacity(name, workers):
    """(workers, queue) from the server's start-up log line, else (W, 4 W)."""
    m = re.search(r"with (\d+) workers, queue (\d+)", logs(name))
    return (int(m.group(1)), int(m.group(2))) if m else (workers, 4 * workers)


class Rss:
    """Summed VmRSS of the processes in a container's cgroup, read on the host."""

    def __init__(self, name):
        self.pid = int(inspect(name, "{{.State.Pid}}"))
        self.procs_file = None
        with open(f"/proc/{self.pid}/cgroup") as f:
            for line in f:
                _, ctrls, path = line.rstrip("\n").split(":", 2)
                for d in ([f"/sys/fs/cgroup/memory{path}"] if "memory" in ctrls.split(",") else []) + \
                         ([f"/sys/fs/cgroup{path}"] if ctrls == "" else []):
                    if os.path.exists(d + "/cgroup.procs"):
                        self.procs_file = d + "/cgroup.procs"

    def read(self):
        pids = [self.pid]
        if self.procs_file:
            try:
                pids = [int(x) for x in open(self.procs_file).read().split()]
            except OSError:
                pass
        total = 0
        for p in pids:
            try:
                with open(f"/proc/{p}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total


# ---------------------------------------------------------------------------
# images

def png_gray(path):
    """(width, height, rows of 8-bit luminance) of an 8-bit non-interlaced PNG."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat = 8, []
    while pos < len(data):
        ln, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        pos += 12 + ln
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat.append(body)
        elif typ == b"IEND":
            break
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        raise ValueError(f"{path}: only 8-bit non-interlaced gray/RGB(A) PNGs")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw, stride = zlib.decompress(b"".join(idat)), w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    if ctype in (0, 4):
        gray = [bytes(r[0::bpp]) for r in rows]
    else:
        gray = [bytes((r[k] * 299 + r[k + 1] * 587 + r[k + 2] * 114) // 1000 for k in range(0, stride, bpp))
                for r in rows]
    return w, h, gray


def png_encode_gray(rows):
    w, h = len(rows[0]), len(rows)

    def chunk(t, b):
        return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def first_line_png(path, margin=10, dark=128):
    """A PNG of the first text line of `path` (rows/columns with ink, plus a margin)."""
    w, h, g = png_gray(path)
    ink = [min(r) < dark for r in g]
    y0 = ink.index(True)
    y1 = y0
    while y1 + 1 < h and ink[y1 + 1]:
        y1 += 1
    gap = next((y for y in range(y1 + 1, h) if ink[y]), h) - y1 - 1
    top, bottom = max(0, y0 - margin), min(h - 1, y1 + min(margin, max(1, gap // 2)))
    cols = [x for x in range(w) if any(g[y][x] < dark for y in range(y0, y1 + 1))]
    left, right = max(0, cols[0] - margin), min(w - 1, cols[-1] + margin)
    return png_encode_gray([g[y][left:right + 1] for y in range(top, bottom + 1)])


def ocr_request(host, port, image_bytes):
    import base64
    body = json.dumps({"image": base64.b64encode(image_bytes).decode()}).encode()
    return (f"POST /ocr HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode() + body


# ---------------------------------------------------------------------------
# HTTP load client

class Rec:
    __slots__ = ("t0", "t1", "status", "err", "retry_after", "results", "fresh", "after503")

    def __init__(self, t0, t1, status, err=None, retry_after=False, results=None, fresh=False):
        self.t0, self.t1, self.status, self.err = t0, t1, status, err
        self.retry_after, self.results, self.fresh = retry_after, results, fresh
        self.after503 = False   # this connection's previous answer was a 503


class Conn:
    """An HttpConn whose every outcome is a Rec, failures sorted by kind."""

    def __init__(self, host, port):
        self.http = HttpConn(host, port)

    def close(self):
        self.http.close()

    async def request(self, raw, timeout, parse_results=False):
        """Rec. err: 'connect' (no TCP connection: not accepted), 'noreply' (closed or
        reset after the request was written, no response byte), 'truncated', 'timeout'."""
        t0 = time.monotonic()
        fresh = not self.http.is_open()
        if fresh:
            try:
                await asyncio.wait_for(self.http.open(), timeout)
            except (OSError, asyncio.TimeoutError):
                self.close()
                return Rec(t0, time.monotonic(), 0, "connect", fresh=True)
        try:
            status, headers, body = await asyncio.wait_for(self.http.exchange(raw), timeout)
        except asyncio.TimeoutError:
            self.close()
            return Rec(t0, time.monotonic(), 0, "timeout", fresh=fresh)
        except asyncio.IncompleteReadError as e:
            self.close()
            return Rec(t0, time.monotonic(), 0, "truncated" if e.partial else "noreply", fresh=fresh)
        except (OSError, ValueError, IndexError):
            self.close()
            return Rec(t0, time.monotonic(), 0, "noreply", fresh=fresh)
        t1 = time.monotonic()
        results = None
        if parse_results and status == 200:
            try:
                results = json.loads(body).get("results")
            except ValueError:
                results = None
        return Rec(t0, t1, status, None, "retry-after" in headers, results, fresh)


class Load:
    """`conns` closed-loop keep-alive connections. After a 503 or a failed connect a
    connection pauses `pause` s. Stops issuing on stop(), after `max_requests`
    issued, or (stop_on_connect_error) per connection at its first failed connect."""

    def __init__(self, url, raw, conns, pause=0.05, timeout=120, max_requests=None,
                 parse_results=False, stop_on_connect_error=False):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.raw, self.conns, self.pause, self.timeout = raw, conns, pause, timeout
        self.max_requests, self.parse_results = max_requests, parse_results
        self.stop_on_connect_error = stop_on_connect_error
        self.records, self.issued, self.inflight = [], 0, 0
        self.done_200 = 0
        self._stop = asyncio.Event()
        self.watchers = []   # callables run after each record (cheap)

    def start(self):
        self.tasks = [asyncio.create_task(self._worker()) for _ in range(self.conns)]

    def stop(self):
        self._stop.set()

    async def join(self, timeout=None):
        done, pending = await asyncio.wait(self.tasks, timeout=timeout)
        for t in pending:
            t.cancel()
        return len(pending)

    async def _worker(self):
        c = Conn(self.host, self.port)
        last503 = False
        try:
            while not self._stop.is_set():
                if self.max_requests is not None and self.issued >= self.max_requests:
                    break
                self.issued += 1
                self.inflight += 1
                rec = await c.request(self.raw, self.timeout, self.parse_results)
                self.inflight -= 1
                rec.after503, last503 = last503 and not rec.fresh, rec.status == 503
                self.records.append(rec)
                if rec.status == 200:
                    self.done_200 += 1
                for w in self.watchers:
                    w(self, rec)
                if rec.err == "connect" and self.stop_on_connect_error:
                    break
                if rec.status == 503 or rec.err:
                    await asyncio.sleep(self.pause)
        finally:
            c.close()


async def sample_rss(rss, interval, out, stop, load=None):
    while not stop.is_set():
        try:
            out.append((time.monotonic(), rss.read(), load.done_200 if load else 0))
        except OSError:
            pass
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except asyncio.TimeoutError:
            pass


# ---------------------------------------------------------------------------
# figures

def pct(vals, q):
    v = sorted(vals)
    if not v:
        return float("nan")
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def ms(x):
    return "n/a" if x != x else f"{x * 1000:.0f} ms" if x >= 0.1 else f"{x * 1000:.1f} ms"


def mib(b):
    return f"{b / 2**20:.0f} MiB"


class Table:
    def __init__(self, name):
        self.name, self.rows, self.ok = name, [], True

    def row(self, what, value, target="", ok=None):
        self.rows.append((what, str(value), target, "" if ok is None else ("ok" if ok else "FAIL")))
        if ok is False:
            self.ok = False

    def fail(self, what):
        self.row(what, "", "", False)

    def show(self):
        w0 = max(len(r[0]) for r in self.rows)
        w1 = max(len(r[1]) for r in self.rows)
        w2 = max(len(r[2]) for r in self.rows)
        for r in self.rows:
            print(f"  {r[0]:<{w0}}  {r[1]:<{w1}}  {r[2]:<{w2}}  {r[3]}".rstrip())
        print(f"{self.name}: {'PASS' if self.ok else 'FAIL'}", flush=True)
        return self.ok


def outcomes(recs):
    d = {}
    for r in recs:
        k = str(r.status) if r.status else r.err
        d[k] = d.get(k, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(d.items())) or "none"


# ---------------------------------------------------------------------------
# scenarios

def start_single(a, tag, env=()):
    name = f"{PREFIX}-{tag}"
    port = free_port()
    run_server(name, a.image, a.workers, port=port, env=env)
    url = f"http://127.0.0.1:{port}"
    if not wait_ready_http(url, 120):
        print(logs(name, 30))
        raise RuntimeError(f"{name} not ready in 120 s")
    w, q = capacity(name, a.workers)
    return name, url, w, q


async def overload(a, t):
    name, url, w, q = start_single(a, "overload")
    u = urllib.parse.urlsplit(url)
    raw = ocr_request(u.hostname, u.port, Path(a.load_image).read_bytes())
    rss = Rss(name)
    t.row("workers / queue", f"{w} / {q}")
    # warm-up at W connections: RSS baseline and the unloaded throughput
    warm = Load(url, raw, w)
    warm.start()
    await asyncio.sleep(a.warmup)
    while warm.done_200 < 2 * w and len(warm.records) < 50 * w:
        await asyncio.sleep(0.1)
    warm.stop()
    await warm.join(180)
    wrecs = [r for r in warm.records if r.status == 200]
    wspan = max(r.t1 for r in wrecs) - min(r.t0 for r in warm.records) if wrecs else float("nan")
    base = rss.read()
    conc = a.overload_conc or 2 * (w + q)
    t.row(f"warm-up ({w} conn)", f"{len(wrecs) / wspan:.2f} req/s, p50 {ms(pct([r.t1 - r.t0 for r in wrecs], .5))}",
          "", not [r for r in warm.records if r.status != 200] or None)
    log(f"overload: {conc} connections (2 x (workers + queue)) for {a.overload_seconds:.0f} s")
    load = Load(url, raw, conc, pause=a.retry_pause)
    samples, stop = [], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(rss, 1.0, samples, stop))
    t0 = time.monotonic()
    load.start()
    await asyncio.sleep(a.overload_seconds)
    load.stop()
    t1 = time.monotonic()
    cancelled = await load.join(180)
    stop.set()
    await sampler
    recs = load.records
    win = [r for r in recs if r.t1 <= t1]
    ok = [r.t1 - r.t0 for r in recs if r.status == 200]
    rej = [r for r in recs if r.status == 503]
    rej_lat = [r.t1 - r.t0 for r in rej]
    bad = [r for r in recs if r.status not in (200, 503)]
    running = is_running(name)
    ready = wait_ready_http(url, 15) if running else False
    rs = [s[1] for s in samples]
    t.row("load", f"{conc} conn x {t1 - t0:.0f} s", "")
    t.row("requests", f"{len(recs)} ({outcomes(recs)})", "")
    tput = sum(1 for r in win if r.status == 200) / (t1 - t0)
    t.row("throughput (200/s)", f"{tput:.2f} ({tput / (len(wrecs) / wspan) * 100:.0f} % of warm-up)", "")
    t.row("503 rate", f"{len(rej) / max(1, len(recs)) * 100:.0f} % ({len(rej) / (t1 - t0):.0f}/s)", "> 0", bool(rej))
    t.row("503 with Retry-After", f"{sum(r.retry_after for r in rej)} / {len(rej)}", "all",
          all(r.retry_after for r in rej))
    t.row("503 latency p50 / p99", f"{ms(pct(rej_lat, .5))} / {ms(pct(rej_lat, .99))}", "p99 < 50 ms",
          bool(rej_lat) and pct(rej_lat, .99) < a.max_503_ms / 1000)
    p50, p99 = pct(ok, .5), pct(ok, .99)
    t.row("accepted p50 / p99", f"{ms(p50)} / {ms(p99)} (n {len(ok)})", "", bool(ok))
    t.row("accepted p99 / p50", f"{p99 / p50:.2f}" if ok else "n/a", f"<= {a.max_p99_ratio:g}",
          bool(ok) and p99 / p50 <= a.max_p99_ratio)
    t.row("errors (not 200/503)", len(bad), "0", not bad)
    t.row("cancelled at end", cancelled, "0", cancelled == 0)
    t.row("RSS after warm-up", mib(base), "")
    t.row(f"RSS min / max ({len(rs)} samples)", f"{mib(min(rs))} / {mib(max(rs))}" if rs else "n/a",
          f"max < {a.rss_factor:g} x warm-up", bool(rs) and max(rs) < a.rss_factor * base)
    t.row("container running after", running, "true", running)
    t.row("/ready after", 200 if ready else http_get_status(url + "/ready"), "200", ready)


async def drain(a, t):
    name, url, w, q = start_single(a, "drain", env=(f"ONNXOCR_DRAIN_TIMEOUT={a.drain_limit:g}",))
    u = urllib.parse.urlsplit(url)
    raw = ocr_request(u.hostname, u.port, Path(a.load_image).read_bytes())
    conc = w + q
    load = Load(url, raw, conc, pause=a.retry_pause, stop_on_connect_error=True)
    load.start()
    await asyncio.sleep(a.drain_lead)
    while load.done_200 < w:
        await asyncio.sleep(0.1)
    log(f"drain: {conc} connections (workers + queue), {load.done_200} answered; SIGTERM")
    inflight = load.inflight
    t_sig = time.monotonic()
    sh(CLI, "kill", "-s", "TERM", name)
    loop = asyncio.get_running_loop()
    waiter = loop.run_in_executor(None, lambda: sh(CLI, "wait", name, check=False, timeout=a.drain_limit + 60))
    try:
        r = await asyncio.wait_for(asyncio.shield(waiter), a.drain_limit + 60)
        rc = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "?"
    except (asyncio.TimeoutError, subprocess.TimeoutExpired):
        rc = "timeout"
    t_exit = time.monotonic()
    await asyncio.sleep(1.0)
    load.stop()
    cancelled = await load.join(30)
    recs = load.records
    at_sig = [r for r in recs if r.t0 < t_sig <= r.t1]
    before = [r for r in recs if r.t1 < t_sig]
    after = [r for r in recs if r.t0 >= t_sig]
    lost = [r for r in recs if r.err in ("noreply", "truncated", "timeout")]
    other = [r for r in recs if r.status not in (0, 200, 503)]
    t.row("load", f"{conc} conn, SIGTERM after {t_sig - min(r.t0 for r in recs):.1f} s", "")
    t.row("answered before SIGTERM", f"{len(before)} ({outcomes(before)})", "")
    t.row("in flight at SIGTERM", f"{len(at_sig)} ({outcomes(at_sig)})", "all 200",
          bool(at_sig) and all(r.status == 200 for r in at_sig))
    t.row("  (client count at signal)", inflight, "")
    t.row("sent after SIGTERM", f"{len(after)} ({outcomes(after)})", "200/503/connect")
    last200 = max((r.t1 for r in recs if r.status == 200), default=t_sig)
    t.row("last 200 after SIGTERM", f"{last200 - t_sig:.1f} s", "")
    srv = logs(name)
    srv200 = len(re.findall(r"path=/ocr status=200", srv))
    srv503 = len(re.findall(r"path=/ocr status=503", srv))
    left = re.search(r"drained \((\d+) requests still in flight\)", srv)
    cli200 = sum(1 for r in recs if r.status == 200)
    cli503 = sum(1 for r in recs if r.status == 503)
    t.row("server log /ocr 200 / 503", f"{srv200} / {srv503} (client got {cli200} / {cli503})", "equal",
          srv200 == cli200 and srv503 == cli503)
    t.row("server: left in flight at exit", left.group(1) if left else "?", "0", bool(left) and left.group(1) == "0")
    # Strictly (got a TCP connection, no 503): every one of these is a lost request.
    # --drain-lenient: a request cut off at exit does not fail the scenario if the server
    # provably never admitted it (sent after SIGTERM on a connection already answered 503,
    # and the server's log accounts for every response the client got).
    excused = [r for r in lost if a.drain_lenient and r.t0 >= t_sig and r.after503
               and srv200 == cli200 and srv503 == cli503]
    t.row("cut off without reply", f"{len(lost)} ({outcomes(lost)})" if lost else 0,
          "0" + (" not admitted" if a.drain_lenient else ""), len(lost) == len(excused))
    if lost:
        late = [r for r in lost if r.t0 >= t_sig]
        t.row("  sent after SIGTERM", len(late), "")
        t.row("  on a keep-alive conn just told 503", sum(r.after503 for r in lost), "")
        t.row("  sent at (s after SIGTERM)", " ".join(f"{r.t0 - t_sig:.2f}" for r in lost[:8]),
              f"exit at {t_exit - t_sig:.2f}")
    t.row("other statuses", f"{len(other)} ({outcomes(other)})" if other else 0, "0", not other)
    t.row("SIGTERM -> exit", f"{t_exit - t_sig:.1f} s", "")
    t.row("exit code", rc, "0", rc == "0")
    t.row("cancelled at end", cancelled, "0", cancelled == 0)


async def replica(a, t):
    net = f"{PREFIX}-net"
    if sh(CLI, "image", "inspect", a.lb_image, check=False).returncode != 0:
        log(f"building {a.lb_image} from deploy/haproxy")
        sh(CLI, "build", "-t", a.lb_image, REPO / "deploy/haproxy", timeout=900)
    sh(CLI, "network", "create", net)
    NETWORKS.append(net)
    reps = [f"{PREFIX}-onnxocr-{i}" for i in (1, 2, 3)]
    for i, n in enumerate(reps, 1):
        run_server(n, a.image, 1, network=net, alias=f"onnxocr-{i}")
    lb, lbport = f"{PREFIX}-lb", free_port()
    STARTED.append(lb)
    sh(CLI, "run", "-d", "--name", lb, "--network", net, "--read-only", "--cap-drop", "ALL",
       "--security-opt", "no-new-privileges", "-p", f"127.0.0.1:{lbport}:8080", a.lb_image)
    for n in reps:
        if not wait_ready_exec(n, 120):
            raise RuntimeError(f"{n} not ready")
    url = f"http://127.0.0.1:{lbport}"
    if not wait_ready_http(url, 30):
        raise RuntimeError("HAProxy not ready")
    await asyncio.sleep(3)   # HAProxy's checks: rise 2 x 1 s
    raw = ocr_request("127.0.0.1", lbport, Path(a.load_image).read_bytes())
    conc = a.replica_conc
    load = Load(url, raw, conc, pause=a.retry_pause)
    t0 = time.monotonic()
    load.start()
    await asyncio.sleep(a.replica_seconds * 0.4)
    inflight = load.inflight
    t_kill = time.monotonic()
    sh(CLI, "kill", "-s", "KILL", reps[1])
    log(f"replica: SIGKILL onnxocr-2 at {t_kill - t0:.1f} s ({inflight} client requests in flight)")
    await asyncio.sleep(max(0.0, t0 + a.replica_seconds - time.monotonic()))
    load.stop()
    cancelled = await load.join(180)
    recs = load.records
    ok = [r.t1 - r.t0 for r in recs if r.status == 200]
    around = [r.t1 - r.t0 for r in recs if r.status == 200 and r.t0 < t_kill <= r.t1]
    c503 = [r for r in recs if r.status == 503]
    bad = [r for r in recs if r.status not in (200, 503)]
    lblog = logs(lb)
    retried = len(re.findall(r" [-A-Za-z]{4} \d+/\d+/\d+/\d+/\+?[1-9]\d* ", lblog))
    redisp = len(re.findall(r" [-A-Za-z]{4} \d+/\d+/\d+/\d+/\+[1-9]\d* ", lblog))
    lbst = {}
    for m in re.finditer(r" -?\d+/-?\d+/-?\d+/-?\d+/\+?\d+ (\d{3}) .*\"POST /ocr ", lblog):
        lbst[m.group(1)] = lbst.get(m.group(1), 0) + 1
    rep503 = sum(len(re.findall(r"path=/ocr status=503", logs(n))) for n in reps)
    down = "onnxocr-2 is DOWN" in lblog
    t.row("load", f"{conc} conn x {time.monotonic() - t0:.0f} s through HAProxy", "")
    t.row("client requests", f"{len(recs)} ({outcomes(recs)})", "")
    t.row("throughput (200/s)", f"{len(ok) / (time.monotonic() - t0):.2f}", "")
    t.row("latency p50 / p99 / max", f"{ms(pct(ok, .5))} / {ms(pct(ok, .99))} / {ms(max(ok, default=float('nan')))}", "")
    t.row("in flight at the kill -> 200", f"{len(around)} (max {ms(max(around, default=float('nan')))})", "")
    t.row("HAProxy: retried (+redispatched)", f"{retried} ({redisp})", "")
    t.row("HAProxy: POST /ocr statuses", ", ".join(f"{k}: {v}" for k, v in sorted(lbst.items())), "")
    t.row("replicas: 503 answered (retried)", rep503, "")
    t.row("HAProxy: onnxocr-2 marked DOWN", down, "true", down)
    t.row("503 returned to client", len(c503), "0", not c503)
    t.row("other failures", f"{len(bad)} ({outcomes(bad)})" if bad else 0, "0", not bad)
    t.row("cancelled at end", cancelled, "0", cancelled == 0)


async def soak(a, t):
    name, url, w, q = start_single(a, "soak")
    u = urllib.parse.urlsplit(url)
    tiny = first_line_png(REPO / "tests/data/images/small_text.png")
    raw = ocr_request(u.hostname, u.port, tiny)
    rss = Rss(name)
    n, nbase = a.soak_requests, min(a.soak_baseline, a.soak_requests // 2)
    mark = {}

    def watch(load, rec):
        done = len(load.records)
        if done == nbase and "base" not in mark:
            mark["base"] = (rss.read(), time.monotonic())
        if done == n - w and "end" not in mark:   # every connection still busy
            mark["end"] = (rss.read(), time.monotonic())

    load = Load(url, raw, w, max_requests=n, parse_results=True)
    load.watchers.append(watch)
    samples, stop = [], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(rss, a.soak_interval, samples, stop, load))
    t0 = time.monotonic()
    load.start()
    cancelled = await load.join(a.soak_limit)
    t1 = time.monotonic()
    stop.set()
    await sampler
    recs = load.records
    ok = [r.t1 - r.t0 for r in recs if r.status == 200]
    bad = [r for r in recs if r.status != 200]
    empty = [r for r in recs if r.status == 200 and not r.results]
    texts = {}
    for r in recs:
        if r.results:
            k = " | ".join(x.get("text", "") for x in r.results)
            texts[k] = texts.get(k, 0) + 1
    top = max(texts, key=texts.get) if texts else ""
    end_rss = mark.get("end", (rss.read(), t1))[0]
    t.row("image", f"first line of small_text.png, {len(tiny)} B", "")
    t.row("load", f"{len(recs)} requests, {w} conn, {t1 - t0:.0f} s ({len(ok) / (t1 - t0):.1f} req/s)", "")
    t.row("latency p50 / p99 / max", f"{ms(pct(ok, .5))} / {ms(pct(ok, .99))} / {ms(max(ok, default=float('nan')))}", "")
    t.row("errors (not 200)", f"{len(bad)} ({outcomes(bad)})" if bad else 0, "0", not bad)
    t.row("200 with no results", len(empty), "0", not empty)
    t.row("text (most common)", f"{top[:48]!r} x {texts.get(top, 0)}", "")
    t.row("all requests done", f"{len(recs)} / {n}", "", len(recs) == n and cancelled == 0)
    rs = [s[1] for s in samples]
    if rs:
        t.row(f"RSS min / max ({len(rs)} samples)", f"{mib(min(rs))} / {mib(max(rs))}", "")
        pick = [samples[round(i * (len(samples) - 1) / 7)] for i in range(8)]
        t.row("RSS trace (requests:MiB)", " ".join(f"{s[2]}:{s[1] / 2**20:.0f}" for s in pick), "")
    if "base" in mark:
        b = mark["base"][0]
        drift = (end_rss - b) / b * 100
        t.row(f"RSS after {nbase} requests", mib(b), "")
        t.row(f"RSS after {n - w} requests", mib(end_rss), "")
        t.row("RSS drift", f"{drift:+.1f} %", f"within +-{a.max_drift:g} %", abs(drift) <= a.max_drift)
    else:
        t.fail("RSS baseline not reached")
    running = is_running(name)
    t.row("container running after", running, "true", running)


def http_json(method, url, body=None, content_type=None, timeout=60):
    """(status, parsed JSON or raw text) of one request (urllib)."""
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def multipart(fields, file_name, file_bytes):
    boundary = f"----onnxocr{os.getpid()}{time.monotonic_ns()}"
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + file_bytes + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


async def jobs(a, t):
    name = f"{PREFIX}-jobs"
    volume = f"{PREFIX}-jobs"
    port = free_port()
    sh(CLI, "volume", "create", volume)
    VOLUMES.append(volume)
    run_server(name, a.image, a.workers, port=port, env=(), volumes=(f"{volume}:/var/lib/onnxocr/jobs",))
    url = f"http://127.0.0.1:{port}"
    if not wait_ready_http(url, 120):
        raise RuntimeError(f"{name} not ready in 120 s: {logs(name, 20)}")
    pdf = (REPO / "tests/data/pdf/scanned_8.pdf").read_bytes()
    fields = {"output_format": "json", "force_ocr": "true", "page_range": f"0-{a.job_pages - 1}"}
    body, ctype = multipart(fields, "scanned_8.pdf", pdf)
    ids = []
    t0 = time.monotonic()
    for _ in range(a.jobs):
        status, answer = http_json("POST", url + "/jobs", body, ctype)
        if status != 202:
            raise RuntimeError(f"POST /jobs answered {status}: {str(answer)[:300]}")
        ids.append(answer["job_id"])
    t.row("jobs accepted", f"{len(ids)} x {a.job_pages} pages in {time.monotonic() - t0:.1f} s", str(a.jobs),
          len(ids) == a.jobs)
    total_pages = a.jobs * a.job_pages
    # SIGKILL once a third of the pages are done.
    while True:
        before = {i: http_json("GET", f"{url}/jobs/{i}")[1] for i in ids}
        done_pages = sum(b["pages_done"] for b in before.values())
        if done_pages >= total_pages // 3 or time.monotonic() - t0 > 600:
            break
        await asyncio.sleep(0.2)
    finished = sum(1 for b in before.values() if b["status"] == "done")
    sh(CLI, "kill", "-s", "KILL", name)
    t.row("at the SIGKILL", f"{finished} done, {done_pages} of {total_pages} pages done", "some, not all",
          0 < done_pages < total_pages)
    sh(CLI, "start", name)
    t1 = time.monotonic()
    if not wait_ready_http(url, 120):
        raise RuntimeError(f"{name} not ready after the restart: {logs(name, 20)}")
    starts = re.findall(r"(\d+) unfinished job\(s\) queued again", logs(name))  # one line per start
    again = int(starts[-1]) if len(starts) == 2 else None
    t.row("queued again at start-up", again if again is not None else f"{len(starts)} start-up lines",
          str(a.jobs - finished), again == a.jobs - finished)
    kept = all(http_json("GET", f"{url}/jobs/{i}")[1]["pages_done"] >= before[i]["pages_done"] for i in ids)
    t.row("pages kept across the kill", kept, "true", kept)
    states = {}
    deadline = time.monotonic() + a.job_limit
    while time.monotonic() < deadline:
        states = {i: http_json("GET", f"{url}/jobs/{i}")[1] for i in ids}
        if all(s.get("status") in ("done", "failed") for s in states.values()):
            break
        await asyncio.sleep(0.5)
    done = [i for i, s in states.items() if s.get("status") == "done"]
    t.row("jobs done after the restart", f"{len(done)} / {len(ids)} in {time.monotonic() - t1:.0f} s",
          f"{len(ids)} / {len(ids)}", len(done) == len(ids))
    sync_status, sync = http_json("POST", url + "/marker/upload", body, ctype, timeout=300)
    same = sum(1 for i in done if http_json("GET", f"{url}/jobs/{i}/result")[1] == sync)
    t.row("results equal to /marker/upload's", f"{same} / {len(done)}", "all", sync_status == 200 and same == len(done))
    running = is_running(name)
    t.row("container running after", running, "true", running)


SCENARIOS = {"overload": overload, "drain": drain, "replica": replica, "jobs": jobs, "soak": soak}


# ---------------------------------------------------------------------------

def ensure_image(image):
    if sh(CLI, "image", "inspect", image, check=False).returncode == 0:
        return
    log(f"image {image} missing: scripts/make-base-image.sh + {CLI} build -t {image} .")
    subprocess.run([REPO / "scripts/make-base-image.sh"], check=True)
    subprocess.run([CLI, "build", "-t", image, str(REPO)], check=True)


def main():
    global CLI
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--quick", action="store_true", help="CI durations: 30 s overload, 1,000 soak requests")
    ap.add_argument("--only", default="", help="comma-separated: " + ",".join(SCENARIOS))
    ap.add_argument("--image", default=os.environ.get("IMAGE", "onnxocr-server:latest"))
    ap.add_argument("--lb-image", default=os.environ.get("LB_IMAGE", "onnxocr-haproxy:latest"))
    ap.add_argument("--workers", type=int, default=2, help="ONNXOCR_WORKERS of the single containers (2)")
    ap.add_argument("--load-image", default=str(REPO / "tests/data/images/small_text.png"),
                    help="image for overload, drain and replica (small_text.png)")
    ap.add_argument("--warmup", type=float, help="overload warm-up seconds (20; quick 5)")
    ap.add_argument("--overload-seconds", type=float, help="300; quick 30")
    ap.add_argument("--overload-conc", type=int, help="default 2 x (workers + queue)")
    ap.add_argument("--retry-pause", type=float, default=0.05, help="a connection's pause after a 503")
    ap.add_argument("--max-503-ms", type=float, default=50)
    ap.add_argument("--max-p99-ratio", type=float, default=3.0, help="accepted p99/p50 bound (3)")
    ap.add_argument("--rss-factor", type=float, default=2.0, help="overload RSS bound x warm-up RSS (2)")
    ap.add_argument("--drain-lead", type=float, help="load before SIGTERM (15 s; quick 5)")
    ap.add_argument("--drain-limit", type=float, default=30, help="ONNXOCR_DRAIN_TIMEOUT of the drain container (30)")
    ap.add_argument("--drain-lenient", action="store_true",
                    help="don't fail on requests cut off at exit that the server never admitted")
    ap.add_argument("--replica-seconds", type=float, help="60; quick 20")
    ap.add_argument("--replica-conc", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=20, help="jobs accepted before the SIGKILL (20)")
    ap.add_argument("--job-pages", type=int, help="pages of each job, 1-8 (8; quick 2)")
    ap.add_argument("--job-limit", type=float, default=1800, help="seconds for the jobs to end after the restart")
    ap.add_argument("--soak-requests", type=int, help="10000; quick 1000")
    ap.add_argument("--soak-baseline", type=int, help="RSS baseline after this many (1000; quick 500)")
    ap.add_argument("--soak-interval", type=float, help="RSS sample period (5 s; quick 2)")
    ap.add_argument("--soak-limit", type=float, default=3600, help="give up after (s)")
    ap.add_argument("--max-drift", type=float, default=5.0)
    a = ap.parse_args()
    q = a.quick
    for k, full, quick in (("warmup", 20, 5), ("overload_seconds", 300, 30), ("drain_lead", 15, 5),
                           ("replica_seconds", 60, 20), ("soak_requests", 10000, 1000),
                           ("soak_baseline", 1000, 500), ("soak_interval", 5, 2), ("job_pages", 8, 2)):
        if getattr(a, k) is None:
            setattr(a, k, quick if q else full)
    names = [s.strip() for s in a.only.split(",") if s.strip()] or list(SCENARIOS)
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s) {unknown}; choose from {list(SCENARIOS)}")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    CLI = subprocess.run([REPO / "scripts/container.sh"], stdout=subprocess.PIPE, text=True,
                         check=True).stdout.strip()
    ensure_image(a.image)
    t_all = time.monotonic()
    print(f"faults: {CLI}, image {a.image}, {'quick' if q else 'full'}, scenarios {', '.join(names)}, "
          f"host {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    results = {}
    try:
        for s in names:
            print(f"\n== {s} [{time.monotonic() - t_all:.0f} s]", flush=True)
            t = Table(s)
            try:
                asyncio.run(SCENARIOS[s](a, t))
            except Exception as e:   # a broken scenario is a FAIL, the others still run
                t.row("error", f"{type(e).__name__}: {e}"[:300], "", False)
            finally:
                remove_all()
            results[s] = t.show()
    except KeyboardInterrupt:
        remove_all()
        raise
    finally:
        remove_all()
    summary = " ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in results.items())
    print(f"\nfaults: {summary} [{time.monotonic() - t_all:.0f} s]")
    return 0 if results and all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
