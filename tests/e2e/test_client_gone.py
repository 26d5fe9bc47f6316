"""Work for a client that has gone is dropped: at dequeue, and between pages.

A client that closes its connection before the answer has nobody to read it;
the server notices (the kernel reports the connection closed), answers 499
into the void, spends no more cores on it, and counts it in
onnxocr_abandoned_requests_total{at="queue"|"work"}."""

import json
import socket
import time

import requests

from e2e_util import b64, describe, image, metric_sum, parse_metrics, post_ocr, tiled_png
from test_lifecycle import start_slow_request, wait_inflight


def send_and_close(url, payload):
    """POSTs `payload` as JSON on a raw connection, then closes it without reading."""
    host, port = url.removeprefix("http://").split(":")
    body = json.dumps(payload).encode()
    head = (f"POST /ocr HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(head + body)
    return sock


def metrics(url):
    return parse_metrics(requests.get(url + "/metrics", timeout=10).text)


def wait_for_metric(url, name, value, timeout=60, at_least=False, **labels):
    """Waits until the metric (summed over `labels`) equals `value` (or reaches it, with `at_least`)."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = metric_sum(metrics(url), name, **labels)
        if seen == value or (at_least and seen is not None and seen >= value):
            return
        time.sleep(0.05)
    raise AssertionError(f"{name}{labels} stayed at {seen}, expected {'at least ' if at_least else ''}{value}")


def test_a_queued_request_whose_client_left_is_never_run(start_server):
    server = start_server(workers=1)
    assert metric_sum(metrics(server.url), "onnxocr_abandoned_requests_total", at="queue") == 0
    thread, holder = start_slow_request(server.url)  # holds the one worker for seconds
    assert wait_inflight(server.url), "the slow request never showed as in flight"
    sock = send_and_close(server.url, {"image": b64(image("small_text.png"))})
    wait_for_metric(server.url, "onnxocr_queue_depth", 1, timeout=10)
    sock.close()  # gone before a worker was free
    thread.join(120)
    assert holder["response"].status_code == 200, describe(holder["response"])
    wait_for_metric(server.url, "onnxocr_abandoned_requests_total", 1, timeout=20, at="queue")
    samples = metrics(server.url)
    assert metric_sum(samples, "onnxocr_abandoned_requests_total", at="work") == 0
    # Only the slow request was recognised: the abandoned one never reached a stage.
    assert metric_sum(samples, "onnxocr_stage_duration_seconds_count", stage="det") == 1
    r = post_ocr(server.url, {"image": b64(image("small_text.png"))})
    assert r.status_code == 200, describe(r)


def test_a_batch_stops_between_images_once_its_client_has_left(start_server):
    server = start_server(workers=1)
    heavy = b64(tiled_png("en_paragraph.png", 2, 2))
    images = 12
    sock = send_and_close(server.url, {"images": [heavy] * images, "det_limit_side_len": 2016})
    # Leave once the first image has been recognised. Pages of one request run
    # on every core, so two identical images may finish within one poll.
    wait_for_metric(server.url, "onnxocr_stage_duration_seconds_count", 1, timeout=60, at_least=True, stage="det")
    sock.close()
    wait_for_metric(server.url, "onnxocr_abandoned_requests_total", 1, timeout=60, at="work")
    wait_for_metric(server.url, "onnxocr_inflight_requests", 0, timeout=60)
    pages = metric_sum(metrics(server.url), "onnxocr_stage_duration_seconds_count", stage="det")
    assert 1 <= pages < images, f"{pages} of {images} images were recognised for a client that had left"
    r = post_ocr(server.url, {"image": b64(image("small_text.png"))})
    assert r.status_code == 200, describe(r)
