"""use_doc_orientation: a page turned by a quarter turn is classified, read
upright, and answered in its own pixels (images, TIFF frames and PDF pages)."""

import re

import pytest
import requests

from e2e_util import TIMEOUT, assert_error, b64, describe, image, ok_json, post_ocr, read, size_of, texts, turned_png
from test_bad_input_battery import pdf_document, pdf_stream

TURNS = [0, 90, 180, 270]


def to_upright(point, turn_cw, width, height):
    """A point of the turned picture (width x height) in the upright picture."""
    x, y = point
    if turn_cw == 90:
        return y, width - x
    if turn_cw == 180:
        return width - x, height - y
    if turn_cw == 270:
        return height - y, x
    return x, y


@pytest.fixture(scope="module")
def upright(base_url):
    return {name: ok_json(post_ocr(base_url, {"image": b64(image(name))}))["results"]
            for name in ("en_paragraph.png", "zh_paragraph.png")}


@pytest.mark.parametrize("turn", TURNS)
@pytest.mark.parametrize("name", ["en_paragraph.png", "zh_paragraph.png"])
def test_a_turned_image_reads_as_the_upright_one_with_boxes_in_its_own_pixels(base_url, upright, name, turn):
    picture = turned_png(image(name), turn)
    width, height = size_of(picture)
    body = ok_json(post_ocr(base_url, {"image": b64(picture), "use_doc_orientation": True}))
    assert body["orientation"] == turn, body.get("orientation")
    want = upright[name]
    assert texts(body["results"]) == texts(want), "every line, in the upright page's reading order"
    for got, line in zip(body["results"], want):
        for corner in got["bounding_box"]:
            assert -0.5 <= corner[0] <= width + 0.5 and -0.5 <= corner[1] <= height + 0.5, corner
        mapped = [to_upright(c, turn, width, height) for c in got["bounding_box"]]
        # The same box, back in the upright page, starting at the text's top-left as it reads.
        for (mx, my), (ux, uy) in zip(mapped, line["bounding_box"]):
            assert abs(mx - ux) <= 1 and abs(my - uy) <= 1, (got["bounding_box"], line["bounding_box"], turn)


def test_without_the_option_the_answer_has_no_orientation(base_url):
    body = ok_json(post_ocr(base_url, {"image": b64(turned_png(image("en_paragraph.png"), 90))}))
    assert "orientation" not in body
    off = ok_json(post_ocr(base_url, {"image": b64(image("en_paragraph.png")), "use_doc_orientation": False}))
    assert "orientation" not in off


def test_word_boxes_follow_the_turn(base_url):
    picture = turned_png(image("en_paragraph.png"), 270)
    width, height = size_of(picture)
    body = ok_json(post_ocr(base_url, {"image": b64(picture), "use_doc_orientation": True, "word_boxes": True}))
    assert body["orientation"] == 270
    for line in body["results"]:
        xs = [c[0] for c in line["bounding_box"]]
        ys = [c[1] for c in line["bounding_box"]]
        assert " ".join(w["text"] for w in line["words"]) == " ".join(line["text"].split())
        for word in line["words"]:
            for x, y in word["bounding_box"]:
                assert min(xs) - 1 <= x <= max(xs) + 1 and min(ys) - 1 <= y <= max(ys) + 1


def test_a_batch_says_each_image_turn(base_url):
    images = [b64(turned_png(image("en_paragraph.png"), turn)) for turn in (180, 0, 90)]
    body = ok_json(post_ocr(base_url, {"images": images, "use_doc_orientation": True}))
    assert body["orientation"] == [180, 0, 90]
    assert len({tuple(texts(page)) for page in body["results"]}) == 1


def turned_pages_pdf():
    """en_paragraph_q90.jpg at 150 DPI on four pages whose /Rotate is 0, 90, 180 and 270: the pages show the
    text turned that much clockwise."""
    jpeg = read(image("en_paragraph_q90.jpg"))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [5 0 R 6 0 R 7 0 R 8 0 R] /Count 4 >>",
               pdf_stream("/Type /XObject /Subtype /Image /Width 1000 /Height 620 /ColorSpace /DeviceRGB "
                          "/BitsPerComponent 8 /Filter /DCTDecode", jpeg),
               pdf_stream("", b"q 480 0 0 297.6 0 0 cm /Im0 Do Q")]
    for turn in TURNS:
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 480 297.6] /Rotate {turn} /Contents 4 0 R "
                       f"/Resources << /XObject << /Im0 3 0 R >> >> >>".encode())
    return pdf_document(objects)


def test_pdf_pages_are_classified_one_by_one(base_url):
    pdf = turned_pages_pdf()
    r = requests.post(base_url + "/ocr", files={"file": ("turned.pdf", pdf, "application/pdf")},
                      data={"use_doc_orientation": "true"}, timeout=TIMEOUT)
    body = ok_json(r)
    assert body["orientation"] == TURNS, describe(r)
    first = texts(body["results"][0])
    assert "The quick brown fox jumps over the lazy dog." in first
    for page in body["results"][1:]:
        assert texts(page) == first


def test_marker_reads_turned_pdf_pages_in_order(base_url):
    pdf = turned_pages_pdf()
    r = requests.post(base_url + "/marker/upload", files={"file": ("turned.pdf", pdf, "application/pdf")},
                      data={"use_doc_orientation": "true", "output_format": "text", "paginate_output": "true"},
                      timeout=TIMEOUT)
    body = ok_json(r)
    stats = body["metadata"]["page_stats"]
    assert [page["orientation"] for page in stats] == TURNS, stats
    pages = [p for p in re.split(r"\{\d+\}-{48}", body["output"]) if p.strip()]
    assert len(pages) == 4
    for page in pages:  # reading order is the upright page's on every turn
        assert page.index("quick brown fox") < page.index("Thank you for reading"), page


def test_use_doc_orientation_must_be_a_boolean(base_url):
    assert_error(post_ocr(base_url, {"image": b64(image("small_text.png")), "use_doc_orientation": "sideways"}),
                 422, "invalid_argument")
