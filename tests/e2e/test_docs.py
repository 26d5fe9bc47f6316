"""/openapi.json and /docs (served from the binary, works offline)."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import requests

from e2e_util import TIMEOUT, describe

PATHS = {"/ocr": "post", "/ocr_api": "post", "/marker/upload": "post", "/jobs": "post", "/jobs/{id}": "get",
         "/jobs/{id}/result": "get", "/health": "get", "/ready": "get", "/metrics": "get"}


def test_openapi_document(base_url):
    r = requests.get(base_url + "/openapi.json", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    doc = r.json()
    assert doc["openapi"] == "3.1.0"
    assert isinstance(doc["info"]["title"], str) and doc["info"]["version"]
    for path, method in PATHS.items():
        assert path in doc["paths"], f"{path} missing from openapi paths {sorted(doc['paths'])}"
        assert method in doc["paths"][path], f"{method} {path} missing"

    def resolved(node):  # follows a local {"$ref": "#/..."}
        ref = node.get("$ref", "") if isinstance(node, dict) else ""
        if not ref.startswith("#/"):
            return node
        target = doc
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        return target

    for route in ("/ocr", "/ocr_api"):
        ocr = doc["paths"][route]["post"]
        content = resolved(ocr["requestBody"])["content"]
        assert "application/json" in content and "multipart/form-data" in content, (route, sorted(content))
        assert "200" in ocr["responses"] and "content" in resolved(ocr["responses"]["200"]), route


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.assets.append((tag, "src", attrs["src"]))
        if tag == "link" and attrs.get("href"):
            self.assets.append((tag, "href", attrs["href"]))
        if tag == "img" and attrs.get("src"):
            self.assets.append((tag, "src", attrs["src"]))


def test_docs_page_is_self_contained(base_url):
    r = requests.get(base_url + "/docs", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.headers.get("Content-Type", "").startswith("text/html"), r.headers
    page = r.text
    assert "<html" in page.lower()
    parser = AssetParser()
    parser.feed(page)
    parser.assets = [a for a in parser.assets if not a[2].startswith("data:")]
    for tag, attr, value in parser.assets:
        parsed = urlparse(value)
        assert not parsed.scheme and not parsed.netloc, f"<{tag} {attr}={value!r}> is not same-origin"
        assert "http" not in value, f"<{tag} {attr}={value!r}>"
    for tag, attr, value in parser.assets:
        asset = requests.get(urljoin(r.url, value), timeout=TIMEOUT)
        assert asset.status_code == 200, f"<{tag} {attr}={value!r}>: {describe(asset)}"
        assert asset.content, value
    # inline scripts must not pull code from the network either
    for marker in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert marker not in page, marker



def test_web_ui_is_self_contained_with_security_headers(base_url):
    r = requests.get(base_url + "/", timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.headers.get("Content-Type", "").startswith("text/html"), r.headers
    csp = r.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "script-src" not in csp.replace("default-src", ""), csp
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    assert r.headers.get("Referrer-Policy") == "no-referrer"
    parser = AssetParser()
    parser.feed(r.text)
    scripts = [value for tag, attr, value in parser.assets if tag == "script"]
    assert scripts == ["/ui/app.js"], scripts
    assert "<script>" not in r.text  # no inline script
    for tag, attr, value in parser.assets:
        if value.startswith("data:"):
            continue
        assert not urlparse(value).netloc, value
        assert requests.get(urljoin(r.url, value), timeout=TIMEOUT).status_code == 200, value
