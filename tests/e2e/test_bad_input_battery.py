"""Bad-input battery (issue 7, item 4): hostile, broken and odd inputs, each one answered
with the right status and error body (docs/http-api.md), and the next good request still
succeeds.

Every input is generated here at test time by small pure-Python writers (PNG via zlib,
baseline and progressive JPEG, TIFF, WebP lossless and PDF by hand): no Pillow, no numpy,
no fixture files. The one real image used is tests/data/images/small_text.png (its first
text line), both as the "good request" and as the picture inside the valid-but-odd
variants (CMYK JPEG, EXIF-rotated JPEG, 16-bit/palette/alpha PNG).

Each case is one parametrized test: it sends the case, then a good request to the same
server, and asserts both (the good request is sent even when the case's answer is wrong, so
a case that leaves the server broken is reported as such). Cases for limits that need their
own flags (--max-body-bytes) run against a module-scoped server of their own, which is
skipped with ONNXOCR_E2E_URL.

Where the server answers wrongly today, the case still asserts the right answer and is marked
xfail(strict=True) with the actual answer and its cause as the reason; only the case's own
answer may fail that way (a server that fails the good request afterwards is a plain failure).

About 75 s on 2 cores, 30 s of it the 8 GiB PDF flate bomb (pdftoppm's 30 s limit).
"""

import base64
import functools
import json
import math
import socket
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

import pytest
import requests

import conftest
from e2e_util import (ERROR_CODES, TIMEOUT, assert_single_response, decode_png_rgb8, describe, image, normalise,
                      read, texts)

MAX_BODY_BYTES = 20000  # --max-body-bytes of the small-limit server
CASE_SECONDS = 20  # every case must be answered within this (hostile inputs are not allowed to hang a worker)


# ==========================================================================================
# Pixels: the first line of small_text.png (~12 px text), as 8-bit grey rows
# ==========================================================================================

@functools.lru_cache(maxsize=None)
def text_gray():
    """(width, height, rows): grey rows (bytes) of the first text line of small_text.png."""
    width, height, bpp, rows = decode_png_rgb8(read(image("small_text.png")))
    rows = rows[28:62]  # the line at y 40-54 (golden box), clear of the next (65-78): one line, OCR ~0.1 s
    if bpp == 3:
        rows = [bytes(row[0::3]) for row in rows]
    return width, len(rows), rows


def rotate_cw(width, height, rows):
    """Rotate grey rows 90 degrees clockwise -> (new_width, new_height, rows)."""
    return height, width, [bytes(rows[height - 1 - x][y] for x in range(height)) for y in range(width)]


def rotate_ccw(width, height, rows):
    return height, width, [bytes(rows[x][width - 1 - y] for x in range(height)) for y in range(width)]


# ==========================================================================================
# PNG
# ==========================================================================================

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(width, height, raw_rows, *, depth=8, ctype=0, extra_chunks=(), idat=None, plte=None):
    """A PNG from raw (unfiltered) scanlines; filter type 0 is prepended to each row."""
    ihdr = struct.pack(">IIBBBBB", width, height, depth, ctype, 0, 0, 0)
    if idat is None:
        idat = zlib.compress(b"".join(b"\x00" + row for row in raw_rows), 9)
    chunks = [png_chunk(b"IHDR", ihdr)]
    if plte is not None:
        chunks.append(png_chunk(b"PLTE", plte))
    chunks.extend(extra_chunks)
    chunks += [png_chunk(b"IDAT", idat), png_chunk(b"IEND", b"")]
    return PNG_SIGNATURE + b"".join(chunks)


@functools.lru_cache(maxsize=None)
def text_png():
    width, height, rows = text_gray()
    return png(width, height, rows)


def png_gray16():
    width, height, rows = text_gray()
    return png(width, height, [bytes(b for v in row for b in (v, v)) for row in rows], depth=16)


def png_palette():
    width, height, rows = text_gray()
    palette = b"".join(bytes((v, v, v)) for v in range(256))
    return png(width, height, rows, ctype=3, plte=palette)


def png_rgba_half_transparent():
    """RGBA, the text in RGB and alpha 128 everywhere: alpha is dropped, as OpenCV does."""
    width, height, rows = text_gray()
    return png(width, height, [bytes(b for v in row for b in (v, v, v, 128)) for row in rows], ctype=6)


def png_header_claiming(width, height):
    """IHDR claims width x height RGB; the IDAT holds 64 bytes (a decompression bomb's header)."""
    return png(width, height, [], ctype=2, idat=zlib.compress(b"\x00" * 64))


def png_wide_real(width=100000):
    """A real width x 1 grey image (every byte present): extreme aspect ratio."""
    return png(width, 1, [b"\xff" * width])


def png_bad_crc():
    data = bytearray(text_png())
    pos = data.index(b"IDAT") - 4
    length = struct.unpack(">I", data[pos:pos + 4])[0]
    data[pos + 8 + length] ^= 0xFF  # first CRC byte of IDAT
    return bytes(data)


def png_bad_zlib():
    width, height, _ = text_gray()
    return png(width, height, [], idat=b"\x78\x9c" + b"\xde\xad\xbe\xef" * 64)


def png_huge_chunk_length():
    """After IHDR, a chunk claiming 0x7FFFFFFF bytes (the largest legal length), then EOF."""
    width, height, _ = text_gray()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return PNG_SIGNATURE + png_chunk(b"IHDR", ihdr) + struct.pack(">I", 0x7FFFFFFF) + b"tEXt" + b"A" * 100


# ==========================================================================================
# zlib streams that inflate to N zero bytes, built in O(1) time: identical full-flushed blocks
# ==========================================================================================

@functools.lru_cache(maxsize=None)
def _repeated_deflate_blocks(chunk, byte):
    """zlib header, first block, repeatable block, final empty block: each block is `chunk` bytes of
    `byte` compressed then full-flushed, so that every later one is byte-identical."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 15)
    data = bytes([byte]) * chunk
    head = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate blocks after a full flush are not identical"
    end = compressor.flush(zlib.Z_FINISH)[:-4]  # final block without the adler32
    return head[:2], head[2:], block, end


def zlib_zeros(total, chunk=1 << 20, byte=0):
    """A zlib stream inflating to `total` bytes (a multiple of `chunk`) of `byte` (~1000:1)."""
    assert total % chunk == 0
    header, first, block, end = _repeated_deflate_blocks(chunk, byte)
    a = (1 + byte * total) % 65521  # adler32 of `total` copies of `byte`, computed, not summed
    b = (total + byte * (total * (total + 1) // 2)) % 65521
    return header + first + block * (total // chunk - 1) + end + struct.pack(">I", (b << 16) | a)


# ==========================================================================================
# JPEG: a small baseline encoder (flat quantiser, flat Huffman codes) and hand-made headers
# ==========================================================================================

ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
          21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
          60, 61, 54, 47, 55, 62, 63]
QUANT = 2  # every entry of the (single) quantisation table: near-lossless
DCT = [[(math.sqrt(0.125) if u == 0 else 0.5) * math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)]
       for u in range(8)]
DC_SYMBOLS = list(range(12))  # 4-bit codes 0000..1011
AC_SYMBOLS = [0x00, 0xF0] + [(run << 4) | size for run in range(16) for size in range(1, 11)]  # 8-bit codes
AC_CODE = {symbol: code for code, symbol in enumerate(AC_SYMBOLS)}  # EOB (0x00) is code 0


def segment(marker, body):
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def dht(table_class, table_id, symbols, length):
    counts = [0] * 16
    counts[length - 1] = len(symbols)
    return segment(0xC4, bytes([(table_class << 4) | table_id]) + bytes(counts) + bytes(symbols))


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.nbits = 0

    def write(self, value, nbits):
        self.acc = (self.acc << nbits) | (value & ((1 << nbits) - 1))
        self.nbits += nbits
        while self.nbits >= 8:
            self.nbits -= 8
            byte = (self.acc >> self.nbits) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing
        self.acc &= (1 << self.nbits) - 1

    def flush(self):
        if self.nbits:
            self.write((1 << (8 - self.nbits)) - 1, 8 - self.nbits)  # pad with 1s
        return bytes(self.out)


def _category(value):
    return abs(value).bit_length()


def _magnitude_bits(value, size):
    return value if value >= 0 else value + (1 << size) - 1


@functools.lru_cache(maxsize=None)
def _quantised_block(block):
    """block: 64 samples (tuple) -> 64 quantised coefficients in zigzag order."""
    if min(block) == max(block):
        coefficients = [0] * 64
        coefficients[0] = round(8 * (block[0] - 128) / QUANT)
        return tuple(coefficients)
    rows = [[v - 128 for v in block[8 * y:8 * y + 8]] for y in range(8)]
    tmp = [[sum(c * s for c, s in zip(DCT[u], row)) for u in range(8)] for row in rows]
    out = [0.0] * 64
    for v in range(8):
        cv = DCT[v]
        for u in range(8):
            out[8 * v + u] = sum(cv[y] * tmp[y][u] for y in range(8))
    return tuple(round(out[z] / QUANT) for z in ZIGZAG)


def jpeg_baseline(width, height, planes, *, app_segments=(), sof_size=None):
    """Baseline JPEG, every component 1x1 sampled, from `planes` (per component: rows of bytes)."""
    ncomp = len(planes)
    bw, bh = (width + 7) // 8, (height + 7) // 8
    padded = []
    for plane in planes:
        rows = [row + row[-1:] * (bw * 8 - width) for row in plane]
        rows += [rows[-1]] * (bh * 8 - height)
        padded.append(rows)
    writer = BitWriter()
    predictors = [0] * ncomp
    for by in range(bh):
        for bx in range(bw):
            for c in range(ncomp):
                rows = padded[c]
                block = tuple(v for y in range(8) for v in rows[by * 8 + y][bx * 8:bx * 8 + 8])
                coefficients = _quantised_block(block)
                diff = coefficients[0] - predictors[c]
                predictors[c] = coefficients[0]
                size = _category(diff)
                writer.write(size, 4)
                if size:
                    writer.write(_magnitude_bits(diff, size), size)
                run = 0
                last = max((k for k in range(1, 64) if coefficients[k]), default=0)
                for k in range(1, last + 1):
                    value = coefficients[k]
                    if value == 0:
                        run += 1
                        continue
                    while run > 15:
                        writer.write(AC_CODE[0xF0], 8)
                        run -= 16
                    size = _category(value)
                    writer.write(AC_CODE[(run << 4) | size], 8)
                    writer.write(_magnitude_bits(value, size), size)
                    run = 0
                if last < 63:
                    writer.write(AC_CODE[0x00], 8)  # EOB
    sof_w, sof_h = sof_size or (width, height)
    sof = struct.pack(">BHHB", 8, sof_h, sof_w, ncomp) + b"".join(bytes((c + 1, 0x11, 0)) for c in range(ncomp))
    sos = bytes([ncomp]) + b"".join(bytes((c + 1, 0x00)) for c in range(ncomp)) + bytes((0, 63, 0))
    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + b"".join(app_segments)
            + segment(0xDB, bytes([0]) + bytes([QUANT] * 64))
            + segment(0xC0, sof)
            + dht(0, 0, DC_SYMBOLS, 4) + dht(1, 0, AC_SYMBOLS, 8)
            + segment(0xDA, sos) + writer.flush() + b"\xff\xd9")


@functools.lru_cache(maxsize=None)
def text_jpeg():
    width, height, rows = text_gray()
    return jpeg_baseline(width, height, [rows])


def exif_orientation_segment(orientation):
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    return segment(0xE1, b"Exif\x00\x00" + tiff)


def jpeg_exif_rotated(orientation):
    """The text stored rotated so that applying EXIF `orientation` (6 or 8) makes it upright."""
    width, height, rows = text_gray()
    stored = rotate_ccw(width, height, rows) if orientation == 6 else rotate_cw(width, height, rows)
    return jpeg_baseline(stored[0], stored[1], [stored[2]], app_segments=[exif_orientation_segment(orientation)])


def jpeg_cmyk_adobe():
    """4-component Adobe CMYK JPEG (inverted, as Photoshop writes it): no ink in C, M, Y; K carries the text."""
    width, height, rows = text_gray()
    blank = [b"\xff" * width] * height
    adobe = segment(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, 0))
    return jpeg_baseline(width, height, [blank, blank, blank, rows], app_segments=[adobe])


def jpeg_tiny(width=1, height=1, value=255):
    return jpeg_baseline(width, height, [[bytes([value]) * width] * height])


def jpeg_header_claiming(width, height):
    """SOI, tables and an SOF claiming width x height, then a few bytes of scan and EOI."""
    return jpeg_baseline(8, 8, [[b"\x80" * 8] * 8], sof_size=(width, height))


def jpeg_undefined_huffman_table():
    """The scan refers to Huffman table 3, which no DHT defines."""
    data = bytearray(text_jpeg())
    sos = data.index(b"\xff\xda")
    data[sos + 6] = 0x33  # component 1: DC table 3, AC table 3
    return bytes(data)


def jpeg_eoi_after_sos():
    data = text_jpeg()
    sos = data.index(b"\xff\xda")
    return data[:sos + 2 + 8] + b"\xff\xd9"


def jpeg_bad_marker_in_scan():
    """An undefined marker (FF 02) in the middle of the entropy-coded data."""
    data = text_jpeg()
    sos = data.index(b"\xff\xda") + 10
    middle = sos + (len(data) - sos) // 2
    return data[:middle] + b"\xff\x02" + data[middle:]


def jpeg_progressive_scan_flood(size=1024, al=10):
    """A valid progressive JPEG (3 components, all coefficients zero) of 2080 scans: one DC scan,
    then for each component and AC coefficient a first scan and `al` refinement scans. Every scan
    codes all blocks with one end-of-band run, so it is 2 bytes; decoding it costs a pass over
    every block per scan. Real encoders emit < 20 scans."""
    blocks = (size // 8) ** 2
    run_bits = blocks.bit_length() - 1
    assert blocks == 1 << run_bits and run_bits <= 14
    sof = struct.pack(">BHHB", 8, size, size, 3) + b"".join(bytes((c + 1, 0x11, 0)) for c in range(3))
    out = bytearray(b"\xff\xd8" + segment(0xDB, bytes([0]) + bytes([1] * 64)) + segment(0xC2, sof)
                    + dht(0, 0, [0], 1) + dht(1, 0, [run_bits << 4], 1))
    dc = BitWriter()
    for _ in range(blocks * 3):
        dc.write(0, 1)  # DC difference category 0
    out += segment(0xDA, bytes([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 0, 0x00])) + dc.flush()
    eob_run = BitWriter()
    eob_run.write(0, 1 + run_bits)  # one EOBRUN symbol covering every block
    eob_run = eob_run.flush()
    for c in range(1, 4):
        for k in range(1, 64):
            out += segment(0xDA, bytes([1, c, 0x00, k, k, al])) + eob_run
            for ah in range(al, 0, -1):
                out += segment(0xDA, bytes([1, c, 0x00, k, k, (ah << 4) | (ah - 1)])) + eob_run
    return bytes(out + b"\xff\xd9")


# ==========================================================================================
# TIFF (little endian, uncompressed, one strip per page)
# ==========================================================================================

def tiff_pages(pages, *, loop=False):
    """pages: list of (width, height, grey rows). Returns a multi-page TIFF; with `loop`, the last
    IFD's next-IFD offset points back at the first IFD (an endless directory chain)."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 0))
    previous_next = 4
    first_ifd = None
    for index, (width, height, rows) in enumerate(pages):
        strip = b"".join(rows)
        strip_offset = len(out)
        out += strip
        if len(out) % 2:
            out += b"\x00"
        ifd_at = len(out)
        first_ifd = ifd_at if first_ifd is None else first_ifd
        struct.pack_into("<I", out, previous_next, ifd_at)
        entries = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                   (273, 4, strip_offset), (277, 3, 1), (278, 4, height), (279, 4, len(strip))]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3
                                                        else struct.pack("<I", value))
        previous_next = len(out)
        out += struct.pack("<I", 0)
    if loop:
        struct.pack_into("<I", out, previous_next, first_ifd)
    return bytes(out)


def tiff_text():
    return tiff_pages([text_gray()])


def tiff_strip_truncated():
    """IFD first, then a strip that the file ends in the middle of."""
    width, height, rows = text_gray()
    strip = b"".join(rows)
    entries = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
               (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, len(strip))]
    ifd_size = 2 + 12 * len(entries) + 4
    strip_offset = 8 + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries)))
    for tag, kind, value in entries:
        value = strip_offset if tag == 273 else value
        out += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3
                                                    else struct.pack("<I", value))
    out += struct.pack("<I", 0)
    return bytes(out) + strip[:len(strip) // 3]


def tiff_header_claiming(width, height):
    """One IFD claiming width x height with a 16-byte strip."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    entries = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
               (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, 16)]
    strip_offset = 8 + 2 + 12 * len(entries) + 4
    out += struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        value = strip_offset if tag == 273 else value
        out += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3
                                                    else struct.pack("<I", value))
    return bytes(out + struct.pack("<I", 0) + b"\x00" * 16)


# ==========================================================================================
# WebP lossless (VP8L): solid colour images coded with single-symbol prefix codes (0 bits/pixel)
# ==========================================================================================

class LsbBitWriter:
    def __init__(self):
        self.value = 0
        self.nbits = 0

    def write(self, value, nbits):
        self.value |= (value & ((1 << nbits) - 1)) << self.nbits
        self.nbits += nbits

    def bytes(self):
        return self.value.to_bytes((self.nbits + 7) // 8, "little")


def webp_solid(width, height, argb=(255, 255, 255, 255)):
    """A VP8L image of width x height (each up to 16384) in one colour; ~20 bytes whatever the size."""
    alpha, red, green, blue = argb
    bits = LsbBitWriter()
    bits.write(0x2F, 8)
    bits.write(width - 1, 14)
    bits.write(height - 1, 14)
    bits.write(0, 1)  # alpha_is_used
    bits.write(0, 3)  # version
    bits.write(0, 1)  # no transform
    bits.write(0, 1)  # no colour cache
    bits.write(0, 1)  # no meta prefix codes
    for symbol in (green, red, blue, alpha, 0):  # green, red, blue, alpha, distance
        bits.write(1, 1)  # simple code
        bits.write(0, 1)  # one symbol
        bits.write(1, 1)  # 8-bit symbol
        bits.write(symbol, 8)
    payload = bits.bytes()
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) % 2 else b"")
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_truncated():
    data = webp_solid(64, 64)
    return data[:len(data) - 8]  # the prefix codes are cut; the RIFF size still claims them


def webp_garbage_vp8():
    payload = b"\x9d\x01\x2a" + b"\xa5" * 64  # no VP8 frame tag before the start code
    chunk = b"VP8 " + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


# ==========================================================================================
# PDF, written by hand
# ==========================================================================================

def pdf_document(objects, *, root=1, trailer_extra=""):
    """objects: bodies of objects 1..n (bytes). Returns the PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R {trailer_extra}>>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def pdf_stream(dictionary, data):
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def pdf_pages(count, content=b"BT /F1 24 Tf 20 40 Td (Hello) Tj ET", media_box="0 0 200 100",
              content_filter=None, content_data=None):
    """`count` pages sharing one content stream and font. Objects: 1 catalog, 2 pages, 3 font,
    4 content, 5.. pages."""
    kids = " ".join(f"{5 + i} 0 R" for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               pdf_stream(f"/Filter {content_filter}" if content_filter else "",
                          content if content_data is None else content_data)]
    page = (f"<< /Type /Page /Parent 2 0 R /MediaBox [{media_box}] /Contents 4 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> >>").encode()
    objects += [page] * count
    return pdf_document(objects)


def pdf_encrypted():
    """Standard security handler (RC4 40-bit) whose /U does not match the empty user password:
    the document cannot be opened without a password."""
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /O <" + b"6f" * 32 + b"> /U <" + b"75" * 32 + b"> /P -44 >>")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               encrypt, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"]
    file_id = "<" + "0123456789abcdef" * 2 + ">"
    return pdf_document(objects, trailer_extra=f"/Encrypt 3 0 R /ID [{file_id} {file_id}] ")


def pdf_flate_bomb(inflated=1 << 30):
    """One page whose content stream is FlateDecode'd twice and inflates to `inflated` bytes of
    NULs (PDF whitespace); the request body is a few kilobytes."""
    once = zlib_zeros(inflated)
    twice = zlib.compress(once, 9)
    return pdf_pages(1, content_filter="[/FlateDecode /FlateDecode]", content_data=twice)


# ==========================================================================================
# HTTP helpers
# ==========================================================================================

def post_json(url, payload, path="/ocr"):
    return requests.post(url + path, json=payload, timeout=TIMEOUT)


def post_b64(url, data, path="/ocr"):
    return post_json(url, {"image": base64.b64encode(data).decode("ascii")}, path)


def post_raw(url, body, content_type, path="/ocr"):
    headers = {} if content_type is None else {"Content-Type": content_type}
    return requests.post(url + path, data=body, headers=headers, timeout=TIMEOUT)


def post_file(url, data, path="/ocr", name="file", filename="upload.bin", fields=None):
    return requests.post(url + path, files={name: (filename, data, "application/octet-stream")}, data=fields,
                         timeout=TIMEOUT)


def multipart(parts, boundary="battery-boundary"):
    """(body, content type) of a multipart/form-data body; parts: (name, filename or None, bytes)."""
    body = bytearray()
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if filename:
            body += b"Content-Type: application/octet-stream\r\n"
        body += b"\r\n" + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


class RawResponse:
    """Enough of requests.Response for describe()/assertions, from a raw socket exchange."""

    def __init__(self, raw, method, url):
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status_line = lines[0].split(" ", 2) if lines and lines[0] else ["", "0"]
        self.status_code = int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0
        self.headers = requests.structures.CaseInsensitiveDict()
        for line in lines[1:]:
            key, _, value = line.partition(":")
            self.headers[key.strip()] = value.strip()
        length = self.headers.get("Content-Length")
        self.content = body[:int(length)] if length and length.isdigit() else body
        self.text = self.content.decode("utf-8", "replace")
        self.url = url
        self.raw = raw
        self.request = type("Request", (), {"method": method})()

    def json(self):
        return json.loads(self.text)


def raw_exchange(url, request_bytes, method="RAW", read_timeout=15):
    """Sends bytes on a fresh connection and reads until the server closes or a full response arrived."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=read_timeout) as sock:
        try:
            sock.sendall(request_bytes)
        except OSError:
            pass  # the server may answer and close before reading everything
        data = b""
        deadline = time.monotonic() + read_timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = [line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(body) >= int(length[0]):
                    break
    return RawResponse(data, method, url)


def raw_http(url, method, path, headers, body=b""):
    parts = urlsplit(url)
    head = f"{method} {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return raw_exchange(url, head.encode("latin-1") + b"\r\n" + body, method)


# ==========================================================================================
# Expectations
# ==========================================================================================

# The error table of docs/http-api.md: the status each code comes with.
STATUS_OF_CODE = {"malformed_request": 400, "corrupt_input": 400, "not_found": 404, "method_not_allowed": 405, "conflict": 409,
                  "limit_exceeded": 413, "unsupported_format": 415, "invalid_argument": 422, "unavailable": 503,
                  "deadline_exceeded": 504, "internal": 500, "model_error": 500}
assert set(STATUS_OF_CODE) == ERROR_CODES


def expect_error(status, code, *, allow=None):
    """The /ocr (and ops routes') error shape: JSON {"error": str, "code": str}, the code one of
    `code` and the status the one the error table gives for it (one of `status`). `allow`: the
    Allow header a 405 must carry."""
    codes = {code} if isinstance(code, str) else set(code)
    statuses = {status} if isinstance(status, int) else set(status)

    def check(r):
        assert r.status_code in statuses, describe(r)
        assert (r.headers.get("Content-Type") or "").startswith("application/json"), \
            f"error without a JSON Content-Type: {describe(r)}"
        try:
            body = r.json()
        except ValueError:
            raise AssertionError(f"error body is not JSON: {describe(r)}")
        assert isinstance(body, dict), describe(r)
        assert isinstance(body.get("error"), str) and body["error"], describe(r)
        assert body.get("code") in codes, f"expected code {sorted(codes)}: {describe(r)}"
        assert STATUS_OF_CODE[body["code"]] == r.status_code, f"code and status disagree: {describe(r)}"
        assert r.headers.get("X-Request-Id"), f"no X-Request-Id: {describe(r)}"
        if allow is not None:
            assert r.headers.get("Allow") == allow, f"Allow header: {r.headers.get('Allow')!r}"
        return body

    return check


def expect_any(*checks):
    """Passes when one of `checks` passes (for outcomes the contract leaves open)."""

    def check(r, url):
        failures = []
        for one in checks:
            try:
                one(r, url) if getattr(one, "needs_url", False) else one(r)
                return
            except AssertionError as e:
                failures.append(str(e))
        raise AssertionError("no acceptable outcome:\n" + "\n".join(failures))

    check.needs_url = True
    return check


def expect_marker_error(status):
    """/marker/upload's error shape: JSON {"success": false, "error": str}."""
    statuses = {status} if isinstance(status, int) else set(status)

    def check(r):
        assert r.status_code in statuses, describe(r)
        assert (r.headers.get("Content-Type") or "").startswith("application/json"), describe(r)
        try:
            body = r.json()
        except ValueError:
            raise AssertionError(f"error body is not JSON: {describe(r)}")
        assert isinstance(body, dict) and body.get("success") is False, describe(r)
        assert isinstance(body.get("error"), str) and body["error"], describe(r)
        return body

    return check


@functools.lru_cache(maxsize=None)
def reference_texts(url):
    """What the server reads in text_png(): the yardstick for the valid variants."""
    r = post_b64(url, text_png())
    assert r.status_code == 200, describe(r)
    lines = assert_single_response(r.json())
    assert lines, f"the reference image gave no text: {describe(r)}"
    return tuple(texts(lines))


def expect_ocr(*, text=False, empty=None, max_x=None, max_y=None):
    """200 with OnnxOCR's single-image schema. text: the lines read must match the reference
    image's; empty: True/False to require (no) lines; max_x/max_y: boxes inside the image."""

    def check(r, url):
        assert r.status_code == 200, describe(r)
        lines = assert_single_response(r.json())
        if empty is True:
            assert lines == [], lines
        if empty is False or text:
            assert lines, f"no text found: {describe(r)}"
        if text:
            want = reference_texts(url)
            got = tuple(texts(lines))
            assert normalise(" ".join(got)) == normalise(" ".join(want)), f"got {got}\nwant {want}"
        for item in lines:
            for x, y in item["bounding_box"]:
                assert max_x is None or -1 <= x <= max_x + 1, item
                assert max_y is None or -1 <= y <= max_y + 1, item
        return lines

    check.needs_url = True
    return check


def expect_pages(count, empty=True):
    """200 with `results` a list of `count` pages (each a list of lines, empty if `empty`)."""

    def check(r):
        assert r.status_code == 200, describe(r)
        body = r.json()
        pages = body.get("results")
        assert isinstance(pages, list) and len(pages) == count, describe(r)
        assert all(isinstance(page, list) and (page == [] or not empty) for page in pages), describe(r)
        return body

    return check


def expect_marker_ok(text=None):
    def check(r):
        assert r.status_code == 200, describe(r)
        body = r.json()
        assert body.get("success") is True, describe(r)
        if text is not None:
            assert text in body["output"], describe(r)
        return body

    return check


# ==========================================================================================
# The cases
# ==========================================================================================

@dataclass
class Case:
    name: str
    send: Callable  # (url) -> response
    expect: Callable  # (response[, url]) -> None, raises AssertionError
    xfail: Optional[str] = None
    marks: list = field(default_factory=list)


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _wrapped_b64(data, width=76):
    text = _b64(data)
    return "\r\n".join(text[i:i + width] for i in range(0, len(text), width)) + "\n"


E400_MALFORMED = expect_error(400, "malformed_request")
E400_CORRUPT = expect_error(400, "corrupt_input")
E400_EMPTY = expect_error(400, ("corrupt_input", "malformed_request"))  # zero bytes: both codes are documented
E404 = expect_error(404, "not_found")
E405_POST = expect_error(405, "method_not_allowed", allow="POST, OPTIONS")
E405_GET = expect_error(405, "method_not_allowed", allow="GET, HEAD, OPTIONS")
DROGON_BARE = ("Drogon's HttpRequestParser::shutdownConnection answers protocol errors (unknown method 405, "
               "bad request line 400, Content-Length over the transport cap 413, 414, 417) with a bare "
               "'HTTP/1.1 <code>' and no body, bypassing the custom error handler: no JSON, no X-Request-Id")
E413 = expect_error(413, "limit_exceeded")
E415 = expect_error(415, "unsupported_format")
E422 = expect_error(422, "invalid_argument")


def _ocr_b64(make):
    return lambda url: post_b64(url, make())


def _ocr_file(make, **kw):
    return lambda url: post_file(url, make(), **kw)


def _raw(body, content_type, path="/ocr"):
    return lambda url: post_raw(url, body() if callable(body) else body, content_type, path)


def _multipart(parts, path="/ocr"):
    """parts: a callable giving multipart()'s parts, evaluated when the case runs."""
    return lambda url: post_raw(url, *multipart(parts()), path)


CASES = [
    # --- truncated / corrupt images ---------------------------------------------------------
    Case("jpeg_truncated_half", _ocr_b64(lambda: text_jpeg()[:len(text_jpeg()) // 2]), E400_CORRUPT),
    Case("jpeg_only_soi_and_app0", _ocr_b64(lambda: text_jpeg()[:20]), E400_CORRUPT),
    Case("jpeg_undefined_huffman_table", _ocr_b64(jpeg_undefined_huffman_table), E400_CORRUPT),
    Case("jpeg_eoi_right_after_sos", _ocr_b64(jpeg_eoi_after_sos), E400_CORRUPT),
    Case("jpeg_bad_marker_in_scan", _ocr_b64(jpeg_bad_marker_in_scan), E400_CORRUPT),
    Case("jpeg_zero_width_sof", _ocr_b64(lambda: jpeg_header_claiming(0, 8)), E400_CORRUPT),
    Case("png_truncated_in_idat", _ocr_file(lambda: text_png()[:len(text_png()) * 2 // 3]), E400_CORRUPT),
    Case("png_signature_only", _ocr_b64(lambda: PNG_SIGNATURE), E400_CORRUPT),
    Case("png_idat_crc_mismatch", _ocr_b64(png_bad_crc), E400_CORRUPT),
    Case("png_idat_not_zlib", _ocr_b64(png_bad_zlib), E400_CORRUPT),
    Case("png_zero_height", _ocr_b64(lambda: png(16, 0, [])), E400_CORRUPT),
    Case("png_chunk_length_2gib", _ocr_b64(png_huge_chunk_length), E400_CORRUPT),
    Case("webp_riff_header_only", _ocr_b64(lambda: b"RIFF\x04\x00\x00\x00WEBP"), E400_CORRUPT),
    Case("webp_truncated_vp8l", _ocr_b64(webp_truncated), E400_CORRUPT),
    Case("webp_garbage_vp8", _ocr_file(webp_garbage_vp8), E400_CORRUPT),
    Case("tiff_header_only", _ocr_b64(lambda: b"II*\x00"), E400_CORRUPT),
    Case("tiff_ifd_offset_past_eof", _ocr_b64(lambda: b"II*\x00" + struct.pack("<I", 1 << 20) + b"\x00" * 32),
         E400_CORRUPT),
    Case("tiff_strip_truncated", _ocr_file(tiff_strip_truncated), E400_CORRUPT),
    # libtiff stops at the repeated IFD: 2 pages, or the chain is refused as corrupt; no endless loop
    Case("tiff_ifd_cycle", _ocr_file(lambda: tiff_pages([(1, 1, [b"\xff"])] * 2, loop=True)),
         expect_any(expect_pages(2), expect_error(400, "corrupt_input"))),
    Case("pdf_header_only", _ocr_file(lambda: b"%PDF-"), E400_CORRUPT),
    Case("pdf_truncated", _ocr_file(lambda: pdf_pages(1)[:120]), E400_CORRUPT),
    Case("pdf_garbage_after_header", _ocr_file(lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8), E400_CORRUPT),
    Case("pdf_no_pages", _ocr_file(lambda: pdf_document([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                          b"<< /Type /Pages /Kids [] /Count 0 >>"])),
         E400_CORRUPT),
    Case("image_in_batch_truncated",
         lambda url: post_json(url, {"images": [_b64(text_png()), _b64(text_png()[:300])]}), E400_CORRUPT),
    # A batch item is one image: a TIFF contributes its first page, and its other pages are
    # never decoded, so a page count over the limit does not matter there (it does alone).
    Case("tiff_100_pages_as_batch_item",
         lambda url: post_json(url, {"images": [_b64(tiff_pages([(1, 1, [b"\xff"])] * 100)), _b64(text_png())]}),
         expect_pages(2, empty=False)),

    # --- zero bytes, 1x1, extreme aspect ratios ------------------------------------------------
    Case("zero_bytes_json", lambda url: post_json(url, {"image": ""}), E400_EMPTY),
    Case("zero_bytes_multipart", _ocr_file(lambda: b""), E400_EMPTY),
    Case("zero_bytes_marker", _ocr_file(lambda: b"", path="/marker/upload"), expect_marker_error(400)),
    Case("png_1x1", _ocr_b64(lambda: png(1, 1, [b"\x00"])), expect_ocr(empty=True)),
    Case("jpeg_1x1", _ocr_b64(jpeg_tiny), expect_ocr(empty=True)),
    Case("tiff_1x1", _ocr_file(lambda: tiff_pages([(1, 1, [b"\x00"])])), expect_ocr(empty=True)),
    Case("webp_1x1", _ocr_b64(lambda: webp_solid(1, 1)), expect_ocr(empty=True)),
    Case("png_100000x1", _ocr_b64(png_wide_real), E413),
    Case("png_16384x1", _ocr_b64(lambda: png_wide_real(16384)), expect_ocr(empty=True)),
    Case("png_1x16384", _ocr_b64(lambda: png(1, 16384, [b"\xff"] * 16384)), expect_ocr(empty=True)),

    # --- decompression bombs and CPU floods -----------------------------------------------------
    Case("png_bomb_50000x50000", _ocr_b64(lambda: png_header_claiming(50000, 50000)), E413),
    Case("png_bomb_50000x50000_marker", _ocr_file(lambda: png_header_claiming(50000, 50000), path="/marker/upload"),
         expect_marker_error(413)),
    Case("jpeg_bomb_50000x50000", _ocr_b64(lambda: jpeg_header_claiming(50000, 50000)), E413),
    Case("jpeg_bomb_65535x65535", _ocr_file(lambda: jpeg_header_claiming(65535, 65535)), E413),
    Case("tiff_bomb_50000x50000", _ocr_b64(lambda: tiff_header_claiming(50000, 50000)), E413),
    Case("webp_bomb_16384x16384", _ocr_b64(lambda: webp_solid(16384, 16384)), E413),
    Case("png_real_zlib_bomb_7000x7000", _ocr_b64(lambda: png(7000, 7000, [], idat=zlib_zeros(7001 * 7000, 7001))),
         E413),
    Case("tiff_100_pages", _ocr_file(lambda: tiff_pages([(1, 1, [b"\xff"])] * 100)), E413),
    Case("jpeg_progressive_scan_flood", _ocr_b64(jpeg_progressive_scan_flood), E413),

    # --- valid but unusual images: 200 with the text read -------------------------------------
    Case("jpeg_cmyk_adobe", _ocr_b64(jpeg_cmyk_adobe), expect_ocr(text=True)),
    Case("jpeg_exif_orientation_6", _ocr_b64(lambda: jpeg_exif_rotated(6)),
         expect_ocr(text=True, max_x=text_gray()[0], max_y=text_gray()[1])),
    Case("jpeg_exif_orientation_8", _ocr_file(lambda: jpeg_exif_rotated(8)),
         expect_ocr(text=True, max_x=text_gray()[0], max_y=text_gray()[1])),
    Case("png_16bit_gray", _ocr_b64(png_gray16), expect_ocr(text=True)),
    Case("png_palette", _ocr_b64(png_palette), expect_ocr(text=True)),
    Case("png_rgba_alpha_128", _ocr_b64(png_rgba_half_transparent), expect_ocr(text=True)),
    Case("tiff_uncompressed_gray", _ocr_file(tiff_text), expect_ocr(text=True)),
    Case("png_ztxt_zlib_bomb_ignored",
         _ocr_b64(lambda: png(*text_gray(), extra_chunks=[png_chunk(b"zTXt", b"Comment\x00\x00"
                                                                    + zlib_zeros(1 << 30, byte=0x41))])),
         expect_ocr(text=True)),

    # --- base64 ------------------------------------------------------------------------------
    Case("base64_invalid_characters", lambda url: post_json(url, {"image": "iVBORw0KGgo*&^%$#@!"}), E400_MALFORMED),
    Case("base64_truncated_symbol", lambda url: post_json(url, {"image": _b64(text_png()) + "Q"}), E400_MALFORMED),
    Case("base64_url_safe_alphabet",
         lambda url: post_json(url, {"image": _b64(text_png()).replace("+", "-").replace("/", "_")}),
         E400_MALFORMED),
    Case("base64_data_url_not_base64",
         lambda url: post_json(url, {"image": "data:image/png," + "%89PNG%0D%0A"}), E400_MALFORMED),
    Case("base64_with_mime_line_breaks", lambda url: post_json(url, {"image": _wrapped_b64(text_png())}),
         expect_ocr(text=True)),
    Case("base64_with_spaces_and_tabs",
         lambda url: post_json(url, {"image": " \t".join(_b64(text_png())[i:i + 10]
                                                         for i in range(0, len(_b64(text_png())), 10))}),
         expect_ocr(text=True)),
    Case("base64_data_url", lambda url: post_json(url, {"image": "data:image/png;base64," + _b64(text_png())}),
         expect_ocr(text=True)),
    Case("base64_data_url_wrapped",
         lambda url: post_json(url, {"image": "\n data:image/jpeg;base64,\n" + _wrapped_b64(text_jpeg())}),
         expect_ocr(text=True)),

    # --- JSON --------------------------------------------------------------------------------
    Case("json_image_is_number", lambda url: post_json(url, {"image": 42}), E422),
    Case("json_image_is_null", lambda url: post_json(url, {"image": None}), E422),
    Case("json_images_is_object", lambda url: post_json(url, {"images": {"0": _b64(text_png())}}), E422),
    Case("json_images_empty", lambda url: post_json(url, {"images": []}), E422),
    Case("json_option_wrong_type",
         lambda url: post_json(url, {"image": _b64(text_png()), "det_limit_side_len": [960]}), E422),
    Case("json_bool_as_string", lambda url: post_json(url, {"image": _b64(text_png()), "use_angle_cls": "false"}),
         E422),
    Case("json_deep_nesting_array", _raw(b"[" * 100000 + b"]" * 100000, "application/json"), E400_MALFORMED),
    Case("json_deep_nesting_in_field",
         _raw(b'{"image": ' + b"[" * 100000 + b"]" * 100000 + b"}", "application/json"), E400_MALFORMED),
    Case("json_deep_nesting_unclosed", _raw(b'{"a":' * 50000, "application/json"), E400_MALFORMED),
    Case("json_huge_string_not_an_image", lambda url: post_json(url, {"image": "A" * (24 << 20)}), E415),
    Case("json_huge_string_invalid_base64", lambda url: post_json(url, {"image": "~" * (24 << 20)}), E400_MALFORMED),
    Case("json_huge_key", _raw(lambda: b'{"' + b"k" * (16 << 20) + b'": 1}', "application/json"), E400_MALFORMED),
    Case("json_empty_body", _raw(b"", "application/json"), E400_MALFORMED),
    Case("json_whitespace_body", _raw(b" \r\n\t ", "application/json"), E400_MALFORMED),
    Case("json_invalid_utf8_in_string", _raw(b'{"image": "\xff\xfe\xfd"}', "application/json"), E400_MALFORMED),
    Case("json_invalid_utf8_in_key",
         _raw(lambda: b'{"\xc3\x28": 1, "image": "' + _b64(text_png()).encode() + b'"}', "application/json"),
         E400_MALFORMED),
    Case("json_overlong_utf8_nul", _raw(b'{"image": "\xc0\x80"}', "application/json"), E400_MALFORMED),
    Case("json_utf16_body", _raw(lambda: json.dumps({"image": _b64(text_png())}).encode("utf-16"),
                                 "application/json"), E400_MALFORMED),
    Case("json_trailing_garbage", _raw(lambda: json.dumps({"image": _b64(text_png())}).encode() + b" }{",
                                       "application/json"), E400_MALFORMED),
    Case("json_nan_literal", _raw(b'{"image": NaN}', "application/json"), E400_MALFORMED),
    Case("json_duplicate_image_key",
         _raw(lambda: ('{"image": "%s", "image": "%s"}' % (_b64(text_png()), _b64(text_png()))).encode(),
              "application/json"), E400_MALFORMED),

    # --- multipart ---------------------------------------------------------------------------
    Case("multipart_fields_only", _multipart(lambda: [("use_angle_cls", None, b"true")]), E400_MALFORMED),
    Case("multipart_file_under_other_name", _ocr_file(text_png, name="upload"), E400_MALFORMED),
    Case("multipart_two_files",
         _multipart(lambda: [("file", "a.png", text_png()), ("file", "b.png", text_png())]), E400_MALFORMED),
    Case("multipart_two_files_marker",
         _multipart(lambda: [("file", "a.png", text_png()), ("file", "b.png", text_png())], "/marker/upload"),
         expect_marker_error(400)),
    Case("multipart_no_file_marker", _multipart(lambda: [("output_format", None, b"json")], "/marker/upload"),
         expect_marker_error(400)),
    Case("multipart_unterminated", _raw(lambda: multipart([("file", "a.png", text_png())])[0][:-30],
                                        "multipart/form-data; boundary=battery-boundary"), E400_MALFORMED),
    Case("multipart_boundary_mismatch", _raw(lambda: multipart([("file", "a.png", text_png())])[0],
                                             "multipart/form-data; boundary=other-boundary"), E400_MALFORMED),
    Case("multipart_no_boundary", _raw(lambda: multipart([("file", "a.png", text_png())])[0],
                                       "multipart/form-data"), E400_MALFORMED),
    Case("multipart_file_not_an_image", _ocr_file(lambda: b"\x00\x01 this is not an image \xff" * 10), E415),

    # --- Content-Type -----------------------------------------------------------------------
    Case("content_type_text_plain", _raw(lambda: json.dumps({"image": _b64(text_png())}).encode(), "text/plain"),
         E415),
    Case("content_type_missing", _raw(lambda: json.dumps({"image": _b64(text_png())}).encode(), None), E415),
    Case("content_type_raw_png", _raw(text_png, "image/png"), E415),
    Case("content_type_xml", _raw(b"<ocr><image>AAAA</image></ocr>", "application/xml"), E415),
    Case("content_type_json_on_marker", _raw(lambda: json.dumps({"file": _b64(text_png())}).encode(),
                                             "application/json", path="/marker/upload"),
         expect_marker_error(415)),

    # --- PDFs --------------------------------------------------------------------------------
    Case("pdf_encrypted_user_password", _ocr_file(pdf_encrypted), E415),
    Case("pdf_encrypted_marker", _ocr_file(pdf_encrypted, path="/marker/upload"), expect_marker_error(415)),
    Case("pdf_5000_pages", _ocr_file(lambda: pdf_pages(5000)), E413),
    Case("pdf_5000_pages_marker", _ocr_file(lambda: pdf_pages(5000), path="/marker/upload"),
         expect_marker_error(413)),
    Case("pdf_5000_pages_marker_one_page",
         _ocr_file(lambda: pdf_pages(5000), path="/marker/upload", fields={"page_range": "4999"}),
         expect_marker_ok("Hello")),
    Case("pdf_page_100000x100000pt", _ocr_file(lambda: pdf_pages(1, media_box="0 0 100000 100000")), E413),
    # 128 MiB of content stream (a 3 KB request): poppler streams through it in ~1 s per pass (text
    # layer, then rendering); a blank page or a refusal are both fine, within bounded time
    Case("pdf_flate_bomb_128mib_marker", _ocr_file(lambda: pdf_flate_bomb(128 << 20), path="/marker/upload"),
         expect_any(expect_marker_ok(), expect_marker_error(413))),
    # 8 GiB (a 20 KB request): would keep pdftoppm busy for minutes
    Case("pdf_flate_bomb_8gib", _ocr_file(lambda: pdf_flate_bomb(8 << 30)), E413),

    # --- methods and paths -------------------------------------------------------------------
    Case("method_get_ocr", lambda url: requests.get(url + "/ocr", timeout=TIMEOUT), E405_POST),
    Case("method_put_ocr", lambda url: requests.put(url + "/ocr", json={"image": _b64(text_png())}, timeout=TIMEOUT),
         E405_POST),
    Case("method_patch_marker", lambda url: requests.patch(url + "/marker/upload", timeout=TIMEOUT), E405_POST),
    Case("method_delete_health", lambda url: requests.delete(url + "/health", timeout=TIMEOUT), E405_GET),
    Case("method_post_openapi", lambda url: requests.post(url + "/openapi.json", timeout=TIMEOUT), E405_GET),
    Case("method_unknown_verb", lambda url: raw_http(url, "BREW", "/ocr", {"Content-Length": "0"}),
         expect_error((400, 405), ("malformed_request", "method_not_allowed")), xfail=DROGON_BARE),
    Case("path_unknown", lambda url: requests.post(url + "/ocr/v2", json={}, timeout=TIMEOUT), E404),
    Case("path_traversal", lambda url: raw_http(url, "GET", "/docs/../../../../etc/passwd", {}),
         E404),
    Case("path_very_long", lambda url: requests.get(url + "/" + "a" * 6000, timeout=TIMEOUT), E404),
    Case("http_garbage_request_line",
         lambda url: raw_exchange(url, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n"),
         expect_error(400, "malformed_request"), xfail=DROGON_BARE),
    Case("http_negative_content_length",
         lambda url: raw_http(url, "POST", "/ocr", {"Content-Type": "application/json", "Content-Length": "-1"}),
         expect_error(400, "malformed_request"), xfail=DROGON_BARE + "; and -1 is read as a huge length: 413"),
]


# ==========================================================================================
# Running a case: the case, then a good request, then both assertions
# ==========================================================================================

class WrongAnswer(AssertionError):
    """The case's own response was not the right one."""


class ServerUnusable(AssertionError):
    """The good request after a case failed: never an expected failure."""


def good_request(url):
    r = post_b64(url, text_png())
    assert r.status_code == 200, f"good request after the bad one failed: {describe(r)}"
    lines = assert_single_response(r.json())
    assert lines, f"good request found no text: {describe(r)}"


def run_case(url, case):
    """Sends the case, then a good request; raises ServerUnusable if the good request fails (even
    when the case's answer was wrong too), else WrongAnswer if the case's answer was wrong."""
    started = time.monotonic()
    failure = None
    try:
        response = case.send(url)
        elapsed = time.monotonic() - started
        if getattr(case.expect, "needs_url", False):
            case.expect(response, url)
        else:
            case.expect(response)
        assert elapsed < CASE_SECONDS, f"answered after {elapsed:.1f} s (limit {CASE_SECONDS} s): {describe(response)}"
    except (AssertionError, requests.RequestException) as e:
        failure = e
    try:
        good_request(url)
    except (AssertionError, requests.RequestException) as e:
        raise ServerUnusable(f"server unusable after {case.name}: {e}\n(the case itself: {failure!r})") from e
    if failure is not None:
        raise WrongAnswer(f"{case.name}: {failure}") from failure


def _params(cases):
    params = []
    for case in cases:
        marks = list(case.marks)
        if case.xfail:  # only a wrong answer is expected; a broken server afterwards still fails
            marks.append(pytest.mark.xfail(strict=True, raises=WrongAnswer, reason=case.xfail))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _params(CASES))
def test_bad_input(base_url, case):
    run_case(base_url, case)


# ==========================================================================================
# Body size limits: a server of our own with --max-body-bytes 20000
# ==========================================================================================

@pytest.fixture(scope="module")
def small_body_url():
    if conftest.EXTERNAL_URL:
        pytest.skip("needs its own server (ONNXOCR_E2E_URL is set)")
    conftest._check_binary()
    server = conftest.Server(["--max-body-bytes", str(MAX_BODY_BYTES)], workers=1)
    try:
        server.wait_ready()
        yield server.url
    finally:
        rc = server.stop()
        output = server.stderr_tail()
        server.close()
        assert rc == 0, f"small-limit server: exit code {rc} after SIGTERM\n{output}"


def _oversized_png():
    width, height, rows = text_gray()
    data = png(width, height, rows, extra_chunks=[png_chunk(b"tEXt", b"Comment\x00" + b"x" * MAX_BODY_BYTES)])
    assert len(data) > MAX_BODY_BYTES
    return data


BODY_CASES = [
    Case("body_json_over_limit", lambda url: post_b64(url, _oversized_png()), E413),
    Case("body_multipart_over_limit", _ocr_file(_oversized_png), E413),
    Case("body_marker_over_limit", _ocr_file(_oversized_png, path="/marker/upload"), expect_marker_error(413)),
    Case("body_wrong_content_type_over_limit", _raw(lambda: b"x" * (MAX_BODY_BYTES + 1), "text/plain"), E413),
    Case("body_content_length_beyond_transport_cap",
         lambda url: raw_http(url, "POST", "/ocr", {"Content-Type": "application/json",
                                                    "Content-Length": str(1 << 30)}, b'{"image": "'),
         E413, xfail=DROGON_BARE),
    Case("body_chunked_over_limit",
         lambda url: raw_http(url, "POST", "/ocr", {"Content-Type": "application/json",
                                                    "Transfer-Encoding": "chunked"},
                              b"".join(b"%x\r\n" % 4096 + b"A" * 4096 + b"\r\n" for _ in range(10)) + b"0\r\n\r\n"),
         E413),
]


@pytest.mark.parametrize("case", _params(BODY_CASES))
def test_body_limit(small_body_url, case):
    assert len(json.dumps({"image": _b64(text_png())})) < MAX_BODY_BYTES, "the good request must fit the limit"
    run_case(small_body_url, case)


def test_case_count():
    assert len(CASES) + len(BODY_CASES) >= 40
