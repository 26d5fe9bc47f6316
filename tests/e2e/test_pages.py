"""The pages of one request run as units of work of their own (idle cores take
pages) and come back in page order: PDF pages, TIFF frames, batch images."""
import difflib

import pytest
import requests

from e2e_util import (DECODE, TIMEOUT, assert_error, assert_paged_response, b64, golden, image, normalise,
                      ok_json, pdf_or_skip, post_ocr, read, texts)

# scanned_8.pdf's pages, in order (tests/data/pdf/README.md).
SCANNED_8 = ["en_paragraph", "zh_paragraph", "receipt_two_column", "ja_paragraph",
             "mixed_zh_en", "small_text", "skewed_7deg", "rotated_180"]


def ratio(a, b):
    return difflib.SequenceMatcher(None, normalise(" ".join(a)), normalise(" ".join(b))).ratio()


def test_an_eight_page_pdf_answers_every_page_in_order(base_url):
    path = pdf_or_skip("scanned_8.pdf")
    r = requests.post(base_url + "/ocr", files={"file": (path.name, read(path), "application/pdf")}, timeout=TIMEOUT)
    pages = assert_paged_response(ok_json(r))
    assert len(pages) == 8
    want = [texts(golden(name)["results"]) for name in SCANNED_8]
    for i, page in enumerate(pages):
        # Rasterised at the server's DPI, not the images' own: each page is
        # matched fuzzily, and must match its own image best of all eight.
        scores = [ratio(texts(page), lines) for lines in want]
        best = max(range(8), key=scores.__getitem__)
        assert best == i, f"page {i} reads most like {SCANNED_8[best]} ({scores})"
        assert scores[i] > 0.6, f"page {i}: similarity {scores[i]:.3f}"


def test_a_batch_answers_each_image_exactly_as_alone_and_in_order(base_url):
    names = SCANNED_8
    r = post_ocr(base_url, {"images": [b64(image(name + ".png")) for name in names]})
    pages = assert_paged_response(ok_json(r))
    assert [texts(page) for page in pages] == [texts(golden(name)["results"]) for name in names]


def test_marker_pages_of_a_scanned_pdf_come_in_order(base_url):
    path = pdf_or_skip("scanned_8.pdf")
    r = requests.post(base_url + "/marker/upload", files={"file": (path.name, read(path), "application/pdf")},
                      data={"output_format": "json", "force_ocr": "true", "page_range": "7,0-2"}, timeout=TIMEOUT)
    body = ok_json(r)
    assert [stat["page_id"] for stat in body["metadata"]["page_stats"]] == [0, 1, 2, 7]  # document order


def test_multipage_tiff_frames_come_in_order(base_url):
    pages = assert_paged_response(ok_json(requests.post(
        base_url + "/ocr", files={"file": ("t.tif", read(DECODE / "tiff_multipage.tif"))}, timeout=TIMEOUT)))
    assert len(pages) == 3


def test_one_failed_page_fails_the_request_and_names_it(base_url):
    images = [b64(image(name + ".png")) for name in SCANNED_8]
    images[5] = b64(read(image("en_paragraph.png"))[:2000])  # a truncated PNG among good pages
    r = post_ocr(base_url, {"images": images})
    body = assert_error(r, 400, "corrupt_input")
    assert body["error"].startswith("images[5]: "), body


@pytest.mark.parametrize("workers", [1])
def test_pages_spread_over_idle_cores_give_the_same_answer_as_one_core(start_server, workers):
    path = pdf_or_skip("scanned_8.pdf")
    files = {"file": (path.name, read(path), "application/pdf")}
    lent = start_server(workers=workers)  # one worker: the other cores can only help through lending
    alone = start_server("--adaptive", "off", workers=workers)
    got = ok_json(requests.post(lent.url + "/ocr", files=files, timeout=TIMEOUT))["results"]
    want = ok_json(requests.post(alone.url + "/ocr", files=files, timeout=TIMEOUT))["results"]
    assert [texts(page) for page in got] == [texts(page) for page in want]
