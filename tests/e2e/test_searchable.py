"""Word boxes on /ocr, hOCR on /marker/upload and /jobs, and searchable PDFs
from POST /pdf and /jobs (read back with poppler's pdftotext and pdfinfo)."""
import json
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

from e2e_util import TIMEOUT, assert_error, b64, describe, image, ok_json, pdf_or_skip, read
from test_jobs import accepted, wait_status

PHOTOS = ["en_paragraph_q90.jpg", "zh_paragraph.png", "mixed_zh_en.png", "skewed_7deg.png", "rotated_180.png",
          "ja_paragraph.png", "receipt_two_column.png"]
XHTML = "{http://www.w3.org/1999/xhtml}"


def squash(text):
    return " ".join(text.split())


def pdftotext(pdf_bytes):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def ocr_with_words(base_url, path):
    r = requests.post(base_url + "/ocr", files={"file": (Path(path).name, read(path))}, data={"word_boxes": "true"},
                      timeout=TIMEOUT)
    return ok_json(r)["results"]


def inside(point, quad, slack=1.0):
    """Whether `point` lies in the convex quad (within `slack` pixels)."""
    sign = 0
    for i in range(4):
        (x0, y0), (x1, y1) = quad[i], quad[(i + 1) % 4]
        cross = (x1 - x0) * (point[1] - y0) - (y1 - y0) * (point[0] - x0)
        length = max(1e-6, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        if abs(cross) / length <= slack:
            continue
        if sign == 0:
            sign = 1 if cross > 0 else -1
        elif (cross > 0) != (sign > 0):
            return False
    return True


@pytest.mark.parametrize("name", PHOTOS)
def test_words_spell_their_line_and_lie_within_it(base_url, name):
    lines = ocr_with_words(base_url, image(name))
    assert lines
    for line in lines:
        words = line["words"]
        assert words, line
        assert "".join(w["text"] for w in words) == "".join(line["text"].split()), line
        for word in words:
            assert word["text"].strip() == word["text"] and word["text"], word
            assert 0 <= word["confidence"] <= 1
            for corner in word["bounding_box"]:
                assert inside(corner, line["bounding_box"]), (word, line["bounding_box"])


def test_cjk_is_split_per_character_and_latin_per_word(base_url):
    lines = ocr_with_words(base_url, image("mixed_zh_en.png"))
    han = [w["text"] for line in lines for w in line["words"] if any("\u4e00" <= c <= "\u9fff" for c in w["text"])]
    assert han and all(len(text) == 1 for text in han), han
    latin = [w["text"] for line in lines for w in line["words"] if w["text"].isascii() and w["text"].isalpha()]
    assert any(len(text) > 1 for text in latin), latin


def test_word_boxes_are_off_by_default_and_the_answer_unchanged(base_url):
    path = image("en_paragraph.png")
    plain = requests.post(base_url + "/ocr", json={"image": b64(path)}, timeout=TIMEOUT)
    off = requests.post(base_url + "/ocr", json={"image": b64(path), "word_boxes": False}, timeout=TIMEOUT)
    on = requests.post(base_url + "/ocr", json={"image": b64(path), "word_boxes": True}, timeout=TIMEOUT)
    assert "words" not in plain.text
    strip = lambda body: {k: v for k, v in json.loads(body).items() if k != "processing_time"}
    assert strip(plain.text) == strip(off.text)
    with_words = strip(on.text)
    for line in with_words["results"]:
        assert line.pop("words")
    assert with_words == strip(plain.text), "word boxes add words and change nothing else"
    assert_error(requests.post(base_url + "/ocr", json={"image": b64(path), "word_boxes": "yes"}, timeout=TIMEOUT),
                 422, "invalid_argument")


def parse_hocr(text):
    root = ET.fromstring(text.encode("utf-8"))  # well-formed XML, or this raises
    assert root.tag == XHTML + "html"
    return root


def by_class(root, name):
    return [e for e in root.iter() if e.get("class") == name]


def bbox(element):
    fields = dict(part.strip().split(" ", 1) for part in element.get("title").split(";"))
    return [int(v) for v in fields["bbox"].split()], fields


def test_hocr_is_valid_xhtml_with_pages_lines_and_words(base_url):
    r = requests.post(base_url + "/marker/upload", files={"file": ("p.png", read(image("en_paragraph.png")))},
                      data={"output_format": "hocr"}, timeout=TIMEOUT)
    body = ok_json(r)
    assert body["format"] == "hocr"
    root = parse_hocr(body["output"])
    pages, lines, words = by_class(root, "ocr_page"), by_class(root, "ocr_line"), by_class(root, "ocrx_word")
    assert len(pages) == 1 and len(lines) >= 5 and len(words) > len(lines)
    (x0, y0, x1, y1), _ = bbox(pages[0])
    assert (x0, y0) == (0, 0) and x1 > 0 and y1 > 0
    for word in words:
        (wx0, wy0, wx1, wy1), fields = bbox(word)
        assert 0 <= wx0 < wx1 <= x1 and 0 <= wy0 < wy1 <= y1
        assert 0 <= int(fields["x_wconf"]) <= 100
    text = " ".join(w.text for w in words)
    assert "quick brown fox" in text


def test_the_pdf_of_a_jpeg_embeds_it_and_its_text_is_found(base_url):
    path = image("en_paragraph_q90.jpg")
    jpeg = read(path)
    lines = ocr_with_words(base_url, path)
    r = requests.post(base_url + "/pdf", files={"file": (path.name, jpeg)}, timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert jpeg in r.content, "the JPEG's own bytes"
    assert len(r.content) <= len(jpeg) * 1.1 + 20 * 1024
    text = squash(pdftotext(r.content))
    assert all(squash(line["text"]) in text for line in lines), text


@pytest.mark.parametrize("name", PHOTOS)
def test_pdftotext_finds_nearly_every_ocr_line_verbatim(base_url, name):
    path = image(name)
    lines = ocr_with_words(base_url, path)
    r = requests.post(base_url + "/pdf", files={"file": (path.name, read(path))}, timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    text = squash(pdftotext(r.content))
    found = sum(squash(line["text"]) in text for line in lines)
    assert found >= 0.95 * len(lines), (found, len(lines), text)


def test_a_pdf_keeps_its_text_pages_and_gets_a_layer_on_scanned_ones(base_url):
    path = pdf_or_skip("mixed.pdf")
    original = read(path)
    r = requests.post(base_url + "/pdf", files={"file": ("mixed.pdf", original)}, timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert pdf_pages(r.content) == pdf_pages(original)
    before, after = squash(pdftotext(original)), squash(pdftotext(r.content))
    assert before and before in after, "the text pages' own text, unchanged and in place"
    assert len(after) > len(before) + 100, "the scanned page's text was added"
    marker = ok_json(requests.post(base_url + "/marker/upload", files={"file": ("m.pdf", original)},
                                   data={"output_format": "text"}, timeout=TIMEOUT))
    for line in marker["output"].splitlines():
        if line.strip():
            assert squash(line)[:20] in after, line


def test_a_text_only_pdf_comes_back_unchanged(base_url):
    path = pdf_or_skip("text_layer.pdf")
    r = requests.post(base_url + "/pdf", files={"file": ("t.pdf", read(path))}, timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.content == read(path)


@pytest.mark.parametrize("files,status,code", [
    ({"file": ("x.png", b"not an image")}, 415, "unsupported_format"),
    ({"other": ("x.png", b"abc")}, 400, "malformed_request"),
    ({"file": ("x.pdf", b"%PDF-1.4\n%%EOF")}, 400, "corrupt_input"),
])
def test_bad_pdf_requests_get_json_errors(base_url, files, status, code):
    r = requests.post(base_url + "/pdf", files=files, timeout=TIMEOUT)
    assert_error(r, status, code)
    assert requests.get(base_url + "/health", timeout=TIMEOUT).status_code == 200


def test_pdf_takes_only_multipart_posts(base_url):
    assert_error(requests.post(base_url + "/pdf", json={"image": "x"}, timeout=TIMEOUT), 415, "unsupported_format")
    r = requests.get(base_url + "/pdf", timeout=TIMEOUT)
    assert r.status_code == 405 and "POST" in r.headers["Allow"]


def test_marker_refuses_the_pdf_format_and_points_to_pdf(base_url):
    r = requests.post(base_url + "/marker/upload", files={"file": ("p.png", read(image("small_text.png")))},
                      data={"output_format": "pdf"}, timeout=TIMEOUT)
    assert r.status_code == 422 and "/pdf" in r.json()["error"], describe(r)


@pytest.mark.parametrize("fmt", ["pdf", "hocr"])
def test_jobs_make_searchable_pdfs_and_hocr(base_url, fmt):
    path = pdf_or_skip("scanned.pdf")
    r = requests.post(base_url + "/jobs", files={"file": ("s.pdf", read(path))}, data={"output_format": fmt},
                      timeout=TIMEOUT)
    job = accepted(r)
    wait_status(base_url, job["job_id"])
    result = requests.get(base_url + job["result_url"], timeout=TIMEOUT)
    assert result.status_code == 200, describe(result)
    sync = requests.post(base_url + "/marker/upload", files={"file": ("s.pdf", read(path))},
                         data={"output_format": "text"}, timeout=TIMEOUT)
    first_line = ok_json(sync)["output"].splitlines()[0]
    if fmt == "pdf":
        assert result.headers["Content-Type"] == "application/pdf"
        assert squash(first_line) in squash(pdftotext(result.content))
    else:
        assert result.headers["Content-Type"].startswith("application/json")
        root = parse_hocr(result.json()["output"])
        assert by_class(root, "ocrx_word")
    requests.delete(base_url + "/jobs/" + job["job_id"], timeout=TIMEOUT)
