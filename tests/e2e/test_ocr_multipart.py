"""POST /ocr with multipart/form-data: a `file` part plus options as form fields."""

import pytest
import requests

from e2e_util import (DECODE, TIMEOUT, assert_matches_golden, assert_paged_response, assert_single_response, describe,
                      golden, image, ok_json, pdf_or_skip, read, similar, text_layer_pages, texts)


def post_file(base_url, files, data=None):
    return requests.post(base_url + "/ocr", files=files, data=data, timeout=TIMEOUT)


def test_file_part_png(base_url):
    with open(image("en_paragraph.png"), "rb") as f:
        r = post_file(base_url, {"file": f})
    lines = assert_single_response(ok_json(r))
    assert_matches_golden(lines, "en_paragraph")


def test_file_part_with_filename_and_type(base_url):
    files = {"file": ("page.png", read(image("en_paragraph.png")), "image/png")}
    lines = assert_single_response(ok_json(post_file(base_url, files)))
    assert texts(lines) == texts(golden("en_paragraph")["results"])


def test_file_part_without_content_type_or_misleading_name(base_url):
    # detection is by content, not by name or declared type
    files = {"file": ("scan.bin", read(image("en_paragraph.png")), "application/octet-stream")}
    lines = assert_single_response(ok_json(post_file(base_url, files)))
    assert texts(lines) == texts(golden("en_paragraph")["results"])


def test_jpeg(base_url):
    with open(image("en_paragraph_q90.jpg"), "rb") as f:
        lines = assert_single_response(ok_json(post_file(base_url, {"file": f})))
    assert_matches_golden(lines, "en_paragraph_q90")


@pytest.mark.parametrize("on,off", [("true", "false"), ("1", "0")])
def test_use_angle_cls_form_field(base_url, on, off):
    data = read(image("rotated_180.png"))
    with_cls = assert_single_response(ok_json(post_file(base_url, {"file": ("r.png", data)}, {"use_angle_cls": on})))
    assert texts(with_cls) == texts(golden("rotated_180")["results"])
    without = assert_single_response(ok_json(post_file(base_url, {"file": ("r.png", data)}, {"use_angle_cls": off})))
    assert "This page is printed upside down." not in texts(without)


def test_numeric_form_fields(base_url):
    data = read(image("en_paragraph.png"))
    fields = {"drop_score": "0.99", "det_limit_side_len": "960", "model": "ppocrv5-mobile", "unknown": "x"}
    lines = assert_single_response(ok_json(post_file(base_url, {"file": ("p.png", data)}, fields)))
    assert 0 < len(lines) < len(golden("en_paragraph")["results"])
    assert all(item["confidence"] >= 0.99 for item in lines)


def test_multipage_tiff_gives_pages(base_url):
    with open(DECODE / "tiff_multipage.tif", "rb") as f:
        pages = assert_paged_response(ok_json(post_file(base_url, {"file": f})))
    assert len(pages) == 3


def test_scanned_pdf_gives_pages_with_text(base_url):
    # scanned.pdf: page 0 is en_paragraph.png, page 1 zh_paragraph.png, as images at 150 DPI
    path = pdf_or_skip("scanned.pdf")
    r = post_file(base_url, {"file": (path.name, read(path), "application/pdf")})
    pages = assert_paged_response(ok_json(r))
    assert len(pages) == 2
    # Rasterised at the server's DPI rather than the image's own 150 DPI, so lines
    # may differ slightly from the golden run on the original PNG: compare fuzzily.
    similar(texts(pages[0]), texts(golden("en_paragraph")["results"]))
    similar(texts(pages[1]), texts(golden("zh_paragraph")["results"]))
    # boxes are in rasterised-page pixels: top-to-bottom order on each page
    tops = [item["bounding_box"][0][1] for item in pages[0]]
    assert tops == sorted(tops)


def test_text_layer_pdf_is_ocrd_on_ocr_route(base_url):
    path = pdf_or_skip("text_layer.pdf")
    r = post_file(base_url, {"file": (path.name, read(path), "application/pdf")})
    pages = assert_paged_response(ok_json(r))
    want = text_layer_pages()
    assert len(pages) == len(want) == 2
    for got_page, want_page in zip(pages, want):
        similar(texts(got_page), want_page)


def test_pdf_with_options(base_url):
    path = pdf_or_skip("mixed.pdf")
    r = post_file(base_url, {"file": (path.name, read(path), "application/pdf")}, {"drop_score": "0.99"})
    pages = assert_paged_response(ok_json(r))
    assert len(pages) == 2
    assert all(item["confidence"] >= 0.99 for page in pages for item in page)


def test_small_image_has_request_id(base_url):
    # a 200 response always carries the request id header too
    with open(image("small_text.png"), "rb") as f:
        r = post_file(base_url, {"file": f})
    assert r.status_code == 200, describe(r)
    assert r.headers.get("X-Request-Id")
