#!/usr/bin/env python3
"""Generates the synthetic decode fixtures in this directory (CC0).

Every image here is drawn by this script; nothing is copied from elsewhere.
Expected pixels come from OpenCV itself: for each fixture we store the raw BGR
bytes that cv2.imdecodemulti(..., cv2.IMREAD_COLOR) returns, one file per page
under expected/, listed in expected.txt as
    <fixture> <page> <rows> <cols> <expected file>

Run:  python3 -m venv /tmp/v && /tmp/v/bin/pip install pillow numpy opencv-python-headless
      /tmp/v/bin/python tests/data/decode/make_fixtures.py
"""
import hashlib
import io
import os
import struct
import zlib

import cv2
import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_DIR = os.path.join(HERE, "expected")
WIDTH, HEIGHT = 48, 32

# Corner blocks, RGB; the EXIF tests look for them after rotation.
CORNERS = {"tl": (255, 0, 0), "tr": (0, 255, 0), "bl": (0, 0, 255), "br": (255, 255, 255)}


def base_rgb(width=WIDTH, height=HEIGHT, seed=0):
    y, x = np.mgrid[0:height, 0:width]
    img = np.zeros((height, width, 3), np.uint8)
    img[..., 0] = (x * 255 // max(width - 1, 1) + seed * 40) % 256
    img[..., 1] = (y * 255 // max(height - 1, 1) + seed * 70) % 256
    img[..., 2] = ((x * 7 + y * 13) * 3 + seed * 90) % 256
    b = 8
    img[:b, :b] = CORNERS["tl"]
    img[:b, -b:] = CORNERS["tr"]
    img[-b:, :b] = CORNERS["bl"]
    img[-b:, -b:] = CORNERS["br"]
    return img


def alpha_plane(width=WIDTH, height=HEIGHT):
    y, x = np.mgrid[0:height, 0:width]
    return ((x * 5 + y * 3) % 256).astype(np.uint8)


def pil_bytes(image, fmt, **kwargs):
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


# ---------------------------------------------------------------- PNG
def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width, height):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")


def png_fixtures():
    rgb = base_rgb()
    gray = rgb[..., 1].copy()
    out = {
        "png_rgb.png": pil_bytes(Image.fromarray(rgb, "RGB"), "PNG"),
        "png_rgba.png": pil_bytes(Image.fromarray(np.dstack([rgb, alpha_plane()]), "RGBA"), "PNG"),
        "png_gray.png": pil_bytes(Image.fromarray(gray, "L"), "PNG"),
        "png_gray_alpha.png": pil_bytes(Image.fromarray(np.dstack([gray, alpha_plane()]), "LA"), "PNG"),
        "png_gray1.png": pil_bytes(Image.fromarray(gray).convert("1"), "PNG"),
    }
    gray16 = (gray.astype(np.uint16) * 257 + np.arange(WIDTH, dtype=np.uint16)[None, :] * 3)
    out["png_gray16.png"] = pil_bytes(Image.fromarray(gray16.astype(np.uint16)), "PNG")
    rgb16 = rgb.astype(np.uint16) * 256 + (np.arange(WIDTH, dtype=np.uint16)[None, :, None] * 5)
    ok, enc = cv2.imencode(".png", rgb16[..., ::-1].copy())
    assert ok
    out["png_rgb16.png"] = enc.tobytes()
    palette_image = Image.fromarray(rgb, "RGB").quantize(colors=16)
    out["png_palette_trns.png"] = pil_bytes(palette_image, "PNG", transparency=3)
    out["png_huge_header.png"] = png_header_only(50000, 50000)
    out["png_wide_header.png"] = png_header_only(100000, 1)
    return out


# ---------------------------------------------------------------- JPEG
def exif_with_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def patch_sof_size(jpeg, width, height):
    data = bytearray(jpeg)
    i = 2
    while i + 4 <= len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            data[i + 5:i + 9] = struct.pack(">HH", height, width)
            return bytes(data)
        i += 2 + length
    raise ValueError("no SOF")


def jpeg_fixtures():
    rgb = Image.fromarray(base_rgb(), "RGB")
    out = {
        "jpeg_baseline.jpg": pil_bytes(rgb, "JPEG", quality=90),
        "jpeg_444.jpg": pil_bytes(rgb, "JPEG", quality=90, subsampling=0),
        "jpeg_progressive.jpg": pil_bytes(rgb, "JPEG", quality=85, progressive=True),
        "jpeg_gray.jpg": pil_bytes(rgb.convert("L"), "JPEG", quality=90),
        "jpeg_cmyk.jpg": pil_bytes(rgb.convert("CMYK"), "JPEG", quality=90),
    }
    for orientation in range(1, 9):
        out[f"jpeg_exif_{orientation}.jpg"] = pil_bytes(rgb, "JPEG", quality=95,
                                                       exif=exif_with_orientation(orientation))
    out["jpeg_huge_sof.jpg"] = patch_sof_size(out["jpeg_baseline.jpg"], 50000, 50000)
    return out


# ---------------------------------------------------------------- WebP
def webp_fixtures():
    rgb = base_rgb()
    rgba = Image.fromarray(np.dstack([rgb, alpha_plane()]), "RGBA")
    return {
        "webp_lossy.webp": pil_bytes(Image.fromarray(rgb, "RGB"), "WEBP", quality=80),
        "webp_lossless_alpha.webp": pil_bytes(rgba, "WEBP", lossless=True, exact=True),
        "webp_lossy_alpha.webp": pil_bytes(rgba, "WEBP", quality=80),
    }


# ---------------------------------------------------------------- BMP
def write_bmp(rows, width, bpp, *, top_down=False, header_size=40, compression=0, masks=None, palette=None):
    """rows: list of unpadded raw rows, top row first."""
    height = len(rows)
    stride = ((width * bpp + 31) // 32) * 4
    ordered = rows if top_down else rows[::-1]
    pixels = b"".join(r + b"\0" * (stride - len(r)) for r in ordered)
    info = struct.pack("<IiiHHIIiiII", header_size, width, -height if top_down else height, 1, bpp, compression,
                       len(pixels), 2835, 2835, len(palette) if palette else 0, 0)
    extra = b""
    if header_size == 124:
        r, g, b, a = masks if masks else (0, 0, 0, 0)
        info += struct.pack("<IIIII", r, g, b, a, 0x73524742) + b"\0" * 36 + b"\0" * 12 + struct.pack("<IIII", 4, 0, 0, 0)
    elif masks:
        extra = struct.pack("<III", *masks[:3])
    assert len(info) == header_size
    pal = b"".join(bytes([b, g, r, 0]) for (r, g, b) in palette) if palette else b""
    offset = 14 + len(info) + len(extra) + len(pal)
    file_header = b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset)
    return file_header + info + extra + pal + pixels


def bmp_fixtures():
    rgb = base_rgb()
    bgr_rows = [rgb[y, :, ::-1].tobytes() for y in range(HEIGHT)]
    alpha = alpha_plane()
    bgra_rows = [np.dstack([rgb[..., ::-1], alpha])[y].tobytes() for y in range(HEIGHT)]
    r5, g6, b5 = (rgb[..., 0] >> 3).astype(np.uint16), (rgb[..., 1] >> 2).astype(np.uint16), (rgb[..., 2] >> 3).astype(np.uint16)
    rows565 = [((r5[y] << 11) | (g6[y] << 5) | b5[y]).astype("<u2").tobytes() for y in range(HEIGHT)]
    g5 = (rgb[..., 1] >> 3).astype(np.uint16)
    rows555 = [((r5[y] << 10) | (g5[y] << 5) | b5[y]).astype("<u2").tobytes() for y in range(HEIGHT)]
    palette16 = [(i * 17, 255 - i * 17, (i * 53) % 256) for i in range(16)]
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    idx4 = ((x // 3 + y // 2) % 16).astype(np.uint8)
    rows4 = [bytes((idx4[r, c] << 4) | idx4[r, c + 1] for c in range(0, WIDTH, 2)) for r in range(HEIGHT)]
    return {
        "bmp_24.bmp": pil_bytes(Image.fromarray(rgb, "RGB"), "BMP"),
        "bmp_24_topdown.bmp": write_bmp(bgr_rows, WIDTH, 24, top_down=True),
        "bmp_32.bmp": write_bmp(bgra_rows, WIDTH, 32),
        "bmp_32_v5_bitfields.bmp": write_bmp(bgra_rows, WIDTH, 32, header_size=124, compression=3,
                                             masks=(0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)),
        "bmp_16_565.bmp": write_bmp(rows565, WIDTH, 16, compression=3, masks=(0xF800, 0x07E0, 0x001F)),
        "bmp_16_555.bmp": write_bmp(rows555, WIDTH, 16),
        "bmp_8_palette.bmp": pil_bytes(Image.fromarray(rgb, "RGB").quantize(colors=200), "BMP"),
        "bmp_4_palette.bmp": write_bmp(rows4, WIDTH, 4, palette=palette16),
        "bmp_1.bmp": pil_bytes(Image.fromarray(rgb[..., 1]).convert("1"), "BMP"),
    }


# ---------------------------------------------------------------- TIFF
def tiff_fixtures():
    rgb = Image.fromarray(base_rgb(), "RGB")
    pages = [Image.fromarray(base_rgb(w, h, seed=i), "RGB") for i, (w, h) in enumerate([(48, 32), (20, 36), (33, 17)])]
    gray16 = (base_rgb()[..., 0].astype(np.uint16) * 257 + np.arange(WIDTH, dtype=np.uint16)[None, :] * 7)
    return {
        "tiff_rgb.tif": pil_bytes(rgb, "TIFF"),
        "tiff_rgb_lzw.tif": pil_bytes(rgb, "TIFF", compression="tiff_lzw"),
        "tiff_multipage.tif": pil_bytes(pages[0], "TIFF", save_all=True, append_images=pages[1:]),
        "tiff_gray16.tif": pil_bytes(Image.fromarray(gray16.astype(np.uint16)), "TIFF"),
        "tiff_palette.tif": pil_bytes(rgb.quantize(colors=32), "TIFF"),
    }


NO_EXPECTATION = {"png_huge_header.png", "png_wide_header.png", "jpeg_huge_sof.jpg"}


def main():
    fixtures = {}
    for make in (png_fixtures, jpeg_fixtures, webp_fixtures, bmp_fixtures, tiff_fixtures):
        fixtures.update(make())
    os.makedirs(EXPECTED_DIR, exist_ok=True)
    manifest = []
    for name, data in sorted(fixtures.items()):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        if name in NO_EXPECTATION:
            continue
        ok, pages = cv2.imdecodemulti(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        assert ok and pages, name
        for index, page in enumerate(pages):
            assert page.dtype == np.uint8 and page.ndim == 3 and page.shape[2] == 3, name
            raw = f"{name}.{index}.bgr"
            with open(os.path.join(EXPECTED_DIR, raw), "wb") as f:
                f.write(np.ascontiguousarray(page).tobytes())
            manifest.append(f"{name} {index} {page.shape[0]} {page.shape[1]} {raw}")
    with open(os.path.join(HERE, "expected.txt"), "w") as f:
        f.write(f"# produced by make_fixtures.py with OpenCV {cv2.__version__}\n")
        f.write("\n".join(manifest) + "\n")
    write_readme(sorted(fixtures))


def write_readme(names):
    lines = [
        "# Decode test fixtures",
        "",
        "Synthetic images drawn by `make_fixtures.py` (Pillow, numpy, OpenCV encoders).",
        "They are our own work and are dedicated to the public domain under",
        "[CC0 1.0](https://creativecommons.org/publicdomain/zero/1.0/).",
        "",
        "`expected/*.bgr` are the raw BGR bytes `cv2.imdecodemulti(buf, cv2.IMREAD_COLOR)`",
        "returned for each page (listed in `expected.txt`: fixture, page, rows, cols, file).",
        "Regenerate everything with `python3 make_fixtures.py` (see its docstring).",
        "",
        "| file | sha256 |",
        "| --- | --- |",
    ]
    for name in names:
        with open(os.path.join(HERE, name), "rb") as f:
            lines.append(f"| {name} | {hashlib.sha256(f.read()).hexdigest()} |")
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
