#!/usr/bin/env python3
"""Writes the PDF fixtures in this directory (see README.md).

Needs Pillow (JPEG for the image pages) and pypdf (encryption only):
    python3 -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install pillow pypdf
    /tmp/pdfvenv/bin/python tests/data/pdf/make_pdfs.py

The PDFs are written by hand (no PDF library) so that their structure is small
and known: Helvetica text objects for text pages, one DCT (JPEG) image XObject
for image-only pages.
"""
import io
import pathlib

from PIL import Image
from pypdf import PdfReader, PdfWriter

HERE = pathlib.Path(__file__).resolve().parent
IMAGES = HERE.parent / "images"
IMAGE_DPI = 150  # the rendered paragraphs are placed at 150 DPI

# Text pages: one list of lines per page. '&', '<' and '>' exercise entity
# decoding in pdftotext's XHTML output.
TEXT_PAGES = [
    ["Hello PDF text layer", "Fish & chips <cheap> price 42", "The quick brown fox"],
    ["Page two says hello", "Second page, last line"],
]

# An 8-page image-only document for the page-parallel tests and the pages
# benchmark (bench/pages.py): every rendered page of ../images.
SCANNED_8_PAGES = [
    "en_paragraph.png", "zh_paragraph.png", "receipt_two_column.png", "ja_paragraph.png",
    "mixed_zh_en.png", "small_text.png", "skewed_7deg.png", "rotated_180.png",
]

# A 12-page text document: over the web UI's 10-page threshold, so it goes to /jobs.
TEXT_12_PAGES = [[f"Long document page {n}", f"Line two of page {n}"] for n in range(1, 13)]


def pdf_string(text):
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_page(lines):
    """(content stream, resources, width, height) of a Letter page with Helvetica lines."""
    ops = ["BT", "/F1 14 Tf", "72 720 Td", "20 TL"]
    for line in lines:
        ops.append(pdf_string(line) + " Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("ascii"), "<< /Font << /F1 {font} >> >>", 612, 792


def image_page(png_name):
    """(content stream, resources, width, height, jpeg bytes, pixel size) of a page that is one image."""
    image = Image.open(IMAGES / png_name).convert("RGB")
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=60, optimize=True)
    width_pt = image.width * 72 / IMAGE_DPI
    height_pt = image.height * 72 / IMAGE_DPI
    content = f"q {width_pt:.2f} 0 0 {height_pt:.2f} 0 0 cm /Im0 Do Q".encode("ascii")
    return content, "<< /XObject << /Im0 {image} >> >>", width_pt, height_pt, jpeg.getvalue(), image.size


def write_pdf(path, pages):
    """pages: list of ("text", lines) or ("image", png_name)."""
    objects = []  # bytes of object i+1

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_obj = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for kind, arg in pages:
        if kind == "text":
            content, resources, width, height = text_page(arg)
            resources = resources.format(font=f"{font} 0 R")
        else:
            content, resources, width, height, jpeg, (px_w, px_h) = image_page(arg)
            image = add(
                f"<< /Type /XObject /Subtype /Image /Width {px_w} /Height {px_h} /ColorSpace /DeviceRGB "
                f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode("ascii")
                + jpeg
                + b"\nendstream"
            )
            resources = resources.format(image=f"{image} 0 R")
        stream = add(f"<< /Length {len(content)} >>\nstream\n".encode("ascii") + content + b"\nendstream")
        page = add(
            f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
            f"/Resources {resources} /Contents {stream} 0 R >>".encode("ascii")
        )
        kids.append(page)
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode("ascii")
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode("ascii")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    path.write_bytes(bytes(out))


def write_encrypted(source, path):
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="secret", owner_password="owner-secret", algorithm="RC4-128")
    with open(path, "wb") as f:
        writer.write(f)


def write_corrupt(path):
    # A PDF header and the start of an object, then nothing: no pages, no xref, no trailer.
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n")


def main():
    write_pdf(HERE / "text_layer.pdf", [("text", TEXT_PAGES[0]), ("text", TEXT_PAGES[1])])
    write_pdf(HERE / "scanned.pdf", [("image", "en_paragraph.png"), ("image", "zh_paragraph.png")])
    write_pdf(HERE / "scanned_8.pdf", [("image", name) for name in SCANNED_8_PAGES])
    write_pdf(HERE / "text_12.pdf", [("text", lines) for lines in TEXT_12_PAGES])
    write_pdf(HERE / "mixed.pdf", [("text", TEXT_PAGES[0]), ("image", "en_paragraph.png")])
    write_encrypted(HERE / "text_layer.pdf", HERE / "encrypted.pdf")
    write_corrupt(HERE / "corrupt.pdf")
    gt = "\n\n".join("\n".join(lines) for lines in TEXT_PAGES) + "\n"
    (HERE / "text_layer.gt.txt").write_text(gt, encoding="utf-8")


if __name__ == "__main__":
    main()
