"""POST /marker/upload: marker's contract (a client written for marker works unchanged)."""

import html
import json
import re

import pytest
import requests

from e2e_util import (PDF, TIMEOUT, describe, golden, image, normalise, pdf_or_skip, read, similar,
                      text_layer_pages, texts)

FORMATS = ["markdown", "json", "html", "chunks", "text"]
SEPARATOR = "-" * 48


def upload(base_url, path_or_bytes, name="x.pdf", mime="application/pdf", **fields):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else read(path_or_bytes)
    return requests.post(base_url + "/marker/upload", files={"file": (name, data, mime)}, data=fields,
                         timeout=TIMEOUT)


def ok_marker(r, fmt="markdown"):
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert body.get("success") is True, describe(r)
    assert set(body) >= {"format", "output", "images", "metadata", "success"}, body.keys()
    assert body["format"] == fmt
    assert isinstance(body["output"], str)
    assert isinstance(body["images"], dict)
    stats = body["metadata"]["page_stats"]
    assert isinstance(stats, list) and stats
    for page in stats:
        assert isinstance(page["page_id"], int)
        assert page["text_extraction_method"] in ("pdftext", "surya"), page
        assert isinstance(page["block_counts"], list)
        for pair in page["block_counts"]:
            assert isinstance(pair, list) and len(pair) == 2
            assert isinstance(pair[0], str) and isinstance(pair[1], int)
        assert isinstance(page["line_count"], int) and page["line_count"] >= 0
        assert page["block_metadata"] == {"llm_request_count": 0, "llm_error_count": 0, "llm_tokens_used": 0,
                                          "previous_text": "", "previous_type": "", "previous_order": 0}, page
    toc = body["metadata"]["table_of_contents"]
    assert isinstance(toc, list)
    for item in toc:
        assert set(item) == {"title", "heading_level", "page_id", "polygon"}, item
        assert isinstance(item["title"], str) and item["title"]
        assert item["heading_level"] in (1, 2) and isinstance(item["page_id"], int)
        assert is_polygon(item["polygon"]), item
    return body


def assert_marker_error(r):
    assert 400 <= r.status_code < 500, describe(r)
    body = r.json()
    assert body.get("success") is False, describe(r)
    assert isinstance(body.get("error"), str) and body["error"], describe(r)


def methods(body):
    return {p["page_id"]: p["text_extraction_method"] for p in body["metadata"]["page_stats"]}


def plain(fmt, output):
    """The visible text of an output, whitespace-normalised."""
    if fmt in ("json", "chunks"):
        strings = []

        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("html", "text", "markdown", "content") and isinstance(value, str):
                        strings.append(value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(json.loads(output))
        output = "\n".join(strings)
        fmt = "html"
    if fmt == "html":
        output = html.unescape(re.sub(r"<[^>]+>", " ", output))
    return normalise(output)


def unescape_markdown(text):
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>&|])", r"\1", text)


# --- structure of json / chunks ------------------------------------------------------------

def is_polygon(p):
    return (isinstance(p, list) and len(p) == 4
            and all(isinstance(c, list) and len(c) == 2 and all(isinstance(v, (int, float)) for v in c) for c in p))


def children(node):
    for key in ("children", "blocks", "lines"):
        if isinstance(node.get(key), list):
            return node[key]
    return []


def find_pages(doc):
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("block_type") == "Page":
                found.append(node)
                return
            if isinstance(node.get("pages"), list):
                found.extend(node["pages"])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    if not found and isinstance(doc, dict) and isinstance(doc.get("blocks"), list):
        # marker's chunks: a flat block list, each block naming its page.
        by_page = {}
        for block in doc["blocks"]:
            by_page.setdefault(block.get("page"), []).append(block)
        found = [{"block_type": "Page", "page": page, "children": blocks} for page, blocks in sorted(by_page.items())]
    return found


def assert_pages_blocks_lines(doc):
    pages = find_pages(doc)
    assert pages, f"no pages in {str(doc)[:500]}"
    lines_seen = 0
    for page in pages:
        blocks = children(page)
        assert blocks, f"page without blocks: {str(page)[:300]}"
        for block in blocks:
            assert is_polygon(block.get("polygon")), f"block without polygon: {str(block)[:300]}"
            for line in children(block):
                assert is_polygon(line.get("polygon")), f"line without polygon: {str(line)[:300]}"
                lines_seen += 1
    assert lines_seen, "no lines under blocks"
    return pages


# --- tests --------------------------------------------------------------------------------

def test_marker_client_unchanged(base_url):
    # As a client of marker's server calls it.
    path = pdf_or_skip("text_layer.pdf")
    with open(path, "rb") as f:
        data = f.read()
    response = requests.post(
        base_url + "/marker/upload",
        files={"file": ("x.pdf", data, "application/pdf")},
        data={"output_format": "markdown", "paginate_output": "true", "page_range": "0", "force_ocr": "true"},
        timeout=TIMEOUT)
    body = ok_marker(response, "markdown")
    assert methods(body) == {0: "surya"}
    assert "\n\n{0}" + SEPARATOR + "\n\n" in body["output"]
    similar([body["output"].replace("{0}" + SEPARATOR, "")], text_layer_pages()[0], 0.8)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_output_format(base_url, fmt):
    path = pdf_or_skip("text_layer.pdf")
    body = ok_marker(upload(base_url, path, output_format=fmt), fmt)
    assert methods(body) == {0: "pdftext", 1: "pdftext"}
    out = body["output"]
    if fmt in ("json", "chunks"):
        doc = json.loads(out)
        if fmt == "json":
            pages = assert_pages_blocks_lines(doc)
            assert len(pages) == 2
        else:
            polygons = []

            def walk(node):
                if isinstance(node, dict):
                    if "polygon" in node:
                        polygons.append(node["polygon"])
                    for value in node.values():
                        walk(value)
                elif isinstance(node, list):
                    for value in node:
                        walk(value)

            walk(doc)
            assert polygons and all(is_polygon(p) for p in polygons), str(doc)[:500]
            assert_pages_blocks_lines(doc)
    text = plain(fmt, out)
    if fmt == "markdown":
        text = unescape_markdown(text)
    for page in text_layer_pages():
        for line in page:
            assert normalise(line) in text, f"{line!r} not in {fmt} output: {out[:1500]!r}"


def test_html_is_escaped(base_url):
    path = pdf_or_skip("text_layer.pdf")
    out = ok_marker(upload(base_url, path, output_format="html"), "html")["output"]
    assert "&lt;cheap&gt;" in out
    assert "<cheap>" not in out


def test_paginated_markdown(base_url):
    path = pdf_or_skip("text_layer.pdf")
    out = ok_marker(upload(base_url, path, output_format="markdown", paginate_output="true"))["output"]
    first = out.find("\n\n{0}" + SEPARATOR + "\n\n")
    second = out.find("\n\n{1}" + SEPARATOR + "\n\n")
    assert 0 <= first < second, repr(out[:1000])
    assert "Hello PDF text layer" in out[first:second]
    assert "Page two says hello" in out[second:]


def test_unpaginated_markdown_has_no_separators(base_url):
    path = pdf_or_skip("text_layer.pdf")
    out = ok_marker(upload(base_url, path, output_format="markdown", paginate_output="false"))["output"]
    assert SEPARATOR not in out
    assert "{0}" not in out


def test_paginated_html(base_url):
    path = pdf_or_skip("text_layer.pdf")
    out = ok_marker(upload(base_url, path, output_format="html", paginate_output="true"), "html")["output"]
    assert "<div class='page' data-page-id='0'>" in out, out[:1000]
    assert "<div class='page' data-page-id='1'>" in out, out[:1000]
    assert out.index("data-page-id='0'") < out.index("data-page-id='1'")


def test_text_layer_is_pdftext_and_force_ocr_switches(base_url):
    path = pdf_or_skip("text_layer.pdf")
    body = ok_marker(upload(base_url, path, output_format="text"), "text")
    assert set(methods(body).values()) == {"pdftext"}
    forced = ok_marker(upload(base_url, path, output_format="text", force_ocr="true"), "text")
    assert methods(forced) == {0: "surya", 1: "surya"}
    similar([forced["output"]], [line for page in text_layer_pages() for line in page], 0.85)


def test_scanned_pdf_is_ocr(base_url):
    path = pdf_or_skip("scanned.pdf")
    body = ok_marker(upload(base_url, path, output_format="text", page_range="0"), "text")
    assert methods(body) == {0: "surya"}
    assert body["metadata"]["page_stats"][0]["line_count"] >= 5
    similar([body["output"]], texts(golden("en_paragraph")["results"]))


def test_mixed_pdf_methods_per_page(base_url):
    path = pdf_or_skip("mixed.pdf")
    body = ok_marker(upload(base_url, path, output_format="markdown"))
    assert methods(body) == {0: "pdftext", 1: "surya"}
    assert "Hello PDF text layer" in body["output"]
    assert "quick brown fox" in body["output"]  # page 1 is OCR'd from a re-rasterised image


@pytest.mark.parametrize("page_range,pages", [("1", [1]), ("0", [0]), ("0-1", [0, 1]), ("0,1", [0, 1])])
def test_page_range(base_url, page_range, pages):
    path = pdf_or_skip("text_layer.pdf")
    body = ok_marker(upload(base_url, path, output_format="text", page_range=page_range), "text")
    assert sorted(methods(body)) == pages
    out = body["output"]
    assert ("Hello PDF text layer" in out) == (0 in pages), out
    assert ("Page two says hello" in out) == (1 in pages), out


def test_image_upload(base_url):
    body = ok_marker(upload(base_url, image("en_paragraph.png"), name="en.png", mime="image/png"))
    assert methods(body) == {0: "surya"}
    out = body["output"]
    assert "quick brown fox jumps over the lazy dog" in out
    similar([unescape_markdown(out)], texts(golden("en_paragraph")["results"]))


def test_image_upload_json(base_url):
    body = ok_marker(upload(base_url, image("en_paragraph.png"), name="en.png", mime="image/png",
                            output_format="json"), "json")
    pages = assert_pages_blocks_lines(json.loads(body["output"]))
    assert len(pages) == 1


# --- errors: 4xx with {"success": false, "error": str}; never 200 with success=false ------

def test_missing_file(base_url):
    r = requests.post(base_url + "/marker/upload", data={"output_format": "markdown"}, timeout=TIMEOUT)
    assert_marker_error(r)


def test_missing_file_with_other_file_part(base_url):
    r = requests.post(base_url + "/marker/upload", files={"upload": ("x.pdf", b"%PDF-1.4", "application/pdf")},
                      timeout=TIMEOUT)
    assert_marker_error(r)


@pytest.mark.parametrize("page_range", ["x-y", "abc", "-1", "3-1"])
def test_bad_page_range(base_url, page_range):
    if not PDF.is_dir():
        pytest.skip(f"PDF fixtures not present ({PDF} is missing)")
    assert_marker_error(upload(base_url, PDF / "text_layer.pdf", page_range=page_range))


def test_bad_output_format(base_url):
    path = pdf_or_skip("text_layer.pdf")
    assert_marker_error(upload(base_url, path, output_format="docx"))


def test_corrupt_pdf(base_url):
    assert_marker_error(upload(base_url, pdf_or_skip("corrupt.pdf")))


def test_encrypted_pdf(base_url):
    assert_marker_error(upload(base_url, pdf_or_skip("encrypted.pdf")))


def test_not_a_document(base_url):
    assert_marker_error(upload(base_url, b"just some text, not a document", name="x.txt", mime="text/plain"))


def test_good_request_after_errors(base_url):
    path = pdf_or_skip("text_layer.pdf")
    ok_marker(upload(base_url, path, output_format="markdown"))


# --- marker's metadata ------------------------------------------------------------------

def heading_pdf():
    """A 2-page text PDF (US Letter): a 36 pt title and 12 pt body lines on page 0, a 30 pt heading on page 1."""
    from test_bad_input_battery import pdf_document, pdf_stream
    body = b"".join(f"BT /F1 12 Tf 72 {640 - 18 * k} Td (Body line number {k} of the page) Tj ET\n".encode()
                    for k in range(8))
    first = b"BT /F1 36 Tf 72 700 Td (Introduction) Tj ET\n" + body
    second = b"BT /F1 30 Tf 72 700 Td (Results and Discussion) Tj ET\n" + body
    page = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>")
    return pdf_document([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [6 0 R 7 0 R] /Count 2 >>",
                         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", pdf_stream("", first),
                         pdf_stream("", second), page.format(4).encode(), page.format(5).encode()])


@pytest.mark.parametrize("force_ocr", ["false", "true"])
def test_table_of_contents_lists_section_headers_in_pdf_points(base_url, force_ocr):
    body = ok_marker(upload(base_url, heading_pdf(), output_format="markdown", force_ocr=force_ocr))
    assert set(methods(body).values()) == {"surya" if force_ocr == "true" else "pdftext"}
    toc = body["metadata"]["table_of_contents"]
    assert [(item["title"], item["page_id"]) for item in toc] == [("Introduction", 0),
                                                                 ("Results and Discussion", 1)], toc
    assert toc[0]["heading_level"] == 1, toc
    for item in toc:  # PDF points, whether read from the text layer or OCR'd from a 200+ DPI raster
        xs = [p[0] for p in item["polygon"]]
        ys = [p[1] for p in item["polygon"]]
        assert 60 <= min(xs) and max(xs) <= 612 * 0.8 and 50 <= min(ys) and max(ys) <= 140, item
    assert "# Introduction" in body["output"]


def test_ocr_pages_of_a_pdf_are_in_points_like_its_text_pages(base_url):
    # scanned.pdf: 480 x 297.6 pt pages rasterised for OCR; mixed.pdf: a text page, then a scanned one.
    for name in ("scanned.pdf", "mixed.pdf"):
        body = ok_marker(upload(base_url, pdf_or_skip(name), output_format="json"), "json")
        doc = json.loads(body["output"])
        for page in doc["children"]:
            x0, y0, x1, y1 = page["bbox"]
            assert (x0, y0) == (0, 0) and x1 <= 612 and y1 <= 792, (name, page["bbox"])
            for block in page.get("children") or []:
                bx0, by0, bx1, by1 = block["bbox"]
                assert 0 <= bx0 <= bx1 <= x1 + 0.5 and 0 <= by0 <= by1 <= y1 + 0.5, (name, page["bbox"], block)


def test_an_image_stays_in_pixels(base_url):
    body = ok_marker(upload(base_url, image("en_paragraph.png"), name="en.png", mime="image/png",
                            output_format="json"), "json")
    page = json.loads(body["output"])["children"][0]
    assert page["bbox"] == [0, 0, 1000, 620], page["bbox"]
