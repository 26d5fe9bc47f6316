#!/usr/bin/env python3
"""Tables and plot for bench/run.sh results (stdlib; matplotlib for the plot).

  report.py table DIR          write DIR/table.md (also printed), DIR/agreement.json,
                               DIR/throughput.png (if matplotlib is importable)
  report.py saturation DIR/runs/LABEL
                               print the saturating concurrency of a sweep
  report.py cpusets LIST       print the scaling cpusets for a CPU list, one a line
                               ("0-3" -> "0", "0-1", "0-3"; first 1, 2, 4, ... CPUs, then all)

Layout of DIR (written by run.sh and loadgen.py):
  meta.json                 run configuration and host facts
  servers.jsonl             one object per row set: label, status (ok|skipped|failed), reason, ...
  runs/LABEL/cN.json        closed-loop sweep, concurrency N
  texts/LABEL.json          one pass over the images, line texts and boxes
  scaling/CPUSET/cN.json    our server alone on cpuset CPUSET
  overload/cN.json          our server past saturation
  peers/LABEL-freeze.txt    pip freeze of a peer image
"""
import glob
import json
import math
import os
import re
import sys

from loadgen import cpulist  # one CPU-list parser for the load generator and the report

SAT_FRACTION = 0.95   # saturating concurrency: smallest reaching 95% of the sweep's best
OVERLOAD_503_TARGET_MS = 50.0


def load_json(p):
    with open(p) as f:
        return json.load(f)


def fmt_cpulist(cpus):
    cpus = sorted(cpus)
    parts, i = [], 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        parts.append(str(cpus[i]) if i == j else f"{cpus[i]}-{cpus[j]}")
        i = j + 1
    return ",".join(parts)


def scaling_cpusets(s):
    cpus = cpulist(s)
    sets, n = [], 1
    while n < len(cpus):
        sets.append(fmt_cpulist(cpus[:n]))
        n *= 2
    sets.append(fmt_cpulist(cpus))
    return sets


def sweep(d):
    """{concurrency: result} for a directory of cN.json files."""
    out = {}
    for p in glob.glob(os.path.join(d, "c*.json")):
        m = re.match(r"c(\d+)\.json$", os.path.basename(p))
        if m:
            out[int(m.group(1))] = load_json(p)
    return dict(sorted(out.items()))


def saturation(runs):
    if not runs:
        return None
    best = max(r["throughput_ips"] for r in runs.values())
    for c, r in runs.items():
        if r["throughput_ips"] >= SAT_FRACTION * best:
            return c
    return max(runs)


def f(v, nd=1):
    if v is None:
        return "–"
    if isinstance(v, float) and math.isnan(v):
        return "–"
    return f"{v:.{nd}f}"


# ---------------------------------------------------------------------------
# text agreement

def _center(box):
    try:
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        return sum(xs) / len(xs), sum(ys) / len(ys), min(ys), min(xs)
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        return 0.0, 0.0, 0.0, 0.0


def _sorted_lines(lines):
    """Lines by box position: top edge (in bands of 10 px), then left edge."""
    return sorted(lines, key=lambda ln: (round(_center(ln["box"])[2] / 10), _center(ln["box"])[3]))


def agreement(ours, other):
    """Share of our lines whose exact text the other server also produced.

    Per image, lines of both are sorted by box position; each of our lines takes the
    nearest (box centre) still-unmatched line of the other with identical text
    (surrounding whitespace ignored)."""
    total = matched = 0
    per_image = {}
    for name, e in ours["images"].items():
        a = _sorted_lines(e.get("lines", []))
        b = _sorted_lines(other["images"].get(name, {}).get("lines", []))
        used = [False] * len(b)
        miss = []
        m = 0
        for ln in a:
            cx, cy, _, _ = _center(ln["box"])
            best, bd = None, None
            for j, o in enumerate(b):
                if used[j] or o["text"].strip() != ln["text"].strip():
                    continue
                ox, oy, _, _ = _center(o["box"])
                dist = (ox - cx) ** 2 + (oy - cy) ** 2
                if bd is None or dist < bd:
                    best, bd = j, dist
            if best is None:
                miss.append(ln["text"])
            else:
                used[best] = True
                m += 1
        total += len(a)
        matched += m
        per_image[name] = {"ours": len(a), "other": len(b), "matched": m,
                           "unmatched_ours": miss,
                           "unmatched_other": [o["text"] for j, o in enumerate(b) if not used[j]]}
    return total, matched, per_image


# ---------------------------------------------------------------------------

def read_servers(d):
    rows = []
    p = os.path.join(d, "servers.jsonl")
    if os.path.exists(p):
        with open(p) as fh:
            for line in fh:
                if line.strip():
                    rows.append(json.loads(line))
    return rows


def table(d):
    meta = load_json(os.path.join(d, "meta.json")) if os.path.exists(os.path.join(d, "meta.json")) else {}
    servers = read_servers(d)
    labels = [s["label"] for s in servers if s.get("status") == "ok"]
    runs = {lb: sweep(os.path.join(d, "runs", lb)) for lb in labels}
    runs = {k: v for k, v in runs.items() if v}
    concs = sorted({c for r in runs.values() for c in r})
    out = []
    w = out.append

    w(f"# OCR HTTP benchmark ({meta.get('started', '?')})")
    w("")
    w(f"Host: {meta.get('cpu_model', '?')}, {meta.get('nproc', '?')} CPUs; every server in a "
      f"{meta.get('container_cli', 'podman')} container on cpuset `{meta.get('cpus', '?')}` "
      f"({meta.get('ncpus', '?')} CPUs), `--memory {meta.get('memory', '?')}`, host network. "
      f"Closed loop, keep-alive, {meta.get('duration', '?')} s per step after "
      f"{meta.get('warmup', '?')} s warm-up; images: the {meta.get('n_images', '?')} in "
      f"`tests/data/images/`, cycled. Load generator on the same host, unpinned.")
    w("")
    for s in servers:
        extra = f" — {s['desc']}" if s.get("desc") else ""
        ver = f" ({s['versions']})" if s.get("versions") else ""
        st = "" if s.get("status") == "ok" else f" **{s.get('status')}**: {s.get('reason', '')}"
        w(f"- `{s['label']}`{ver}{extra}{st}")
    w("")

    if runs:
        w("## Throughput (images/s) by concurrency")
        w("")
        w("| server | " + " | ".join(f"c={c}" for c in concs) + " | peak | sat. c |")
        w("|---|" + "---:|" * (len(concs) + 2))
        for lb, r in runs.items():
            cells = [f(r[c]["throughput_ips"], 2) if c in r else "–" for c in concs]
            peak = max(x["throughput_ips"] for x in r.values())
            w(f"| {lb} | " + " | ".join(cells) + f" | {f(peak, 2)} | {saturation(r)} |")
        w("")
        w("## Per step")
        w("")
        w("Latency of successful (200) requests; 503 = rejected with Retry-After (the client "
          f"pauses {meta.get('retry_pause_ms', 50)} ms on that connection, then sends the next); "
          "errors = anything else (connection errors, timeouts, other statuses). CPU = cgroup "
          "CPU time in the window / (window x CPUs in the cpuset). RSS = peak over 100 ms samples "
          "of the summed VmRSS of the container's processes.")
        w("")
        w("| server | c | img/s | p50 ms | p95 ms | p99 ms | 503 n | 503 p99 ms | errors | CPU % | peak RSS MiB |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for lb, r in runs.items():
            for c, x in r.items():
                lo, l5 = x["latency_ok"], x["latency_503"]
                cpu = x.get("cpu_util")
                w(f"| {lb} | {c} | {f(x['throughput_ips'], 2)} | {f(lo.get('p50_ms'), 0)} | "
                  f"{f(lo.get('p95_ms'), 0)} | {f(lo.get('p99_ms'), 0)} | {x['n503']} | "
                  f"{f(l5.get('p99_ms'), 1)} | {x['errors']} | "
                  f"{f(cpu * 100 if cpu is not None else None, 0)} | {f(x.get('rss_peak_mib'), 0)} |")
        w("")

    # in-process figures (a library peer measured without HTTP)
    direct = [load_json(os.path.join(d, "peers", n)) for n in sorted(os.listdir(os.path.join(d, "peers")))
              if n.endswith("-direct.json") and os.path.getsize(os.path.join(d, "peers", n))] \
        if os.path.isdir(os.path.join(d, "peers")) else []
    if direct:
        w("## In-process (no HTTP)")
        w("")
        w("A library peer called directly in one process, one image at a time, same image "
          "set, cpuset and memory limit as the servers above.")
        w("")
        w("| program | images | seconds | img/s |")
        w("|---|---:|---:|---:|")
        for x in direct:
            w(f"| {x['label']} | {x['images']} | {f(x['seconds'], 1)} | {f(x['throughput_ips'], 2)} |")
        w("")

    # text agreement
    tdir = os.path.join(d, "texts")
    agree = {}
    if os.path.exists(os.path.join(tdir, "ours.json")):
        ours = load_json(os.path.join(tdir, "ours.json"))
        rows = []
        for lb in [s["label"] for s in servers]:
            p = os.path.join(tdir, f"{lb}.json")
            if lb == "ours" or not os.path.exists(p):
                continue
            total, matched, per = agreement(ours, load_json(p))
            agree[lb] = {"our_lines": total, "matched": matched, "per_image": per}
            rows.append((lb, total, matched))
        if rows:
            w("## Text agreement with ours")
            w("")
            w("Each image once through each server; per image, lines sorted by box position and "
              "matched one to one on identical text (nearest box centre). Share of our lines "
              "(`ours`) that the other server produced exactly.")
            w("")
            w("| server | our lines | matched exactly | % |")
            w("|---|---:|---:|---:|")
            for lb, total, matched in rows:
                w(f"| {lb} | {total} | {matched} | {f(100.0 * matched / total if total else None, 1)} |")
            w("")
    with open(os.path.join(d, "agreement.json"), "w") as fh:
        json.dump(agree, fh, ensure_ascii=False, indent=1)

    # scaling
    sdir = os.path.join(d, "scaling")
    if os.path.isdir(sdir):
        rows = []
        for cs in meta.get("scaling_cpusets", sorted(os.listdir(sdir))):
            r = sweep(os.path.join(sdir, cs))
            if not r:
                continue
            c, best = max(r.items(), key=lambda kv: kv[1]["throughput_ips"])
            rows.append((cs, len(cpulist(cs)), c, best["throughput_ips"], best.get("cpu_util")))
        if rows:
            one = next((t for (_, n, _, t, _) in rows if n == 1), None)
            w("## Scaling of ours (parallel efficiency)")
            w("")
            w("Our server alone on each cpuset, at its saturating concurrency (best of the "
              "concurrencies tried: n and 2n, or the main sweep for the full cpuset). "
              "Efficiency = throughput(n) / (n x throughput(1 CPU)).")
            w("")
            w("| cpuset | CPUs | c | img/s | efficiency | CPU % |")
            w("|---|---:|---:|---:|---:|---:|")
            for cs, n, c, t, cpu in rows:
                eff = t / (n * one) if one else None
                w(f"| `{cs}` | {n} | {c} | {f(t, 2)} | {f(eff, 2)} | "
                  f"{f(cpu * 100 if cpu is not None else None, 0)} |")
            w("")

    # overload
    odir = os.path.join(d, "overload")
    orun = sweep(odir) if os.path.isdir(odir) else {}
    if orun and runs.get("ours"):
        peak = max(x["throughput_ips"] for x in runs["ours"].values())
        sat = saturation(runs["ours"])
        w("## Past saturation (ours)")
        w("")
        w(f"Saturating concurrency {sat} (smallest reaching {int(SAT_FRACTION * 100)}% of the "
          f"sweep's best, {f(peak, 2)} img/s). 503 target: p99 < {OVERLOAD_503_TARGET_MS:.0f} ms.")
        w("")
        w("| c | x sat | img/s | % of peak | p50 ms | p99 ms | p99/p50 | 503 n | 503 p99 ms | 503 target | errors |")
        w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
        for c, x in orun.items():
            lo, l5 = x["latency_ok"], x["latency_503"]
            ratio = (lo["p99_ms"] / lo["p50_ms"]) if lo.get("p50_ms") else None
            p503 = l5.get("p99_ms")
            ok = "–" if p503 is None else ("met" if p503 < OVERLOAD_503_TARGET_MS else "**missed**")
            w(f"| {c} | {f(c / sat, 0) if sat else '–'} | {f(x['throughput_ips'], 2)} | "
              f"{f(100 * x['throughput_ips'] / peak if peak else None, 0)} | "
              f"{f(lo.get('p50_ms'), 0)} | {f(lo.get('p99_ms'), 0)} | {f(ratio, 2)} | "
              f"{x['n503']} | {f(p503, 1)} | {ok} | {x['errors']} |")
        w("")

    text = "\n".join(out) + "\n"
    with open(os.path.join(d, "table.md"), "w") as fh:
        fh.write(text)
    sys.stdout.write(text)
    plot(d, runs)


def plot(d, runs):
    if not runs:
        return
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report.py: matplotlib not importable; no throughput.png", file=sys.stderr)
        return
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8))
    for lb, r in runs.items():
        cs = list(r)
        a1.plot(cs, [r[c]["throughput_ips"] for c in cs], marker="o", label=lb)
        p99 = [r[c]["latency_ok"].get("p99_ms") for c in cs]
        a2.plot([c for c, v in zip(cs, p99) if v is not None],
                [v for v in p99 if v is not None], marker="o", label=lb)
    for a in (a1, a2):
        a.set_xscale("log", base=2)
        a.set_xlabel("concurrent connections")
        a.grid(True, which="both", alpha=0.3)
        allc = sorted({c for r in runs.values() for c in r})
        a.set_xticks(allc)
        a.set_xticklabels([str(c) for c in allc])
    a1.set_ylabel("images/s")
    a1.set_ylim(bottom=0)
    a1.set_title("Throughput")
    a2.set_ylabel("p99 latency of 200s (ms)")
    a2.set_yscale("log")
    a2.set_title("p99 latency")
    a1.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(d, "throughput.png"), dpi=110)
    print(f"report.py: wrote {os.path.join(d, 'throughput.png')}", file=sys.stderr)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, arg = sys.argv[1], sys.argv[2]
    if cmd == "table":
        table(arg)
    elif cmd == "saturation":
        s = saturation(sweep(arg))
        if s is None:
            sys.exit(1)
        print(s)
    elif cmd == "cpusets":
        print("\n".join(scaling_cpusets(arg)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
