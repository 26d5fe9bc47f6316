"""Every row of the error table in docs/http-api.md; a good request still succeeds after each."""

import base64
import json

import pytest
import requests

from e2e_util import (DECODE, PDF, TIMEOUT, assert_error, assert_single_response, b64, describe, image,
                      png_header_only, post_ocr, read)


def good_request(url):
    r = post_ocr(url, {"image": b64(image("small_text.png"))})
    assert r.status_code == 200, f"good request after a bad one failed: {describe(r)}"
    assert_single_response(r.json())


@pytest.fixture
def url(base_url):
    yield base_url
    good_request(base_url)


def post_raw(url, body, content_type, path="/ocr"):
    headers = {} if content_type is None else {"Content-Type": content_type}
    return requests.post(url + path, data=body, headers=headers, timeout=TIMEOUT)


# --- 400 malformed_request ----------------------------------------------------------------

@pytest.mark.parametrize("body", [b"{not json", b'{"image": "abc"', b"\xff\xfe{}", b"nul\x00l"])
def test_invalid_json(url, body):
    assert_error(post_raw(url, body, "application/json"), 400, "malformed_request")


def test_empty_body(url):
    assert_error(post_raw(url, b"", "application/json"), 400, "malformed_request")


@pytest.mark.parametrize("body", ["[1, 2]", '"image"', "42", "null"])
def test_json_not_an_object(url, body):
    assert_error(post_raw(url, body.encode(), "application/json"), 400, "malformed_request")


def test_neither_image_nor_images(url):
    assert_error(post_ocr(url, {"use_angle_cls": True}), 400, "malformed_request")


def test_both_image_and_images(url):
    data = b64(image("small_text.png"))
    assert_error(post_ocr(url, {"image": data, "images": [data]}), 400, "malformed_request")


@pytest.mark.parametrize("value", ["!!!not base64***", "ab$d", "iVBO Rw0K\x01Ggo="])
def test_invalid_base64(url, value):
    assert_error(post_ocr(url, {"image": value}), 400, "malformed_request")


def test_invalid_base64_in_batch(url):
    assert_error(post_ocr(url, {"images": [b64(image("small_text.png")), "!!!"]}), 400, "malformed_request")


def test_multipart_without_file(url):
    r = requests.post(url + "/ocr", files={"image": ("a.png", read(image("small_text.png")), "image/png")},
                      timeout=TIMEOUT)
    assert_error(r, 400, "malformed_request")


def test_multipart_fields_only(url):
    # requests sends fields-only as urlencoded; force multipart with an empty-named tuple file part
    r = requests.post(url + "/ocr", files={"use_angle_cls": (None, "true")}, timeout=TIMEOUT)
    assert r.request.headers["Content-Type"].startswith("multipart/form-data")
    assert_error(r, 400, "malformed_request")


def test_broken_multipart(url):
    body = b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc"  # no closing
    assert_error(post_raw(url, body, "multipart/form-data; boundary=xyz"), 400, "malformed_request")


def test_multipart_without_boundary(url):
    assert_error(post_raw(url, b"whatever", "multipart/form-data"), 400, "malformed_request")


# --- 400 corrupt_input --------------------------------------------------------------------

def test_truncated_png(url):
    assert_error(post_ocr(url, {"image": b64(read(image("en_paragraph.png"))[:2000])}), 400, "corrupt_input")


def test_truncated_jpeg(url):
    assert_error(post_ocr(url, {"image": b64(read(image("en_paragraph_q90.jpg"))[:3000])}), 400, "corrupt_input")


def test_truncated_png_multipart(url):
    r = requests.post(url + "/ocr", files={"file": ("t.png", read(image("en_paragraph.png"))[:2000], "image/png")},
                      timeout=TIMEOUT)
    assert_error(r, 400, "corrupt_input")


def test_empty_image(url):
    # zero bytes after decoding
    assert_error(post_ocr(url, {"image": ""}), 400, ("corrupt_input", "malformed_request"))


def test_empty_file_part(url):
    r = requests.post(url + "/ocr", files={"file": ("e.png", b"", "image/png")}, timeout=TIMEOUT)
    assert_error(r, 400, ("corrupt_input", "malformed_request"))


def test_corrupt_pdf(url):
    path = PDF / "corrupt.pdf"
    if not path.exists():
        pytest.skip(f"{path} missing")
    r = requests.post(url + "/ocr", files={"file": ("c.pdf", read(path), "application/pdf")}, timeout=TIMEOUT)
    assert_error(r, 400, "corrupt_input")


# --- 404 / 405 ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/nope", "/ocr/extra", "/v1/ocr", "/marker/upload/x"])
def test_unknown_path(url, path):
    assert_error(requests.get(url + path, timeout=TIMEOUT), 404, "not_found")


def test_unknown_path_post(url):
    assert_error(requests.post(url + "/nope", json={}, timeout=TIMEOUT), 404, "not_found")


@pytest.mark.parametrize("method,path", [("GET", "/ocr"), ("PUT", "/ocr"), ("DELETE", "/ocr"),
                                         ("POST", "/health"), ("POST", "/ready"), ("POST", "/metrics")])
def test_wrong_method(url, method, path):
    r = requests.request(method, url + path, timeout=TIMEOUT)
    assert_error(r, 405, "method_not_allowed")


def test_get_marker_upload_is_405(url):
    r = requests.get(url + "/marker/upload", timeout=TIMEOUT)
    assert r.status_code == 405, describe(r)


# --- 413 limit_exceeded -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["png_huge_header.png", "png_wide_header.png", "jpeg_huge_sof.jpg"])
def test_huge_declared_dimensions_fixture(url, name):
    assert_error(post_ocr(url, {"image": b64(DECODE / name)}), 413, "limit_exceeded")


def test_huge_declared_dimensions_crafted(url):
    assert_error(post_ocr(url, {"image": b64(png_header_only(50000, 50000))}), 413, "limit_exceeded")


def test_huge_declared_dimensions_multipart(url):
    r = requests.post(url + "/ocr", files={"file": ("h.png", png_header_only(50000, 50000), "image/png")},
                      timeout=TIMEOUT)
    assert_error(r, 413, "limit_exceeded")


def test_body_over_max_body_bytes(start_server):
    server = start_server("--max-body-bytes", "20000", workers=1)
    payload = json.dumps({"image": b64(image("en_paragraph.png"))}).encode()  # ~73 KB
    assert len(payload) > 20000
    r = post_raw(server.url, payload, "application/json")
    assert_error(r, 413, "limit_exceeded")
    files = {"file": ("p.png", read(image("en_paragraph.png")), "image/png")}
    assert_error(requests.post(server.url + "/ocr", files=files, timeout=TIMEOUT), 413, "limit_exceeded")
    # a small request still works on that server
    small = {"image": b64(read(DECODE / "png_rgb.png"))}
    assert len(json.dumps(small)) < 20000
    r = post_ocr(server.url, small)
    assert r.status_code == 200, describe(r)
    assert requests.get(server.url + "/health", timeout=TIMEOUT).status_code == 200


def test_batch_over_max_batch(start_server):
    server = start_server("--max-batch", "2", workers=1)
    data = b64(read(DECODE / "png_rgb.png"))
    r = post_ocr(server.url, {"images": [data, data, data]})
    assert r.status_code in (413, 422), describe(r)
    assert_error(r, r.status_code, "limit_exceeded" if r.status_code == 413 else "invalid_argument")
    assert post_ocr(server.url, {"images": [data, data]}).status_code == 200


def test_pdf_over_max_pdf_pages(start_server):
    path = PDF / "scanned.pdf"
    if not path.exists():
        pytest.skip(f"{path} missing")
    server = start_server("--max-pdf-pages", "1", workers=1)
    r = requests.post(server.url + "/ocr", files={"file": ("s.pdf", read(path), "application/pdf")},
                      timeout=TIMEOUT)
    assert_error(r, 413, "limit_exceeded")


# --- 415 unsupported_format ---------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "image/png", None])
def test_wrong_content_type(url, content_type):
    body = json.dumps({"image": b64(image("small_text.png"))}).encode()
    assert_error(post_raw(url, body, content_type), 415, "unsupported_format")


def test_json_content_type_with_charset_is_fine(url):
    body = json.dumps({"image": b64(image("small_text.png"))}).encode()
    r = post_raw(url, body, "application/json; charset=utf-8")
    assert r.status_code == 200, describe(r)


@pytest.mark.parametrize("data", [b"hello world, not an image", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
                                  b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"\x00" * 64])
def test_not_an_image(url, data):
    assert_error(post_ocr(url, {"image": base64.b64encode(data).decode()}), 415, "unsupported_format")


def test_not_an_image_multipart(url):
    r = requests.post(url + "/ocr", files={"file": ("x.txt", b"plain text file", "text/plain")}, timeout=TIMEOUT)
    assert_error(r, 415, "unsupported_format")


def test_encrypted_pdf(url):
    path = PDF / "encrypted.pdf"
    if not path.exists():
        pytest.skip(f"{path} missing")
    r = requests.post(url + "/ocr", files={"file": ("e.pdf", read(path), "application/pdf")}, timeout=TIMEOUT)
    assert_error(r, 415, "unsupported_format")


# --- 422 invalid_argument -----------------------------------------------------------------

@pytest.mark.parametrize("payload", [
    {"image": 123},
    {"image": ["abc"]},
    {"image": {"data": "abc"}},
    {"images": "abc"},
    {"images": [123]},
    {"images": {"a": "b"}},
])
def test_wrong_type_image(url, payload):
    assert_error(post_ocr(url, payload), 422, "invalid_argument")


@pytest.mark.parametrize("field,value", [
    ("det_limit_side_len", 31),
    ("det_limit_side_len", 8193),
    ("det_limit_side_len", -1),
    ("det_limit_side_len", "960"),
    ("det_limit_side_len", 960.5),
    ("drop_score", 1.5),
    ("drop_score", -0.1),
    ("drop_score", "0.5"),
    ("use_angle_cls", "yes"),
    ("model", 5),
    ("model", "nope"),
])
def test_invalid_option(url, field, value):
    assert_error(post_ocr(url, {"image": b64(image("small_text.png")), field: value}), 422, "invalid_argument")


@pytest.mark.parametrize("field,value", [("det_limit_side_len", "20"), ("det_limit_side_len", "abc"),
                                         ("drop_score", "2"), ("use_angle_cls", "maybe"), ("model", "nope")])
def test_invalid_form_field(url, field, value):
    r = requests.post(url + "/ocr", files={"file": ("s.png", read(image("small_text.png")), "image/png")},
                      data={field: value}, timeout=TIMEOUT)
    assert_error(r, 422, "invalid_argument")


def test_boundary_values_are_valid(url):
    data = b64(image("small_text.png"))
    for payload in ({"det_limit_side_len": 32}, {"det_limit_side_len": 8192}, {"drop_score": 0},
                    {"drop_score": 1}, {"drop_score": 0.5}):
        r = post_ocr(url, {"image": data, **payload})
        assert r.status_code == 200, f"{payload}: {describe(r)}"
