"""Shared helpers for the HTTP end-to-end suite (standard library + requests only)."""

import base64
import difflib
import functools
import importlib.util
import json
import os
import struct
import zlib
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
# tools/parity/cer.py, loaded by path so its folder does not shadow other modules.
_spec = importlib.util.spec_from_file_location("parity_cer", REPO / "tools" / "parity" / "cer.py")
parity_cer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity_cer)
BIN = Path(os.environ.get("ONNXOCR_BIN", REPO / "build" / "release" / "onnxocr-server"))
IMAGES = REPO / "tests" / "data" / "images"
GOLDEN = REPO / "tests" / "data" / "golden"
DECODE = REPO / "tests" / "data" / "decode"
PDF = REPO / "tests" / "data" / "pdf"

TIMEOUT = 60  # seconds, every HTTP call
ERROR_CODES = {"malformed_request", "corrupt_input", "not_found", "method_not_allowed", "conflict", "limit_exceeded",
               "unsupported_format", "invalid_argument", "unavailable", "deadline_exceeded", "internal",
               "model_error"}


def read(path):
    return Path(path).read_bytes()


def b64(path_or_bytes):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else read(path_or_bytes)
    return base64.b64encode(data).decode("ascii")


def image(name):
    return IMAGES / name


def golden(name):
    return json.loads((GOLDEN / f"{name}.json").read_text())


def cer(want_lines, got_lines):
    """Character error rate, whitespace removed: tools/parity/cer.py's measure."""
    want = parity_cer.normalise(want_lines, keep_spaces=False)
    return parity_cer.levenshtein(want, parity_cer.normalise(got_lines, keep_spaces=False)) / max(1, len(want))


def gt_lines(path):
    return [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def post_ocr(base_url, payload, **kw):
    kw.setdefault("timeout", TIMEOUT)
    return requests.post(base_url + "/ocr", json=payload, **kw)


def describe(r):
    return f"{r.request.method} {r.url} -> {r.status_code} {r.headers.get('Content-Type')}: {r.text[:500]!r}"


def ok_json(r):
    assert r.status_code == 200, describe(r)
    return r.json()


def assert_error(r, status, code):
    """An error response per docs/http-api.md: status, JSON {"error": str, "code": str}."""
    assert r.status_code == status, describe(r)
    try:
        body = r.json()
    except ValueError:
        raise AssertionError(f"error body is not JSON: {describe(r)}")
    assert isinstance(body, dict), describe(r)
    assert isinstance(body.get("error"), str) and body["error"], describe(r)
    codes = {code} if isinstance(code, str) else set(code)
    assert body.get("code") in codes, f"expected code {sorted(codes)}: {describe(r)}"
    assert r.headers.get("X-Request-Id"), f"no X-Request-Id on error response: {describe(r)}"
    return body


def assert_line(item):
    """One OnnxOCR result line, field by field."""
    assert isinstance(item, dict), item
    assert set(item) == {"text", "confidence", "bounding_box"}, item
    assert isinstance(item["text"], str), item
    assert isinstance(item["confidence"], float), item
    assert 0.0 <= item["confidence"] <= 1.0, item
    box = item["bounding_box"]
    assert isinstance(box, list) and len(box) == 4, item
    for corner in box:
        assert isinstance(corner, list) and len(corner) == 2, item
        assert all(isinstance(v, float) for v in corner), f"corners must be floats: {item}"


def assert_lines(lines):
    assert isinstance(lines, list), lines
    for item in lines:
        assert_line(item)


def assert_single_response(body):
    assert isinstance(body, dict), body
    assert isinstance(body.get("processing_time"), float), body
    assert body["processing_time"] >= 0, body
    assert isinstance(body.get("results"), list), body
    assert_lines(body["results"])
    return body["results"]


def assert_paged_response(body):
    """results as a list of pages (list of lists)."""
    assert isinstance(body, dict), body
    assert isinstance(body.get("processing_time"), float), body
    assert body["processing_time"] >= 0, body
    pages = body.get("results")
    assert isinstance(pages, list), body
    for page in pages:
        assert_lines(page)
    return pages


def texts(lines):
    return [item["text"] for item in lines]


def assert_matches_golden(lines, name, px=2.0, conf=0.01):
    ref = golden(name)["results"]
    assert texts(lines) == texts(ref)
    for got, want in zip(lines, ref):
        for (gx, gy), (wx, wy) in zip(got["bounding_box"], want["bounding_box"]):
            assert abs(gx - wx) <= px and abs(gy - wy) <= px, (got, want)
        assert abs(got["confidence"] - want["confidence"]) <= conf, (got, want)


def normalise(text):
    return " ".join(text.split())


def pdf_or_skip(name):
    if not PDF.is_dir():
        pytest.skip(f"PDF fixtures not present ({PDF} is missing)")
    path = PDF / name
    if not path.exists():
        pytest.skip(f"PDF fixture {path} is missing")
    return path


def text_layer_pages():
    """text_layer.gt.txt: the lines of each page, pages separated by a blank line."""
    text = (PDF / "text_layer.gt.txt").read_text(encoding="utf-8")
    return [[line for line in block.splitlines() if line.strip()] for block in text.strip().split("\n\n")]


def similar(got_lines, want_lines, threshold=0.9):
    got, want = normalise(" ".join(got_lines)), normalise(" ".join(want_lines))
    ratio = difflib.SequenceMatcher(None, got, want).ratio()
    assert ratio > threshold, f"similarity {ratio:.3f}\ngot:  {got!r}\nwant: {want!r}"


# --- pure-Python PNG tools (no Pillow in the CI container) -----------------------------

def _chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def decode_png_rgb8(data):
    """Decode a non-interlaced 8-bit grey/RGB PNG into (width, height, bpp, rows)."""
    ihdr = None
    idat = b""
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    width, height, depth, ctype, _, _, interlace = ihdr
    assert depth == 8 and ctype in (0, 2) and interlace == 0, ihdr
    bpp = 3 if ctype == 2 else 1
    stride = width * bpp
    raw = zlib.decompress(idat)
    rows = []
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def encode_png(width, height, bpp, rows):
    ctype = 2 if bpp == 3 else 0

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, ctype, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


@functools.lru_cache(maxsize=None)
def turned_png(path, turn_cw):
    """The 8-bit grey or RGB PNG at `path` turned `turn_cw` degrees clockwise (pure Python, lossless)."""
    width, height, bpp, rows = decode_png_rgb8(read(path))
    pixels = [rows[y][bpp * x:bpp * x + bpp] for y in range(height) for x in range(width)]

    def at(x, y):
        return pixels[y * width + x]

    if turn_cw == 0:
        return encode_png(width, height, bpp, rows)
    if turn_cw == 180:
        out = [b"".join(at(width - 1 - x, height - 1 - y) for x in range(width)) for y in range(height)]
        return encode_png(width, height, bpp, out)
    # Turned 90 clockwise, the new pixel (x, y) shows the old (y, H-1-x); turned 270, the old (W-1-y, x).
    if turn_cw == 90:
        out = [b"".join(at(y, height - 1 - x) for x in range(height)) for y in range(width)]
    else:
        out = [b"".join(at(width - 1 - y, x) for x in range(height)) for y in range(width)]
    return encode_png(height, width, bpp, out)


def size_of(png):
    width, height, _, _ = decode_png_rgb8(png)
    return width, height


@functools.lru_cache(maxsize=None)
def tiled_png(name="en_paragraph.png", nx=3, ny=3):
    """A large PNG with lots of text: `name` tiled nx x ny (slow to OCR on purpose)."""
    width, height, bpp, rows = decode_png_rgb8(read(image(name)))
    tiled = [row * nx for row in rows] * ny
    return encode_png(width * nx, height * ny, bpp, tiled)


def png_header_only(width, height):
    """A PNG whose IHDR declares width x height, with one tiny (invalid-size) IDAT."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


# --- Prometheus text ----------------------------------------------------------------------

def parse_metrics(text):
    """{(name, frozenset(labels.items())): value} for every sample line."""
    import re
    samples = {}
    pattern = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$')
    label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = pattern.match(line)
        assert m, f"not a Prometheus sample line: {line!r}"
        labels = frozenset(label_re.findall(m.group(3) or ""))
        value = float(m.group(4))
        samples[(m.group(1), labels)] = value
    return samples


def metric_sum(samples, name, **labels):
    total = 0.0
    for (n, lbls), value in samples.items():
        if n != name:
            continue
        d = dict(lbls)
        if all(d.get(k) == v for k, v in labels.items()):
            total += value
    return total
