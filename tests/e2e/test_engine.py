"""The inference engine: --engine auto|openvino|onnxruntime and --precision, how the
choice is reported (/ready, /metrics, the plan line), and auto's fallback to ONNX
Runtime when OpenVINO's start-up check crashes or disagrees."""

import re
import subprocess

import pytest
import requests

from e2e_util import BIN, b64, image, ok_json, post_ocr


def _openvino_built():
    try:
        out = subprocess.run([str(BIN), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False
    return "openvino" in out


OPENVINO_BUILT = _openvino_built()
needs_openvino = pytest.mark.skipif(not OPENVINO_BUILT, reason="built with -DONNXOCR_WITH_OPENVINO=OFF")


def _cpu_has_bf16():
    try:
        flags = next(l for l in open("/proc/cpuinfo") if l.startswith("flags")).split()
    except (OSError, StopIteration):
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def ready_engine(server):
    r = requests.get(server.url + "/ready", timeout=5)
    assert r.status_code == 200, r.text
    return r.json()["engine"]


def engine_info(server):
    text = requests.get(server.url + "/metrics", timeout=5).text
    lines = [l for l in text.splitlines() if l.startswith("onnxocr_engine_info{")]
    assert len(lines) == 1, text[-2000:]
    labels = dict(re.findall(r'(\w+)="([^"]*)"', lines[0]))
    assert lines[0].rstrip().endswith(" 1"), lines[0]
    return labels


def ocr_text(server, name="en_paragraph.png"):
    return [line["text"] for line in ok_json(post_ocr(server.url, {"image": b64(image(name))}))["results"]]


@needs_openvino
def test_auto_takes_openvino_after_its_check(start_server, tmp_path):
    server = start_server("--upload-dir", tmp_path, workers=1)
    engine = ready_engine(server)
    assert engine["name"] == "openvino", server.stderr_tail()
    assert engine["precision"] == "f32"
    assert engine["version"].startswith("2026.4.1"), engine
    assert engine_info(server) == {"engine": "openvino", "version": engine["version"], "precision": "f32"}
    log = server.stderr()
    assert re.search(r"engine check \([0-9.]+ s\): .*ppocrv5-mobile det: max \|diff\| .*: ok", log), log[-3000:]
    assert "engine openvino 2026.4.1" in log
    # The check's compiled models were imported, then their private folder removed.
    assert list(tmp_path.glob("onnxocr-openvino-*")) == []
    assert "The quick brown fox jumps over the lazy dog." in ocr_text(server)


@pytest.mark.skipif(OPENVINO_BUILT, reason="checks the build without OpenVINO")
def test_auto_without_openvino_takes_onnxruntime(start_server):
    server = start_server(workers=1)
    assert ready_engine(server)["name"] == "onnxruntime"
    assert "engine auto: built without OpenVINO, using ONNX Runtime" in server.stderr()
    refused = start_server("--engine", "openvino", wait=False)
    assert refused.wait_exit(30) == 2
    assert "built without OpenVINO" in refused.stderr()


@needs_openvino
def test_both_engines_read_the_same_text(start_server):
    onnxruntime = start_server("--engine", "onnxruntime", workers=1)
    openvino = start_server("--engine", "openvino", workers=1)
    assert ready_engine(onnxruntime)["name"] == "onnxruntime"
    assert engine_info(onnxruntime)["engine"] == "onnxruntime"
    assert ready_engine(openvino)["name"] == "openvino"
    assert "engine check" not in onnxruntime.stderr() + openvino.stderr()  # only auto checks
    for name in ("en_paragraph.png", "receipt_two_column.png", "mixed_zh_en.png"):
        assert ocr_text(onnxruntime, name) == ocr_text(openvino, name), name


@needs_openvino
@pytest.mark.parametrize("fault, reason", [
    ("crash", "died of signal 8"),
    ("differ", "outputs differ from ONNX Runtime's beyond the tolerance"),
])
def test_auto_falls_back_to_onnxruntime_when_the_check_fails(start_server, monkeypatch, fault, reason):
    monkeypatch.setenv("ONNXOCR_ENGINE_CHECK_FAULT", fault)
    server = start_server(workers=1)
    assert ready_engine(server)["name"] == "onnxruntime"
    assert engine_info(server)["engine"] == "onnxruntime"
    warnings = [l for l in server.stderr().splitlines() if "engine auto: OpenVINO failed its start-up check" in l]
    assert len(warnings) == 1, server.stderr_tail()
    assert reason in warnings[0]
    assert "using ONNX Runtime" in warnings[0]
    assert "The quick brown fox jumps over the lazy dog." in ocr_text(server)


@pytest.mark.parametrize("flags, message", [
    (("--engine", "tensorrt"), "--engine (ONNXOCR_ENGINE) must be auto, openvino or onnxruntime"),
    (("--precision", "fp16"), "--precision (ONNXOCR_PRECISION): precision must be f32 or bf16"),
    (("--engine", "onnxruntime", "--precision", "bf16"), "bf16 needs OpenVINO"),
])
def test_bad_engine_flags_exit_2(start_server, flags, message):
    server = start_server(*flags, wait=False)
    assert server.wait_exit(30) == 2
    assert message in server.stderr()


def test_bf16_is_refused_or_served_as_the_cpu_allows(start_server):
    served = OPENVINO_BUILT and _cpu_has_bf16()
    server = start_server("--precision", "bf16", workers=1, wait=served)
    if not OPENVINO_BUILT:
        assert server.wait_exit(30) == 2
        assert "built without OpenVINO" in server.stderr()
        return
    if not _cpu_has_bf16():
        assert server.wait_exit(30) == 2
        assert "this CPU has no native BF16" in server.stderr()
        return
    engine = ready_engine(server)
    assert engine == {**engine, "name": "openvino", "precision": "bf16"}
    assert engine_info(server)["precision"] == "bf16"
    # bf16 is not bit-identical to f32, but reads this clean page the same.
    assert "The quick brown fox jumps over the lazy dog." in ocr_text(server)


def test_env_twins_choose_the_engine(start_server, monkeypatch):
    monkeypatch.setenv("ONNXOCR_ENGINE", "onnxruntime")
    server = start_server(workers=1)
    assert ready_engine(server)["name"] == "onnxruntime"
