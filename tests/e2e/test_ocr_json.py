"""POST /ocr with a JSON body: OnnxOCR's contract, field by field."""

import base64
import difflib

import requests

from e2e_util import (DECODE, TIMEOUT, assert_error, assert_lines, assert_matches_golden, assert_paged_response,
                      assert_single_response, b64, describe, golden, image, metric_sum, ok_json, parse_metrics,
                      post_ocr, read, texts)


def test_schema_field_by_field(base_url):
    body = ok_json(post_ocr(base_url, {"image": b64(image("en_paragraph.png"))}))
    assert set(body) == {"processing_time", "results"}, body
    lines = assert_single_response(body)
    assert len(lines) == 9
    assert lines[0]["text"] == "The quick brown fox jumps over the lazy dog."
    for item in lines:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = item["bounding_box"]
        # clockwise from top-left for a horizontal line
        assert x0 < x1 and x3 < x2, item
        assert y0 < y3 and y1 < y2, item
    # reading order: top to bottom
    tops = [item["bounding_box"][0][1] for item in lines]
    assert tops == sorted(tops)


def test_matches_python_reference(base_url):
    lines = assert_single_response(ok_json(post_ocr(base_url, {"image": b64(image("en_paragraph.png"))})))
    assert_matches_golden(lines, "en_paragraph")


def test_onnxocr_readme_client_unchanged(base_url):
    # Exactly as OnnxOCR's README shows its API being called.
    with open(image("en_paragraph.png"), "rb") as f:
        image_base64 = base64.b64encode(f.read()).decode("utf-8")
    response = requests.post(base_url + "/ocr", json={"image": image_base64}, timeout=TIMEOUT)
    assert response.status_code == 200, describe(response)
    assert response.headers["Content-Type"].startswith("application/json")
    result = response.json()
    got = [(item["text"], item["confidence"], item["bounding_box"]) for item in result["results"]]
    assert got[0][0] == "The quick brown fox jumps over the lazy dog."
    assert isinstance(result["processing_time"], float)


def test_data_url_prefix(base_url):
    payload = {"image": "data:image/png;base64," + b64(image("en_paragraph.png"))}
    lines = assert_single_response(ok_json(post_ocr(base_url, payload)))
    assert texts(lines) == texts(golden("en_paragraph")["results"])


def test_base64_with_newlines(base_url):
    wrapped = base64.encodebytes(read(image("en_paragraph.png"))).decode("ascii")  # \n every 76 chars
    assert "\n" in wrapped
    lines = assert_single_response(ok_json(post_ocr(base_url, {"image": wrapped})))
    assert texts(lines) == texts(golden("en_paragraph")["results"])


def test_jpeg(base_url):
    lines = assert_single_response(ok_json(post_ocr(base_url, {"image": b64(image("en_paragraph_q90.jpg"))})))
    assert_matches_golden(lines, "en_paragraph_q90")


def test_chinese(base_url):
    lines = assert_single_response(ok_json(post_ocr(base_url, {"image": b64(image("zh_paragraph.png"))})))
    assert texts(lines) == texts(golden("zh_paragraph")["results"])


def test_no_text_gives_empty_results(base_url):
    lines = assert_single_response(ok_json(post_ocr(base_url, {"image": b64(image("skimage_text.png"))})))
    assert lines == []


def test_batch_images(base_url):
    payload = {"images": [b64(image("en_paragraph.png")), b64(image("zh_paragraph.png")),
                          b64(image("skimage_text.png"))]}
    body = ok_json(post_ocr(base_url, payload))
    assert set(body) == {"processing_time", "results"}, body
    pages = assert_paged_response(body)
    assert len(pages) == 3
    assert texts(pages[0]) == texts(golden("en_paragraph")["results"])
    assert texts(pages[1]) == texts(golden("zh_paragraph")["results"])
    assert pages[2] == []


def test_batch_of_one(base_url):
    pages = assert_paged_response(ok_json(post_ocr(base_url, {"images": [b64(image("en_paragraph.png"))]})))
    assert len(pages) == 1 and texts(pages[0]) == texts(golden("en_paragraph")["results"])


def test_use_angle_cls(base_url):
    data = b64(image("rotated_180.png"))
    with_cls = assert_single_response(ok_json(post_ocr(base_url, {"image": data, "use_angle_cls": True})))
    assert texts(with_cls) == texts(golden("rotated_180")["results"])
    without = assert_single_response(ok_json(post_ocr(base_url, {"image": data, "use_angle_cls": False})))
    assert "This page is printed upside down." not in texts(without)
    # default is true
    default = assert_single_response(ok_json(post_ocr(base_url, {"image": data})))
    assert texts(default) == texts(with_cls)


def test_det_limit_side_len(base_url):
    data = b64(image("en_paragraph.png"))
    at_960 = assert_single_response(ok_json(post_ocr(base_url, {"image": data, "det_limit_side_len": 960})))
    assert texts(at_960) == texts(golden("en_paragraph")["results"])
    tiny = assert_single_response(ok_json(post_ocr(base_url, {"image": data, "det_limit_side_len": 64})))
    assert texts(tiny) != texts(at_960)


def test_drop_score(base_url):
    data = b64(image("en_paragraph.png"))
    ref = golden("en_paragraph")["results"]
    lines = assert_single_response(ok_json(post_ocr(base_url, {"image": data, "drop_score": 0.99})))
    assert 0 < len(lines) < len(ref)
    assert all(item["confidence"] >= 0.99 for item in lines)
    assert set(texts(lines)) <= {item["text"] for item in ref}
    everything = assert_single_response(ok_json(post_ocr(base_url, {"image": data, "drop_score": 0})))
    assert len(everything) >= len(ref)


def test_serve_flags_are_the_defaults_of_requests(base_url, start_server):
    # serve's --drop-score, --det-limit-side-len and --use-angle-cls are what a
    # request gets when it leaves the field out; a request's own field still wins.
    server = start_server("--drop-score", "0.99", "--det-limit-side-len", "64", "--use-angle-cls", "false", workers=1)
    paragraph = b64(image("en_paragraph.png"))
    rotated = b64(image("rotated_180.png"))
    asked = {"drop_score": 0.99, "det_limit_side_len": 64}
    for data in (paragraph, rotated):
        by_flags = texts(assert_single_response(ok_json(post_ocr(server.url, {"image": data}))))
        by_fields = texts(assert_single_response(ok_json(post_ocr(base_url, {"image": data, "use_angle_cls": False,
                                                                               **asked}))))
        plain = texts(assert_single_response(ok_json(post_ocr(base_url, {"image": data}))))
        assert by_flags == by_fields
        assert by_flags != plain
    # The request's fields over the server's flags: the default server's answer.
    for name, data in (("en_paragraph", paragraph), ("rotated_180", rotated)):
        overridden = {"image": data, "drop_score": 0.5, "det_limit_side_len": 960, "use_angle_cls": True}
        lines = assert_single_response(ok_json(post_ocr(server.url, overridden)))
        assert texts(lines) == texts(golden(name)["results"])


def test_model_ppocrv6_tiny(base_url):
    ready = requests.get(base_url + "/ready", timeout=TIMEOUT).json()
    assert "ppocrv6-tiny" in ready.get("models", []), f"ppocrv6-tiny not loaded: {ready}"
    body = ok_json(post_ocr(base_url, {"image": b64(image("en_paragraph.png")), "model": "ppocrv6-tiny"}))
    lines = assert_single_response(body)
    want = "\n".join(texts(golden("en_paragraph")["results"]))
    got = "\n".join(texts(lines))
    assert difflib.SequenceMatcher(None, got, want).ratio() > 0.8, got


def test_model_default_by_name(base_url):
    body = ok_json(post_ocr(base_url, {"image": b64(image("en_paragraph.png")), "model": "ppocrv5-mobile"}))
    assert texts(assert_single_response(body)) == texts(golden("en_paragraph")["results"])


def test_unknown_model_is_422(base_url):
    r = post_ocr(base_url, {"image": b64(image("en_paragraph.png")), "model": "nope"})
    assert_error(r, 422, "invalid_argument")


def test_unknown_fields_ignored(base_url):
    payload = {"image": b64(image("en_paragraph.png")), "language_hint": "en", "foo": {"bar": [1, 2]}, "cls": True}
    lines = assert_single_response(ok_json(post_ocr(base_url, payload)))
    assert texts(lines) == texts(golden("en_paragraph")["results"])


def test_multipage_tiff_gives_pages(base_url):
    pages = assert_paged_response(ok_json(post_ocr(base_url, {"image": b64(DECODE / "tiff_multipage.tif")})))
    assert len(pages) == 3


def detector_runs(url):
    r = requests.get(url + "/metrics", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    return metric_sum(parse_metrics(r.text), "onnxocr_stage_duration_seconds_count", stage="det")


def test_multipage_tiff_in_batch_contributes_first_page(base_url):
    payload = {"images": [b64(DECODE / "tiff_multipage.tif"), b64(image("en_paragraph.png"))]}
    before = detector_runs(base_url)
    pages = assert_paged_response(ok_json(post_ocr(base_url, payload)))
    # Only the work answered is done: the TIFF's first page and the PNG, not all 3 + 1 pages.
    assert detector_runs(base_url) - before == 2
    assert len(pages) == 2
    assert all(isinstance(item, dict) for item in pages[0])  # lines, not pages
    assert_lines(pages[0])
    assert texts(pages[1]) == texts(golden("en_paragraph")["results"])


def test_other_image_formats(base_url):
    for name in ("bmp_24.bmp", "webp_lossy.webp", "tiff_rgb.tif", "png_rgba.png", "png_gray16.png"):
        r = post_ocr(base_url, {"image": b64(DECODE / name)})
        assert r.status_code == 200, f"{name}: {describe(r)}"
        assert_single_response(r.json())
