#!/usr/bin/env python3
"""Render synthetic test pages with known text for OCR parity tests.

Writes tests/data/images/NAME.png (and one JPEG) plus NAME.gt.txt sidecars.
Each .gt.txt holds one text segment per line, in the order a top-to-bottom,
left-to-right scan of the *image as stored* meets them (for the page rotated
by 180 degrees this is the reverse of the text's own line order; for the
receipt, the left and right cells of a row are separate lines).

Fonts come from Debian packages:
  fonts-dejavu-core  /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf,
                     DejaVuSansMono.ttf          (Bitstream Vera / DejaVu license)
  fonts-noto-cjk     /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
                     (SIL Open Font License 1.1)

Output is deterministic for a given Pillow + FreeType + font version.

Usage: python3 tools/parity/render_test_pages.py [--out tests/data/images] [--check-dict DICT]
"""
import argparse
import os
import sys

from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# face indices inside NotoSansCJK-Regular.ttc (see `fc-list : family index`)
NOTO_JP, NOTO_KR, NOTO_SC, NOTO_TC = 0, 1, 2, 3

INK = (20, 20, 20)

EN_LINES = [
    "The quick brown fox jumps over the lazy dog.",
    "Optical character recognition turns pictures of text",
    "into characters that a computer can search and edit.",
    "This page was rendered with a common sans serif font",
    "so that the expected output is known exactly.",
    "Each line is a short and natural English sentence,",
    "with numbers such as 42, 3.14 and 2025 mixed in.",
    "Please keep the margins wide and the lines apart.",
    "Thank you for reading this simple test document.",
]

ZH_LINES = [
    "今天天气很好，我们一起去公园散步。",
    "春天来了，树上开满了美丽的花朵。",
    "他每天早上七点起床，然后去学校上课。",
    "这家餐厅的菜很好吃，价格也不贵。",
    "我们应该保护环境，节约用水和用电。",
    "图书馆里有很多书，学生们在安静地学习。",
    "中国的首都是北京，它是一座历史悠久的城市。",
    "欢迎大家明天下午来参加我们的会议。",
]

JA_LINES = [
    "今日はとても良い天気です。",
    "私は毎朝コーヒーを飲みます。",
    "東京駅から電車で三十分かかります。",
    "週末は友達と映画を見に行きました。",
    "この本はとても面白いと思います。",
    "日本語の勉強は難しいですが楽しいです。",
    "明日の会議は午後二時から始まります。",
]

MIXED_LINES = [
    "2024年第三季度营业收入为12.5亿元，同比增长8.3%。",
    "请访问 www.example.com 获取更多信息。",
    "会议时间：2025年3月14日下午3点30分。",
    "联系电话：010-12345678，邮编100080。",
    "本产品支持 Windows 和 Linux 系统。",
    "订单号 A20240915 已于9月15日发货。",
    "GPU 型号为 RTX 4090，显存 24GB。",
]

ROT_LINES = [
    "This page is printed upside down.",
    "The orientation classifier should detect",
    "that each text line is rotated by 180 degrees",
    "and turn it around before recognition.",
    "Line five has the number 12345.",
    "这是一段倒置的中文文本。",
]

SMALL_LINES = [
    "Small print is common in contracts, labels and footnotes.",
    "This paragraph uses a font size of about twelve pixels.",
    "Detection and recognition must still find every word here.",
    "The terms and conditions apply to all orders placed online.",
    "Returns are accepted within 30 days with the original receipt.",
    "Customer service is available Monday to Friday, 9am to 5pm.",
    "Prices include tax unless stated otherwise on the invoice.",
    "Keep this document for your records.",
]

SKEW_LINES = [
    "This page has been rotated by a few degrees,",
    "as happens when a sheet is scanned slightly askew.",
    "The detector returns tilted boxes for each line",
    "and the crops are straightened before recognition.",
    "Numbers like 2048 and 7.5 should survive too.",
    "扫描时纸张略微倾斜也很常见。",
]

RECEIPT_HEADER = ["CORNER CAFE", "123 Main Street", "Receipt 00457"]
RECEIPT_ROWS = [
    ("Espresso", "2.50"),
    ("Cappuccino", "3.80"),
    ("Green tea", "2.20"),
    ("Croissant", "2.90"),
    ("Chocolate cake", "4.60"),
    ("Orange juice", "3.40"),
    ("Bottled water", "1.50"),
    ("Subtotal", "20.90"),
    ("Tax 10%", "2.09"),
    ("TOTAL", "22.99"),
]
RECEIPT_FOOTER = ["Thank you, please come again"]


def font(path, size, index=0):
    return ImageFont.truetype(path, size, index=index)


def text_page(lines, fnt, width, line_gap, margin=60, bg=(255, 255, 255), mode="RGB"):
    """Render lines left-aligned on a page; returns the image."""
    ascent, descent = fnt.getmetrics()
    line_h = ascent + descent
    height = 2 * margin + len(lines) * line_h + (len(lines) - 1) * line_gap
    img = Image.new("RGB", (width, height), bg)
    d = ImageDraw.Draw(img)
    y = margin
    for line in lines:
        w = d.textlength(line, font=fnt)
        if w > width - 2 * margin:
            raise SystemExit(f"line too wide ({w:.0f}px > {width - 2 * margin}px): {line}")
        d.text((margin, y), line, font=fnt, fill=INK)
        y += line_h + line_gap
    return img.convert(mode)


def receipt_page():
    width = 820
    margin = 70
    big = font(DEJAVU_MONO, 34)
    f = font(DEJAVU_MONO, 28)
    asc, desc = f.getmetrics()
    line_h = asc + desc
    gap = 16
    n = len(RECEIPT_HEADER) + len(RECEIPT_ROWS) + len(RECEIPT_FOOTER) + 2
    height = 2 * margin + n * (line_h + gap) + 20
    img = Image.new("RGB", (width, height), (252, 250, 244))
    d = ImageDraw.Draw(img)
    gt = []
    y = margin
    for i, line in enumerate(RECEIPT_HEADER):
        fnt = big if i == 0 else f
        w = d.textlength(line, font=fnt)
        d.text(((width - w) / 2, y), line, font=fnt, fill=INK)
        gt.append(line)
        y += fnt.getmetrics()[0] + fnt.getmetrics()[1] + gap
    y += line_h // 2
    d.line([(margin, y), (width - margin, y)], fill=(90, 90, 90), width=2)
    y += line_h // 2 + gap
    for left, right in RECEIPT_ROWS:
        if left == "Subtotal":
            d.line([(margin, y - gap // 2 - 4), (width - margin, y - gap // 2 - 4)],
                   fill=(90, 90, 90), width=2)
            y += 8
        d.text((margin, y), left, font=f, fill=INK)
        w = d.textlength(right, font=f)
        d.text((width - margin - w, y), right, font=f, fill=INK)
        gt += [left, right]
        y += line_h + gap
    y += line_h // 2
    for line in RECEIPT_FOOTER:
        w = d.textlength(line, font=f)
        d.text(((width - w) / 2, y), line, font=f, fill=INK)
        gt.append(line)
        y += line_h + gap
    return img, gt


def pages():
    """Yield (name, PIL image, gt lines)."""
    yield "en_paragraph", text_page(EN_LINES, font(DEJAVU, 30), 1000, 22), EN_LINES
    yield ("zh_paragraph", text_page(ZH_LINES, font(NOTO_CJK, 34, NOTO_SC), 1000, 20,
                                     bg=(250, 250, 246)), ZH_LINES)
    yield ("ja_paragraph", text_page(JA_LINES, font(NOTO_CJK, 34, NOTO_JP), 900, 22, mode="L"),
           JA_LINES)
    yield ("mixed_zh_en", text_page(MIXED_LINES, font(NOTO_CJK, 32, NOTO_SC), 1100, 22),
           MIXED_LINES)
    rot = text_page(ROT_LINES, font(NOTO_CJK, 32, NOTO_SC), 1000, 24).rotate(180)
    yield "rotated_180", rot, list(reversed(ROT_LINES))
    yield ("small_text", text_page(SMALL_LINES, font(DEJAVU, 12), 820, 9, margin=40, mode="L"),
           SMALL_LINES)
    page = text_page(SKEW_LINES, font(NOTO_CJK, 32, NOTO_SC), 1000, 26)
    skew = page.rotate(7, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    yield "skewed_7deg", skew, SKEW_LINES
    img, gt = receipt_page()
    yield "receipt_two_column", img, gt


def check_dict(all_lines, dict_path):
    with open(dict_path, "rb") as fh:
        chars = set(fh.read().decode("utf-8").splitlines())
    chars.add(" ")
    missing = sorted({c for line in all_lines for c in line if c not in chars})
    if missing:
        print("characters not in", dict_path, ":", "".join(missing), file=sys.stderr)
    return not missing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "images"))
    ap.add_argument("--check-dict",
                    default=os.path.join(ROOT, "models", "ppocrv5-mobile", "ppocrv5_dict.txt"))
    ap.add_argument("--jpeg-of", default="en_paragraph",
                    help="page also written as NAME_q90.jpg (JPEG quality 90, 4:2:0)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    everything = []
    for name, img, gt in pages():
        img.save(os.path.join(args.out, name + ".png"), optimize=True)
        with open(os.path.join(args.out, name + ".gt.txt"), "w", encoding="utf-8",
                  newline="\n") as fh:
            fh.write("\n".join(gt) + "\n")
        everything += gt
        print(f"{name}.png {img.size[0]}x{img.size[1]} {img.mode} {len(gt)} lines")
        if name == args.jpeg_of:
            jname = name + "_q90"
            img.convert("RGB").save(os.path.join(args.out, jname + ".jpg"), quality=90,
                                    subsampling=2)
            with open(os.path.join(args.out, jname + ".gt.txt"), "w", encoding="utf-8",
                      newline="\n") as fh:
                fh.write("\n".join(gt) + "\n")
            print(f"{jname}.jpg (quality 90)")
    if args.check_dict and os.path.exists(args.check_dict):
        check_dict(everything, args.check_dict)


if __name__ == "__main__":
    main()
