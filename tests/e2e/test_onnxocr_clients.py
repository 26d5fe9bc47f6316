"""Clients of today's OnnxOCR: its JSON contract at /ocr_api (the name it moved
to when it removed app-service.py) answers exactly as /ocr does."""

import requests

from e2e_util import TIMEOUT, assert_error, assert_single_response, b64, describe, image, ok_json, texts


def post_json(base_url, route, payload):
    return requests.post(base_url + route, json=payload, timeout=TIMEOUT)


def without_time(body):
    return {k: v for k, v in body.items() if k != "processing_time"}


def test_ocr_api_answers_a_single_image_as_ocr_does(base_url):
    payload = {"image": b64(image("en_paragraph.png"))}
    ours = ok_json(post_json(base_url, "/ocr_api", payload))
    assert_single_response(ours)
    assert without_time(ours) == without_time(ok_json(post_json(base_url, "/ocr", payload)))
    assert "The quick brown fox jumps over the lazy dog." in texts(ours["results"]), texts(ours["results"])


def test_ocr_api_takes_a_batch_and_the_options(base_url):
    payload = {"images": [b64(image("small_text.png")), b64(image("zh_paragraph.png"))], "drop_score": 0.8,
               "word_boxes": True}
    body = ok_json(post_json(base_url, "/ocr_api", payload))
    assert set(body) == {"processing_time", "results"} and len(body["results"]) == 2, body.keys()
    assert all(line["confidence"] >= 0.8 and "words" in line for page in body["results"] for line in page)
    assert without_time(body) == without_time(ok_json(post_json(base_url, "/ocr", payload)))


def test_ocr_api_takes_multipart_too(base_url):
    with open(image("small_text.png"), "rb") as f:
        data = f.read()
    r = requests.post(base_url + "/ocr_api", files={"file": ("small_text.png", data, "image/png")}, timeout=TIMEOUT)
    body = ok_json(r)
    assert_single_response(body)
    assert body["results"], describe(r)


def test_ocr_api_errors_are_those_of_ocr(base_url):
    assert_error(post_json(base_url, "/ocr_api", {"image": "%%%"}), 400, "malformed_request")
    assert_error(post_json(base_url, "/ocr_api", {"image": b64(image("small_text.png")), "drop_score": 7}), 422,
                 "invalid_argument")
    assert_error(requests.get(base_url + "/ocr_api", timeout=TIMEOUT), 405, "method_not_allowed")


def test_web_ui_routes_we_do_not_serve_say_why(base_url):
    for method, path in (("post", "/set_model"), ("post", "/table_api"), ("post", "/layout_markdown_file"),
                         ("get", "/download/20261205_120000")):
        body = assert_error(getattr(requests, method)(base_url + path, timeout=TIMEOUT), 404, "not_found")
        assert "OnnxOCR's web UI" in body["error"] and "does not serve" in body["error"], body


def test_the_web_ui_batch_form_on_ocr_is_told_what_to_send(base_url):
    with open(image("small_text.png"), "rb") as f:
        data = f.read()
    r = requests.post(base_url + "/ocr", files=[("files", ("a.png", data, "image/png"))],
                      data={"model_name": "PP-OCRv5"}, timeout=TIMEOUT)
    body = assert_error(r, 400, "malformed_request")
    assert "model_name" in body["error"] and "\"file\"" in body["error"], body
