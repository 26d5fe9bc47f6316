"""The request field `lang`: a language code picks the loaded model set that
reads it; unknown codes and sets that cannot read them are 422 naming the
codes we know."""

import requests

from e2e_util import REPO, TIMEOUT, assert_error, b64, cer, describe, gt_lines, image, ok_json, post_ocr, texts

LANGUAGES = REPO / "tests" / "data" / "languages"


def ready(base_url):
    return ok_json(requests.get(base_url + "/ready", timeout=TIMEOUT))


def page_cer(got_lines, path):
    return cer(gt_lines(path.with_suffix(".gt.txt")), got_lines)


def test_ready_lists_the_codes(base_url):
    codes = ready(base_url)["languages"]
    assert {"ch", "en", "japan", "chinese_cht", "fr", "de", "es", "pt", "it"} <= set(codes), codes
    assert codes == sorted(codes)


def test_french_goes_to_a_set_that_reads_its_accents(base_url):
    page = LANGUAGES / "fr_paragraph.png"
    body = ok_json(post_ocr(base_url, {"image": b64(page), "lang": "fr"}))
    assert page_cer(texts(body["results"]), page) <= 0.01, texts(body["results"])
    for line in ("sœur", "préparé", "garçon", "château"):
        assert line in " ".join(texts(body["results"])), texts(body["results"])


def test_a_language_the_default_set_reads_stays_on_the_default_set(base_url):
    payload = {"image": b64(image("ja_paragraph.png"))}
    plain = ok_json(post_ocr(base_url, payload))
    for code in ("japan", "ja", "JA"):
        body = ok_json(post_ocr(base_url, dict(payload, lang=code)))
        assert texts(body["results"]) == texts(plain["results"]), code


def test_an_unknown_code_is_422_naming_the_known_ones(base_url):
    body = assert_error(post_ocr(base_url, {"image": b64(image("small_text.png")), "lang": "tlh"}), 422,
                        "invalid_argument")
    assert "tlh" in body["error"] and "fr" in body["error"] and "japan" in body["error"], body


def test_a_named_set_must_read_the_language(base_url):
    payload = {"image": b64(image("small_text.png")), "model": "ppocrv6-tiny", "lang": "japan"}
    body = assert_error(post_ocr(base_url, payload), 422, "invalid_argument")
    assert "ppocrv6-tiny" in body["error"] and "does not read" in body["error"], body
    ok_json(post_ocr(base_url, dict(payload, lang="en")))


def test_lang_as_a_form_field_on_every_multipart_route(base_url):
    page = LANGUAGES / "de_paragraph.png"
    data = page.read_bytes()
    r = requests.post(base_url + "/ocr", files={"file": ("de.png", data, "image/png")}, data={"lang": "de"},
                      timeout=TIMEOUT)
    assert page_cer(texts(ok_json(r)["results"]), page) <= 0.01, describe(r)
    r = requests.post(base_url + "/marker/upload", files={"file": ("de.png", data, "image/png")},
                      data={"lang": "german", "output_format": "text"}, timeout=TIMEOUT)
    assert "Die Straße vor dem Rathaus" in ok_json(r)["output"], describe(r)
    r = requests.post(base_url + "/marker/upload", files={"file": ("de.png", data, "image/png")},
                      data={"lang": "xx"}, timeout=TIMEOUT)
    assert r.status_code == 422 and r.json()["success"] is False, describe(r)
