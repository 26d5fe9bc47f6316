#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/<target>/ (stdlib only).

Seeds come from this repository's fixtures: tests/data/decode (images),
tests/data/pdf (run through pdfinfo, pdftotext -bbox-layout and pdftoppm when
poppler-utils is installed; otherwise those seeds are kept as they are) and
tests/data/golden (OCR results, encoded for fuzz_render's FuzzedDataProvider
layout), plus small hand-written edge cases. Deterministic: running it again
rewrites the same files.

Run from anywhere:  python3 tests/fuzz/make_corpus.py
"""
import base64
import glob
import hashlib
import json
import os
import shutil
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "data")
CORPUS = os.path.join(HERE, "corpus")


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(*parts):
    with open(os.path.join(DATA, *parts), "rb") as f:
        return f.read()


def tool(*argv):
    """stdout of a poppler tool, or None when it is missing or fails."""
    try:
        return subprocess.run(argv, check=True, capture_output=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def reset(target):
    d = os.path.join(CORPUS, target)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)


# ---- images -------------------------------------------------------------------

def tiff_ifd_loop(self_loop=True):
    """A 1x1 8-bit gray TIFF whose IFD chain loops (to itself, or page 2 -> page 1)."""
    def ifd(next_offset):
        entries = [(256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                   (273, 4, 1, 8), (277, 3, 1, 1), (278, 3, 1, 1), (279, 4, 1, 1)]
        out = struct.pack("<H", len(entries))
        for tag, typ, count, value in entries:
            out += struct.pack("<HHI", tag, typ, count) + (struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value))
        return out + struct.pack("<I", next_offset)
    header = b"II*\x00" + struct.pack("<I", 12)
    pixel = b"\x80\x00\x00\x00"  # offset 8: the pixel, padded
    first_at = 12
    size = len(ifd(0))
    second_at = first_at + size
    if self_loop:
        return header + pixel + ifd(first_at)
    return header + pixel + ifd(second_at) + ifd(first_at)


def images():
    decode = os.path.join(DATA, "decode")
    by_format = {"jpeg": "jpeg_*.jpg", "png": "png_*.png", "webp": "webp_*.webp", "bmp": "bmp_*.bmp", "tiff": "tiff_*.tif"}
    for fmt, pattern in by_format.items():
        target = "fuzz_decode_" + fmt
        reset(target)
        for path in sorted(glob.glob(os.path.join(decode, pattern))):
            with open(path, "rb") as f:
                write(target, os.path.basename(path), f.read())
    write("fuzz_decode_tiff", "ifd_self_loop.tif", tiff_ifd_loop(True))
    write("fuzz_decode_tiff", "ifd_two_page_loop.tif", tiff_ifd_loop(False))
    write("fuzz_decode_bmp", "core_header_1x1.bmp",
          b"BM" + struct.pack("<IHHI", 26 + 4, 0, 0, 26) + struct.pack("<IHHHH", 12, 1, 1, 1, 24) + b"\x10\x20\x30\x00")

    target = "fuzz_decode_tiff_multipage"
    reset(target)
    multipage = read("decode", "tiff_multipage.tif")
    for control in (0x03, 0x01, 0x08, 0x83):  # max_frames = control % 9; 0x80: 4096-pixel pages
        write(target, "multipage_ctl%02x.tif" % control, bytes([control]) + multipage)
    write(target, "rgb_lzw_ctl04.tif", b"\x04" + read("decode", "tiff_rgb_lzw.tif"))
    write(target, "ifd_self_loop_ctl08.tif", b"\x08" + tiff_ifd_loop(True))
    write(target, "ifd_two_page_loop_ctl08.tif", b"\x08" + tiff_ifd_loop(False))


# ---- /ocr JSON and multipart ------------------------------------------------------

def requests():
    target = "fuzz_ocr_request"
    reset(target)
    png = base64.b64encode(read("decode", "png_gray.png")).decode()
    bmp = base64.b64encode(read("decode", "bmp_1.bmp")).decode()
    wrapped = "\n".join(png[i:i + 76] for i in range(0, len(png), 76))
    seeds = {
        "image.json": {"image": png},
        "image_options.json": {"image": png, "use_angle_cls": True, "det_limit_side_len": 960, "drop_score": 0.5,
                               "model": "ppocrv5"},
        "images_batch.json": {"images": [png, bmp]},
        "data_url.json": {"image": "data:image/png;base64," + png},
        "wrapped.json": {"image": wrapped},
        "unpadded.json": {"image": png.rstrip("=")},
        "both.json": {"image": png, "images": [png]},
        "bad_types.json": {"image": png, "use_angle_cls": "yes", "det_limit_side_len": 1.5, "drop_score": 2},
        "empty_batch.json": {"images": []},
        "unknown_field.json": {"image": "QUJD", "extra": {"nested": [1, 2, None]}},
    }
    for name, body in seeds.items():
        write(target, name, json.dumps(body))
    write(target, "duplicate_image.json", '{"image": "QUJD", "image": "REVG"}')
    write(target, "bare_base64.txt", png)
    write(target, "not_object.json", '["QUJD"]')

    target = "fuzz_multipart"
    reset(target)
    b = "----fuzzboundary7MA4YWxk"
    jpeg = read("decode", "jpeg_gray.jpg")

    def part(name, value, filename=None, ctype=None):
        head = 'Content-Disposition: form-data; name="%s"' % name
        if filename is not None:
            head += '; filename="%s"' % filename
        head = head.encode()
        if ctype:
            head += b"\r\nContent-Type: " + ctype.encode()
        if isinstance(value, str):
            value = value.encode()
        return b"--" + b.encode() + b"\r\n" + head + b"\r\n\r\n" + value + b"\r\n"

    def body(*parts):
        return b.encode() + b"\n" + b"".join(parts) + b"--" + b.encode() + b"--\r\n"

    write(target, "file_only", body(part("file", jpeg, "a.jpg", "image/jpeg")))
    write(target, "ocr_options", body(part("file", jpeg, "a.jpg", "image/jpeg"), part("use_angle_cls", "true"),
                                      part("det_limit_side_len", "960"), part("drop_score", "0.5")))
    write(target, "marker_fields", body(part("file", b"%PDF-1.4\n%%EOF\n", "a.pdf", "application/pdf"),
                                        part("page_range", "0,2-3"), part("force_ocr", "false"),
                                        part("paginate_output", "on"), part("output_format", "html")))
    write(target, "bad_bool", body(part("file", jpeg, "a.jpg"), part("force_ocr", "maybe")))
    write(target, "bad_format", body(part("file", jpeg, "a.jpg"), part("output_format", "docx")))
    write(target, "two_files", body(part("file", jpeg, "a.jpg"), part("file", jpeg, "b.jpg")))
    write(target, "empty_file", body(part("file", b"", "a.jpg")))
    write(target, "no_file", body(part("model", "ppocrv5")))
    write(target, "model_field", body(part("file", jpeg, "a.jpg"), part("model", "x" * 129)))
    write(target, "quoted_boundary", ('"%s"\n' % b).encode() + body(part("file", jpeg, "a.jpg"))[len(b) + 1:])


# ---- PDF glue ---------------------------------------------------------------------

PDFS = ("text_layer.pdf", "mixed.pdf", "scanned.pdf")


def pdf_tools():
    target = "fuzz_pdfinfo"
    reset(target)
    for name in PDFS:
        path = os.path.join(DATA, "pdf", name)
        report = tool("pdfinfo", "-f", "1", "-l", "10000", path)
        if report is not None:
            write(target, name + ".txt", report)
    write(target, "rotated.txt", "Title:  Pages: 9\nPages:  3\nEncrypted: yes (print:yes)\n"
          "Page    1 size:  612 x 792 pts (letter)\nPage    1 rot:   90\n"
          "Page    2 size:  595.276 x 841.89 pts (A4)\nPage    2 rot:   -270\n"
          "Page    3 size:  1e+06 x 14400 pts\nPage    3 rot:   180\n")
    write(target, "missing_size.txt", "Pages: 2\nPage    1 size:  612 x 792 pts\nPage    2 rot:   0\n")

    target = "fuzz_pdf_text_layer"
    reset(target)
    for name in PDFS:
        path = os.path.join(DATA, "pdf", name)
        xhtml = tool("pdftotext", "-bbox-layout", "-cropbox", "-enc", "UTF-8", "-f", "1", "-l", "2", path, "-")
        if xhtml is not None:
            write(target, name + ".xhtml", xhtml)
    write(target, "entities.xhtml",
          '<!-- comment --><?xml version="1.0"?><doc><page width="100" height=\'50\'>'
          '<line xMin="1" yMin="2" xMax="30" yMax="9"><word>&amp;&lt;&#x41;&#66;&#xD800;&bogus;&</word>'
          '<word>caf&#233; &#x1F600;</word><word/></line><line xMin="-1e300" yMin="0" xMax="1e300" yMax="1e39"/>'
          '</page><page width="0" height="0"/></doc>')

    target = "fuzz_ppm"
    reset(target)
    for name in PDFS:
        path = os.path.join(DATA, "pdf", name)
        ppm = tool("pdftoppm", "-r", "3", "-f", "1", "-l", "1", "-singlefile", "-cropbox", path)
        if ppm is not None:
            write(target, name + ".ppm", b"\x00" + ppm)
    write(target, "tiny.ppm", b"\x00P6\n# comment\n2 2\n255\n" + bytes(range(12)))
    write(target, "tiny_limit.ppm", b"\x01P6 9 9 255\n" + bytes(243))
    write(target, "maxval.ppm", b"\x00P6 1 1 65535\n" + bytes(6))

    target = "fuzz_page_range"
    reset(target)
    for count, spec in ((10, "0,5-9"), (10, ""), (3, " 0 , 1-2 "), (100, "5-2"), (1, "a"), (7, "0-"),
                        (1000000, "999999"), (5, "1,,2"), (2, "-1"), (50, "0-49,0-49,3")):
        write(target, "pages_%d_%s" % (count, hashlib.sha1(spec.encode()).hexdigest()[:8]),
              struct.pack("<I", count) + spec.encode())


# ---- renderers (FuzzedDataProvider layout of fuzz_render.cpp) ----------------------

class Fdp:
    """Builds bytes that LLVM's FuzzedDataProvider reads back as the given values."""

    def __init__(self):
        self.front = bytearray()  # strings, read from the start
        self.back = bytearray()   # integers, read from the end, in reading order

    def integral(self, lo, hi, value, bits=32):
        span, offset, count = hi - lo, 0, 0
        while offset < bits and (span >> offset) > 0:
            count += 1
            offset += 8
        self.back += (value - lo).to_bytes(count, "big")

    def byte(self, value):
        self.integral(0, 255, value, 8)

    def boolean(self, value):
        self.byte(1 if value else 0)

    def string(self, text, max_length):
        raw = text.encode("utf-8")[:max_length]
        self.front += raw.replace(b"\\", b"\\\\")
        if len(raw) < max_length:
            self.front += b"\\x"  # terminator: a backslash then anything but a backslash

    def data(self):
        return bytes(self.front) + bytes(reversed(self.back))


def coord(fdp, value):
    fdp.byte(0)
    fdp.integral(-256, 32767, max(-256, min(32767, int(round(value * 4)))))


def render_seed(pages):
    """pages: [(page_id, pdf_text, width, height, [(text, confidence, quad)][, orientation])]."""
    fdp = Fdp()
    fdp.integral(0, 4, len(pages), 64)
    for page_id, pdf_text, width, height, lines, *turn in pages:
        fdp.integral(0, 1000000, page_id)
        fdp.boolean(pdf_text)
        for size in (width, height):
            fdp.byte(0)
            fdp.integral(0, 8191, int(min(size, 8191)))
        fdp.boolean(bool(turn))
        if turn:
            fdp.integral(0, 3, turn[0] // 90)
        fdp.integral(0, 48, min(len(lines), 48), 64)
        for text, confidence, quad in lines[:48]:
            fdp.string(text, 96)
            fdp.boolean(False)  # no word boxes
            fdp.integral(0, 1000, int(round(confidence * 1000)))
            fdp.boolean(True)
            for x, y in quad:
                coord(fdp, x)
                coord(fdp, y)
    return fdp.data()


def renderers():
    target = "fuzz_render"
    reset(target)
    for path in sorted(glob.glob(os.path.join(DATA, "golden", "*.json"))):
        with open(path, encoding="utf-8") as f:
            results = json.load(f)["results"]
        lines = [(r["text"], r["confidence"], r["bounding_box"]) for r in results]
        xs = [p[0] for line in lines for p in line[2]] or [0]
        ys = [p[1] for line in lines for p in line[2]] or [0]
        page = (0, False, max(xs) + 40, max(ys) + 40, lines)
        write(target, os.path.basename(path).replace(".json", ".fdp"), render_seed([page]))
    two_pages = [(0, True, 612, 792, [("# Title & <b>", 1.0, [(72, 60), (300, 60), (300, 90), (72, 90)]),
                                      ("1. item * _x_ `y`", 1.0, [(72, 100), (200, 100), (200, 112), (72, 112)])]),
                 (7, False, 0, 0, [("\\escaped\\ [a](b) \x01\x7f", 0.5, [(5, 5), (50, 5), (50, 20), (5, 20)])]),
                 (8, False, 100, 400, [("turned", 0.9, [(60, 10), (80, 10), (80, 300), (60, 300)]),
                                       ("page", 0.9, [(30, 10), (50, 10), (50, 200), (30, 200)])], 90)]
    write(target, "two_pages.fdp", render_seed(two_pages))
    write(target, "empty.fdp", render_seed([]))


def main():
    images()
    requests()
    pdf_tools()
    renderers()
    total = 0
    for target in sorted(os.listdir(CORPUS)):
        files = glob.glob(os.path.join(CORPUS, target, "*"))
        size = sum(os.path.getsize(p) for p in files)
        total += size
        print("%-30s %3d files %8d bytes" % (target, len(files), size))
    print("%-30s           %8d bytes" % ("total", total))


if __name__ == "__main__":
    main()
