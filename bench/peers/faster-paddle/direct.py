"""faster-paddle in-process, without HTTP: images/s of OcrEngine.ocr one image
at a time (sequential), after one warm-up call, over every image of a folder
cycled for at least --seconds. Prints one JSON line.

  direct.py --images DIR [--model tiny|small] [--seconds 20]
"""
import argparse
import glob
import json
import os
import time

import faster_paddle

parser = argparse.ArgumentParser()
parser.add_argument("--images", required=True)
parser.add_argument("--model", default="tiny")
parser.add_argument("--seconds", type=float, default=20.0)
args = parser.parse_args()
paths = sorted(p for p in glob.glob(os.path.join(args.images, "*"))
               if p.lower().endswith((".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")))
images = [open(p, "rb").read() for p in paths]
engine = faster_paddle.OcrEngine(model_size=args.model)
engine.ocr(images[0])
done = lines = 0
start = time.perf_counter()
while True:
    for image in images:
        lines += len(engine.ocr(image)["bounds"])
        done += 1
    elapsed = time.perf_counter() - start
    if elapsed >= args.seconds:
        break
print(json.dumps({"label": f"faster-paddle-direct ({args.model})", "images": done, "seconds": round(elapsed, 2),
                  "throughput_ips": round(done / elapsed, 3), "lines_per_pass": lines * len(images) // done,
                  "config": engine.config}))
