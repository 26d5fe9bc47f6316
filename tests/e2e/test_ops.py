"""Operations: /health, /ready, /metrics, X-Request-Id, overload (503) and deadlines (504)."""

import re
import subprocess
import threading

import requests

from e2e_util import (BIN, TIMEOUT, assert_error, b64, describe, image, metric_sum, parse_metrics, post_ocr, tiled_png)

METRICS = {
    "onnxocr_http_requests_total": "counter",
    "onnxocr_http_request_duration_seconds": "histogram",
    "onnxocr_stage_duration_seconds": "histogram",
    "onnxocr_queue_depth": "gauge",
    "onnxocr_inflight_requests": "gauge",
    "onnxocr_rejected_requests_total": "counter",
    "onnxocr_abandoned_requests_total": "counter",
}


def test_health(base_url):
    r = requests.get(base_url + "/health", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.json() == {"status": "ok"}


def test_ready(base_url):
    r = requests.get(base_url + "/ready", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert body["status"] == "ready"
    assert isinstance(body["models"], list)
    assert "ppocrv5-mobile" in body["models"], body


def get_metrics(url):
    r = requests.get(url + "/metrics", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    ctype = r.headers.get("Content-Type", "")
    assert ctype.startswith("text/plain"), ctype
    assert "version=0.0.4" in ctype, ctype
    return r.text


def test_metrics_names_and_types(base_url):
    post_ocr(base_url, {"image": b64(image("small_text.png"))})  # make sure every histogram has samples
    text = get_metrics(base_url)
    samples = parse_metrics(text)
    for name, kind in METRICS.items():
        assert re.search(rf"^# TYPE {name} {kind}$", text, re.M), f"no '# TYPE {name} {kind}' in:\n{text[:3000]}"
        assert re.search(rf"^# HELP {name} ", text, re.M), f"no HELP for {name}"
    for name in ("onnxocr_http_request_duration_seconds", "onnxocr_stage_duration_seconds"):
        buckets = [lbls for (n, lbls) in samples if n == name + "_bucket"]
        assert buckets, f"{name} has no buckets"
        assert any(dict(lbls).get("le") == "+Inf" for lbls in buckets), name
        assert any(n == name + "_sum" for (n, _) in samples) and any(n == name + "_count" for (n, _) in samples)
    route_labels = {dict(lbls).get("route") for (n, lbls) in samples if n == "onnxocr_http_requests_total"}
    assert any(r and "ocr" in r for r in route_labels), route_labels
    stages = {dict(lbls).get("stage") for (n, lbls) in samples if n == "onnxocr_stage_duration_seconds_count"}
    assert stages - {None}, "no stage label on onnxocr_stage_duration_seconds"
    for (n, lbls), _ in samples.items():
        if n == "onnxocr_http_requests_total":
            assert {"route", "status"} <= set(dict(lbls)), lbls


def test_request_counter_increases(base_url):
    before = parse_metrics(get_metrics(base_url))
    assert post_ocr(base_url, {"image": b64(image("small_text.png"))}).status_code == 200
    requests.get(base_url + "/does-not-exist", timeout=TIMEOUT)
    after = parse_metrics(get_metrics(base_url))

    def ocr_200(samples):
        return sum(v for (n, lbls), v in samples.items() if n == "onnxocr_http_requests_total"
                   and "ocr" in dict(lbls).get("route", "") and "marker" not in dict(lbls).get("route", "")
                   and dict(lbls).get("status") == "200")

    assert ocr_200(after) >= ocr_200(before) + 1
    assert metric_sum(after, "onnxocr_http_requests_total", status="404") >= \
        metric_sum(before, "onnxocr_http_requests_total", status="404") + 1
    assert metric_sum(after, "onnxocr_http_request_duration_seconds_count") > \
        metric_sum(before, "onnxocr_http_request_duration_seconds_count")


def test_request_id_echoed(base_url):
    rid = "e2e-test-0123456789"
    for r in (requests.get(base_url + "/health", headers={"X-Request-Id": rid}, timeout=TIMEOUT),
              post_ocr(base_url, {"image": b64(image("small_text.png"))}, headers={"X-Request-Id": rid}),
              requests.get(base_url + "/nope", headers={"X-Request-Id": rid}, timeout=TIMEOUT),
              post_ocr(base_url, {}, headers={"X-Request-Id": rid})):
        assert r.headers.get("X-Request-Id") == rid, describe(r)


def test_request_id_generated(base_url):
    ids = set()
    for _ in range(3):
        r = requests.get(base_url + "/health", timeout=TIMEOUT)
        rid = r.headers.get("X-Request-Id")
        assert rid and rid.isprintable() and len(rid) <= 128, rid
        ids.add(rid)
    assert len(ids) == 3, ids


def test_request_id_too_long_is_replaced(base_url):
    long_id = "x" * 129
    r = requests.get(base_url + "/health", headers={"X-Request-Id": long_id}, timeout=TIMEOUT)
    rid = r.headers.get("X-Request-Id")
    assert rid and rid != long_id and len(rid) <= 128, rid
    ok = "y" * 128
    r = requests.get(base_url + "/health", headers={"X-Request-Id": ok}, timeout=TIMEOUT)
    assert r.headers.get("X-Request-Id") == ok


# --- overload -----------------------------------------------------------------------------

def fire(url, payload, n):
    results = [None] * n
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait()
        try:
            results[i] = post_ocr(url, payload, timeout=120)
        except requests.RequestException as e:
            results[i] = e

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return results


def test_overload_gives_503_with_retry_after(start_server):
    server = start_server("--queue-size", "1", workers=1)
    payload = {"image": b64(tiled_png("en_paragraph.png", 2, 1))}
    results = fire(server.url, payload, 8)
    errors = [r for r in results if not isinstance(r, requests.Response)]
    assert not errors, errors
    statuses = [r.status_code for r in results]
    assert set(statuses) <= {200, 503}, [describe(r) for r in results if r.status_code not in (200, 503)]
    assert statuses.count(503) >= 1, statuses
    assert statuses.count(200) >= 1, statuses
    for r in results:
        if r.status_code == 503:
            assert_error(r, 503, "unavailable")
            retry = r.headers.get("Retry-After")
            assert retry is not None and retry.isdigit() and int(retry) >= 1, r.headers
        else:
            assert r.json()["results"], describe(r)
    # still healthy afterwards
    assert requests.get(server.url + "/health", timeout=TIMEOUT).status_code == 200
    assert requests.get(server.url + "/ready", timeout=TIMEOUT).status_code == 200
    assert post_ocr(server.url, {"image": b64(image("small_text.png"))}).status_code == 200
    samples = parse_metrics(get_metrics(server.url))
    assert metric_sum(samples, "onnxocr_rejected_requests_total") >= statuses.count(503)
    assert metric_sum(samples, "onnxocr_http_requests_total", status="503") >= statuses.count(503)


# --- deadline -----------------------------------------------------------------------------

def smallest_request_timeout():
    """The smallest useful --request-timeout: fractional seconds if the flag takes a float."""
    try:
        out = subprocess.run([str(BIN), "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    line = next((l for l in out.splitlines() if "--request-timeout" in l), "")
    if re.search(r"\b(INT|UINT)\b", line):
        return "1"
    return "0.01"


def test_deadline_exceeded(start_server):
    timeout = smallest_request_timeout()
    server = start_server("--request-timeout", timeout, workers=1)
    # ~4 s of work on 2 cores at det_limit_side_len 2016; far beyond a 0.01 s or 1 s deadline
    payload = {"image": b64(tiled_png("en_paragraph.png", 2, 2)), "det_limit_side_len": 2016}
    r = post_ocr(server.url, payload, timeout=120)
    assert_error(r, 504, "deadline_exceeded")
    assert requests.get(server.url + "/health", timeout=TIMEOUT).status_code == 200
    assert requests.get(server.url + "/ready", timeout=TIMEOUT).status_code == 200
