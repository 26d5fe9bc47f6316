"""A minimal HTTP wrapper around faster-paddle's OcrEngine, for bench/run.sh.

faster-paddle (PyPI, 1.0.4) is a library with no server. This wrapper is ours,
not upstream's: the standard library's ThreadingHTTPServer, one OcrEngine for
the process (faster-paddle serialises calls on it internally and releases the
GIL while it infers), POST /ocr with JSON {"image": "<base64>"} answered as
{"results": [{"text", "confidence", "bounding_box"}]} (the OnnxOCR shape the
load generator reads; its axis-aligned box becomes four corners), GET /health
for readiness. The model size and engine settings are faster-paddle's
defaults (FASTER_PADDLE_MODEL=tiny|small).
"""
import base64
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import faster_paddle

ENGINE = faster_paddle.OcrEngine(model_size=os.environ.get("FASTER_PADDLE_MODEL", "tiny"))


def lines_of(output):
    results = []
    for _, line in sorted(output["bounds"].items()):
        (x0, y0), (x1, y1) = line["topLeftCoord"], line["bottomRightCoord"]
        results.append({"text": line["text"], "confidence": line["confidence"],
                        "bounding_box": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]})
    return results


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load generator expects

    def answer(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self.answer(200, {"status": "ok", "config": ENGINE.config})
        else:
            self.answer(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path != "/ocr":
            self.answer(404, {"error": "not found"})
            return
        try:
            image = base64.b64decode(json.loads(body)["image"])
        except (ValueError, KeyError, TypeError) as e:
            self.answer(400, {"error": f"bad request: {e}"})
            return
        try:
            output = ENGINE.ocr(image)
        except Exception as e:  # faster-paddle raises on undecodable images
            self.answer(400, {"error": f"ocr failed: {e}"})
            return
        self.answer(200, {"results": lines_of(output)})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer((os.environ.get("PEER_HOST", "0.0.0.0"), int(os.environ.get("PEER_PORT", "5005"))),
                                 Handler)
    server.serve_forever()
