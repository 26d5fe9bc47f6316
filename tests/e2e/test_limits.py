"""Configurable limits (README "Limits"): slow senders are cut off, requests being
answered are not, and the decode and PDF limits given as flags take effect."""

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from e2e_util import (DECODE, PDF, TIMEOUT, assert_error, b64, image, metric_sum, parse_metrics, post_ocr,
                      read)


def _trickle_until_closed(sock, limit_s, step_s=0.25):
    """Sends a request header one byte per step; returns the seconds until the server
    closed the connection, or None if it was still open after limit_s."""
    header = b"POST /ocr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 4000
    start = time.monotonic()
    sock.settimeout(step_s)
    for byte in header:
        if time.monotonic() - start > limit_s:
            return None
        try:
            sock.sendall(bytes([byte]))
            if sock.recv(1) == b"":
                return time.monotonic() - start
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
    return None


def test_slow_sender_is_cut_off_and_the_server_keeps_serving(start_server):
    server = start_server("--read-timeout", "2", "--idle-timeout", "60")
    port = int(server.url.rsplit(":", 1)[1])
    socks = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
    try:
        closed_after = [_trickle_until_closed(s, limit_s=8) for s in socks[:1]]
        # The other two sent nothing after connecting: also cut (they did not deliver a request).
        for s in socks[1:]:
            s.settimeout(5)
            assert s.recv(1) == b""
    finally:
        for s in socks:
            s.close()
    assert closed_after[0] is not None, "a connection trickling its header was never closed"
    assert 1.5 <= closed_after[0] <= 5, closed_after
    r = post_ocr(server.url, {"image": b64(image("small_text.png"))})
    assert r.status_code == 200, r.text
    samples = parse_metrics(requests.get(server.url + "/metrics", timeout=TIMEOUT).text)
    assert metric_sum(samples, "onnxocr_connections_cut_total", reason="read_timeout") >= 3


def test_requests_being_answered_and_keepalive_reuse_are_not_cut(start_server):
    # One worker: the second and third batches wait in the queue well past the 1 s read timeout.
    server = start_server("--read-timeout", "1", workers=1)
    payload = {"images": [b64(image("small_text.png"))] * 3}
    sessions = [requests.Session() for _ in range(3)]
    with ThreadPoolExecutor(3) as pool:
        started = time.monotonic()
        results = list(pool.map(lambda s: s.post(server.url + "/ocr", json=payload, timeout=TIMEOUT), sessions))
        elapsed = time.monotonic() - started
    assert [r.status_code for r in results] == [200, 200, 200], [r.text[:200] for r in results]
    assert elapsed > 1.0, f"requests took {elapsed:.2f} s; the test needs them slower than the read timeout"
    # Keep-alive reuse within the limit works on the same connection.
    time.sleep(0.3)
    r = sessions[0].get(server.url + "/health", timeout=TIMEOUT)
    assert r.status_code == 200


def test_read_timeout_zero_turns_the_guard_off(start_server):
    server = start_server("--read-timeout", "0", "--idle-timeout", "60")
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        assert _trickle_until_closed(s, limit_s=2.5) is None


def test_max_total_pixels_bounds_a_multipage_tiff(start_server):
    server = start_server("--max-total-pixels", "2000")
    r = requests.post(server.url + "/ocr", files={"file": ("pages.tif", read(DECODE / "tiff_multipage.tif"))},
                      timeout=TIMEOUT)
    assert_error(r, 413, "limit_exceeded")
    assert "limit is 2000 per file" in r.json()["error"]


def test_max_jpeg_scans(start_server):
    server = start_server("--max-jpeg-scans", "2")
    r = post_ocr(server.url, {"image": b64(DECODE / "jpeg_progressive.jpg")})
    assert_error(r, 413, "limit_exceeded")
    assert "progressive scans, limit is 2" in r.json()["error"]


def _max_x(pages):
    return max(pt[0] for page in pages for line in page for pt in line["bounding_box"])


def _scanned_pdf_max_x(server):
    r = requests.post(server.url + "/ocr", files={"file": ("scanned.pdf", read(PDF / "scanned.pdf"))},
                      timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    pages = r.json()["results"]
    return _max_x(pages if pages and isinstance(pages[0], list) else [pages])


def test_pdf_dpi_sets_the_render_resolution(start_server):
    at_100 = _scanned_pdf_max_x(start_server("--pdf-dpi", "100", workers=1))
    at_200 = _scanned_pdf_max_x(start_server(workers=1))
    # Letter is 850 px wide at 100 DPI, 1700 px at the default 200.
    assert 400 < at_100 <= 850 < at_200 <= 1700
    assert 0.4 < at_100 / at_200 < 0.6


@pytest.mark.parametrize("flag,value", [("--pdf-dpi", "20"), ("--pdf-max-side", "100000"),
                                        ("--tool-timeout", "0"), ("--read-timeout", "-1"),
                                        ("--max-total-pixels", "0"), ("--max-jpeg-scans", "0"),
                                        ("--max-png-chunk-bytes", "10"), ("--max-png-chunks", "0")])
def test_bad_limit_flags_exit_2(start_server, flag, value):
    server = start_server(flag, value, wait=False)
    assert server.wait_exit(30) == 2
    assert flag in server.stderr()
