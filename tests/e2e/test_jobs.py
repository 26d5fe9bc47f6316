"""The asynchronous job API: POST /jobs, GET /jobs/{id}, GET /jobs/{id}/result,
DELETE /jobs/{id}; its limits; and jobs that survive SIGTERM and kill -9."""
import re
import signal
import tempfile
import time
from pathlib import Path

import pytest
import requests

from e2e_util import TIMEOUT, assert_error, describe, image, ok_json, parse_metrics, pdf_or_skip, read

FIELDS = {"output_format": "json", "force_ocr": "true"}
JOB_ID = re.compile(r"^[A-Za-z0-9-]+-[0-9a-f]{32}$")


def submit(url, path, fields=FIELDS, name=None):
    return requests.post(url + "/jobs", files={"file": (name or Path(path).name, read(path))}, data=fields,
                         timeout=TIMEOUT)


def accepted(r):
    assert r.status_code == 202, describe(r)
    body = r.json()
    assert JOB_ID.match(body["job_id"]), body
    assert body["status"] == "queued", body
    assert body["status_url"] == "/jobs/" + body["job_id"], body
    assert body["result_url"] == "/jobs/" + body["job_id"] + "/result", body
    assert r.headers["Location"] == body["status_url"], r.headers
    return body


def status(url, job_id):
    r = requests.get(url + "/jobs/" + job_id, timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    return r.json()


def wait_status(url, job_id, wanted=("done",), timeout=180, seen=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = status(url, job_id)
        if seen is not None:
            seen.append(body)
        if body["status"] in wanted:
            return body
        assert body["status"] in ("queued", "running"), body
        time.sleep(0.2)
    pytest.fail(f"job {job_id} not {wanted} within {timeout} s: {body}")


def sync_marker(url, path, fields=FIELDS):
    r = requests.post(url + "/marker/upload", files={"file": (Path(path).name, read(path))}, data=fields,
                      timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    return r.text


def test_a_job_runs_from_queued_to_done_and_answers_what_the_sync_route_would(start_server):
    path = pdf_or_skip("scanned_8.pdf")
    server = start_server("--replica-id", "replica-7", workers=1)
    job = accepted(submit(server.url, path))
    assert job["job_id"].startswith("replica-7-")
    assert job["pages_total"] == 8
    seen = []
    # Before it is done, its result is a 409.
    first = status(server.url, job["job_id"])
    if first["status"] != "done":
        assert_error(requests.get(server.url + job["result_url"], timeout=TIMEOUT), 409, "conflict")
    done = wait_status(server.url, job["job_id"], seen=seen)
    assert done["pages_done"] == done["pages_total"] == 8, done
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", done["created"]), done
    assert done["updated"] >= done["created"]
    assert "error" not in done
    progress = [s["pages_done"] for s in seen]
    assert progress == sorted(progress), progress  # pages_done never goes back
    r = requests.get(server.url + job["result_url"], timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.text == sync_marker(server.url, path)
    samples = parse_metrics(requests.get(server.url + "/metrics", timeout=TIMEOUT).text)
    assert samples[("onnxocr_jobs", frozenset({("status", "done")}))] == 1
    assert samples[("onnxocr_job_pages_total", frozenset())] >= 8


def test_an_image_job_and_marker_fields(base_url):
    png = image("en_paragraph.png")
    fields = {"output_format": "markdown", "paginate_output": "true"}
    job = accepted(submit(base_url, png, fields))
    wait_status(base_url, job["job_id"])
    r = requests.get(base_url + job["result_url"], timeout=TIMEOUT)
    assert r.status_code == 200, describe(r)
    assert r.text == sync_marker(base_url, png, fields)
    assert r.json()["format"] == "markdown"


def test_unknown_jobs_are_404(base_url):
    for method, path in [("GET", "/jobs/nobody-0123456789abcdef0123456789abcdef"),
                         ("GET", "/jobs/nobody-0123456789abcdef0123456789abcdef/result"),
                         ("DELETE", "/jobs/nobody-0123456789abcdef0123456789abcdef"),
                         ("GET", "/jobs/not%20an%20id")]:
        assert_error(requests.request(method, base_url + path, timeout=TIMEOUT), 404, "not_found")


@pytest.mark.parametrize("files,data,status,code", [
    ({}, FIELDS, 400, "malformed_request"),
    ({"file": ("x.pdf", b"%PDF-1.4\nnot really")}, FIELDS, 400, "corrupt_input"),
    ({"file": ("x.png", b"\x89PNG\r\n\x1a\n")}, FIELDS, 400, "corrupt_input"),
    ({"file": ("p.png", None)}, {"model": "no-such-set"}, 422, "invalid_argument"),
    ({"file": ("p.png", None)}, {"output_format": "docx"}, 422, "invalid_argument"),
    ({"file": ("p.png", None)}, {"page_range": "5-9"}, 422, "invalid_argument"),
])
def test_bad_submissions_are_refused_at_once(base_url, files, data, status, code):
    files = {k: (n, b if b is not None else read(image("small_text.png"))) for k, (n, b) in files.items()}
    if not files:
        files = {"other": ("x.png", read(image("small_text.png")))}
    assert_error(requests.post(base_url + "/jobs", files=files, data=data, timeout=TIMEOUT), status, code)


def test_delete_cancels_a_running_job_and_removes_its_files(start_server):
    path = pdf_or_skip("scanned_8.pdf")
    jobs_dir = tempfile.mkdtemp(prefix="onnxocr-jobs-e2e-")
    server = start_server("--jobs-dir", jobs_dir, workers=1)
    job = accepted(submit(server.url, path))
    wait_status(server.url, job["job_id"], wanted=("running",), timeout=60)
    assert (Path(jobs_dir) / job["job_id"]).is_dir()
    r = requests.delete(server.url + job["status_url"], timeout=TIMEOUT)
    assert r.status_code == 204, describe(r)
    assert_error(requests.get(server.url + job["status_url"], timeout=TIMEOUT), 404, "not_found")
    assert_error(requests.get(server.url + job["result_url"], timeout=TIMEOUT), 404, "not_found")
    assert not (Path(jobs_dir) / job["job_id"]).exists()
    # The worker is free again: a new job runs to the end.
    other = accepted(submit(server.url, image("small_text.png")))
    wait_status(server.url, other["job_id"], timeout=60)
    assert not (Path(jobs_dir) / job["job_id"]).exists()  # the cancelled run wrote nothing after its delete


def test_job_limits(start_server):
    pdf = pdf_or_skip("scanned_8.pdf")
    # Two workers: the second submission runs beside the first job's slice, not after it.
    server = start_server("--max-job-pages", "4", "--max-jobs", "1", "--jobs-disk-bytes", "500000", workers=2)
    too_long = assert_error(submit(server.url, pdf), 413, "limit_exceeded")
    assert "limit is 4" in too_long["error"], too_long
    accepted(submit(server.url, pdf, dict(FIELDS, page_range="0-3")))
    busy = assert_error(submit(server.url, image("small_text.png")), 503, "unavailable")
    assert "--max-jobs" in busy["error"], busy
    small = start_server("--jobs-disk-bytes", "100000", workers=1)
    over = assert_error(submit(small.url, pdf), 413, "limit_exceeded")
    assert "--jobs-disk-bytes" in over["error"], over


def test_the_disk_budget_counts_the_jobs_kept(start_server):
    pdf = pdf_or_skip("scanned_8.pdf")  # 337 kB
    server = start_server("--jobs-disk-bytes", "500000", workers=1)
    accepted(submit(server.url, pdf, dict(FIELDS, page_range="0")))
    full = assert_error(submit(server.url, pdf, dict(FIELDS, page_range="1")), 503, "unavailable")
    assert "disk budget" in full["error"], full


def test_finished_jobs_expire_after_the_ttl(start_server):
    server = start_server("--job-ttl", "1", workers=1)
    job = accepted(submit(server.url, image("small_text.png")))
    wait_status(server.url, job["job_id"], timeout=60)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if requests.get(server.url + job["status_url"], timeout=TIMEOUT).status_code == 404:
            return
        time.sleep(0.2)
    pytest.fail("a finished job was still there 15 s after its 1 s TTL")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_accepted_jobs_survive_a_restart_and_resume(start_server, sig):
    pdf = pdf_or_skip("scanned_8.pdf")
    jobs_dir = tempfile.mkdtemp(prefix="onnxocr-jobs-e2e-")
    server = start_server("--jobs-dir", jobs_dir, workers=1)
    ids = [accepted(submit(server.url, pdf))["job_id"] for _ in range(3)]
    # Stop it once some pages are done and some jobs are not.
    deadline = time.monotonic() + 60
    while True:
        before = {job_id: status(server.url, job_id) for job_id in ids}
        done_pages = sum(s["pages_done"] for s in before.values())
        if done_pages >= 3:
            break
        assert time.monotonic() < deadline, before
        time.sleep(0.05)
    assert server.stop(sig) == (-signal.SIGKILL if sig == signal.SIGKILL else 0)
    unfinished = [job_id for job_id, s in before.items() if s["status"] != "done"]
    assert unfinished, f"every job ended before the {sig.name}: {before}"
    restarted = start_server("--jobs-dir", jobs_dir, workers=1)
    log = restarted.stderr()
    got = int(re.search(r"(\d+) unfinished job\(s\) queued again", log).group(1))
    assert got >= len(unfinished), log[-3000:]
    for job_id in ids:
        after = status(restarted.url, job_id)
        assert after["pages_done"] >= before[job_id]["pages_done"], (before[job_id], after)  # kept pages stay
    want = sync_marker(restarted.url, pdf)
    for job_id in ids:
        wait_status(restarted.url, job_id)
        r = requests.get(restarted.url + "/jobs/" + job_id + "/result", timeout=TIMEOUT)
        assert r.status_code == 200, describe(r)
        assert r.text == want


def test_two_servers_cannot_share_a_jobs_folder(start_server):
    jobs_dir = tempfile.mkdtemp(prefix="onnxocr-jobs-e2e-")
    start_server("--jobs-dir", jobs_dir, workers=1)
    second = start_server("--jobs-dir", jobs_dir, workers=1, wait=False)
    assert second.wait_exit(60) not in (0, None)
    assert "in use by another process" in second.stderr(), second.stderr_tail()
