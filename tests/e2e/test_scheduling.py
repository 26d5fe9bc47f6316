"""Topology-aware scheduling as seen from outside: the start-up plan, CPU pinning
flags, per-node metrics, adaptive lending and --mode fast."""
import os
import re
import threading

import pytest
import requests

from e2e_util import TIMEOUT, b64, golden, image, parse_metrics, post_ocr, texts


def first_cpu():
    return sorted(os.sched_getaffinity(0))[0]


def test_startup_logs_topology_and_plan(start_server):
    server = start_server("--cpu-list", str(first_cpu()), workers=0)
    log = server.stderr()
    assert re.search(r"cpu: \d+ packages?, \d+ NUMA nodes?, \d+ cores?, \d+ hardware threads", log), log
    assert re.search(rf"plan: 1 pool: node \d+ \(cpus {first_cpu()}, 1 core, 1 workers x 1 thread\)", log), log


def test_bad_cpu_list_fails_at_startup(start_server):
    server = start_server("--cpu-list", "4000-4001", wait=False)
    assert server.wait_exit(30) == 2
    assert "--cpu-list 4000-4001 names no CPU this process may use" in server.stderr()


@pytest.mark.parametrize("flag,value", [("--numa", "maybe"), ("--adaptive", "1"), ("--mode", "turbo"),
                                        ("--cpu-list", "3-1"), ("--threads-per-worker", "-1")])
def test_bad_scheduling_flags_exit_2(start_server, flag, value):
    server = start_server(flag, value, wait=False)
    assert server.wait_exit(30) == 2
    assert flag in server.stderr()


def test_node_metrics_and_queue_wait(start_server):
    server = start_server(workers=1)
    r = post_ocr(server.url, {"image": b64(image("en_paragraph.png"))})
    assert r.status_code == 200
    samples = parse_metrics(requests.get(server.url + "/metrics", timeout=TIMEOUT).text)
    workers = {dict(l)["node"]: v for (n, l), v in samples.items() if n == "onnxocr_node_workers"}
    cores = {dict(l)["node"]: v for (n, l), v in samples.items() if n == "onnxocr_node_cores"}
    assert sum(workers.values()) == 1
    assert sum(cores.values()) >= 1
    assert set(workers) == set(cores)
    assert any(n == "onnxocr_node_queue_depth" for n, _ in samples)
    assert any(n == "onnxocr_node_busy_workers" for n, _ in samples)
    assert samples[("onnxocr_queue_wait_seconds_count", frozenset())] >= 1


@pytest.mark.parametrize("adaptive", ["on", "off"])
def test_adaptive_on_and_off_give_the_reference_output(start_server, adaptive):
    server = start_server("--adaptive", adaptive, workers=1)
    r = post_ocr(server.url, {"image": b64(image("en_paragraph.png"))})
    assert r.status_code == 200
    assert texts(r.json()["results"]) == texts(golden("en_paragraph")["results"])


def test_concurrent_requests_with_more_workers_than_cores(start_server):
    cores = len(os.sched_getaffinity(0))
    server = start_server("--queue-size", "64", workers=cores * 3)
    payload = {"image": b64(image("small_text.png"))}
    want = texts(golden("small_text")["results"])
    results = []

    def one():
        results.append(post_ocr(server.url, payload))

    threads = [threading.Thread(target=one) for _ in range(cores * 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200] * len(threads)
    assert all(texts(r.json()["results"]) == want for r in results)


def test_fast_mode_serves_and_mostly_agrees(start_server):
    server = start_server("--mode", "fast", workers=1)
    r = post_ocr(server.url, {"image": b64(image("receipt_two_column.png"))})
    assert r.status_code == 200
    got = texts(r.json()["results"])
    want = texts(golden("receipt_two_column")["results"])
    assert len(got) == len(want)
    same = sum(a == b for a, b in zip(got, want))
    assert same >= 0.9 * len(want), (got, want)
