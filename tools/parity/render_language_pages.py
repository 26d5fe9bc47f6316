#!/usr/bin/env python3
"""Render ground-truth pages for the language coverage of OCR model sets.

Writes tests/data/languages/NAME.png plus NAME.gt.txt sidecars, one page per
language: about eight short sentences (written for this project), dark ink on
white, 1000 px wide, 30 px font, one sentence per text line. Each .gt.txt holds
one text segment per line in top-to-bottom order (UTF-8, LF, NFC), exactly
the lines drawn on the page.

Before drawing, every character is checked against the font's cmap (so no
line silently renders as .notdef boxes), every line is checked to be NFC (the
Vietnamese and Greek marks are precomposed characters, not combining ones),
and every line's ink box is checked to lie inside the page margins and its
own line slot; any failure stops the script with a message.

Fonts come from Debian packages (SIL Open Font License 1.1):
  fonts-noto-core  /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
                   (Latin, Greek, Cyrillic, Vietnamese pages)
  fonts-noto-cjk   /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
                   face 1 = Noto Sans CJK KR (Korean page)

Output is deterministic for a given Pillow + FreeType (+ libraqm, when Pillow
lays text out with it) + font version. Pillow comes from Debian's python3-pil;
with pyenv or a venv first on PATH, run /usr/bin/python3.

Usage: python3 tools/parity/render_language_pages.py [--out tests/data/languages]
"""
import argparse
import os
import struct
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont, features

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOTO = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# face indices inside NotoSansCJK-Regular.ttc (see `fc-list : family index`)
NOTO_JP, NOTO_KR, NOTO_SC, NOTO_TC = 0, 1, 2, 3

INK = 20          # grayscale ink on white (255)
WIDTH = 1000
MARGIN = 60
FONT_PX = 30
LINE_GAP = 24     # extra pixels between lines (generous: room for stacked marks)

FR_LINES = [
    "Le marché ouvre à 8 h 30 tous les samedis matin.",
    "Ma sœur a préparé un gâteau au chocolat très léger.",
    "Il m'a répondu : « Je viendrai après le dîner. »",
    "Le garçon attend sa mère devant l'hôtel de ville.",
    "Nous avons visité le château en août, sous un ciel bleu.",
    "La bibliothèque du quartier prête plus de 4500 livres.",
    "Son cœur battait fort avant la course de 100 mètres.",
    "Où est la gare ? Tournez à droite après le pont.",
]

DE_LINES = [
    "Der Zug nach München fährt um 14:25 Uhr ab.",
    "Im Frühling blühen die Bäume in unserem Garten.",
    "Meine Großmutter backt jeden Sonntag einen Apfelkuchen.",
    "Die Straße vor dem Rathaus ist heute gesperrt.",
    "Können Sie mir bitte das Wörterbuch geben?",
    "Wir haben 3 Kilo Kartoffeln und frisches Gemüse gekauft.",
    "Nach dem Essen gehen die Kinder gern im Wald spazieren.",
    "Übermorgen beginnt das große Fest am Fluss!",
]

ES_LINES = [
    "¿Dónde está la estación de autobuses?",
    "¡Qué día tan bonito hace hoy en la montaña!",
    "Mi abuela cocina una paella riquísima los domingos.",
    "El niño compró 6 naranjas y un kilo de azúcar.",
    "La reunión empieza a las 10:30 en la sala número 2.",
    "Mañana viajaremos a Sevilla en un tren rápido.",
    "Él siempre lee el periódico antes del desayuno.",
    "Según el pronóstico, el lunes lloverá un poco.",
]

PT_LINES = [
    "O pão da padaria da esquina está sempre fresco.",
    "As crianças brincam no jardim depois da lição.",
    "Você já visitou a praia de Copacabana?",
    "Meu irmão trabalha num hospital há 12 anos.",
    "Na estação, os passageiros esperam o trem das 7h15.",
    "Ela comprou três limões e uma lâmpada nova.",
    "O português é uma língua falada em vários países.",
    "Obrigado pela atenção, até amanhã!",
]

IT_LINES = [
    "Il treno per Firenze parte alle 9:45 dal binario 3.",
    "Domani andrò al mercato a comprare la frutta.",
    "La città è piena di turisti durante l'estate.",
    "Perché non vieni a cena da noi venerdì sera?",
    "Mio nonno ha lavorato in questa bottega per 40 anni.",
    "Ci sono più libri qui che in tutta la scuola.",
    "Lunedì il museo resta chiuso tutto il giorno.",
    "Però il caffè di questo bar è davvero buono!",
]

EL_LINES = [
    "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
    "Σήμερα ο καιρός είναι ζεστός και ηλιόλουστος.",
    "Το λεωφορείο φεύγει στις 8:15 το πρωί.",
    "Η γιαγιά μου φτιάχνει νόστιμο ψωμί κάθε Κυριακή.",
    # Greek question mark: U+037E normalises (NFC) to U+003B ';'
    "Πόσο κοστίζει αυτό το βιβλίο; Κοστίζει 12 ευρώ.",
    "Τα παιδιά παίζουν στην παραλία μέχρι το απόγευμα.",
    "Ευχαριστώ πολύ για τη βοήθειά σας!",
    "Θα συναντηθούμε στο καφενείο δίπλα στη θάλασσα.",
]

VI_LINES = [
    "Hôm nay trời đẹp, chúng tôi đi dạo ở công viên.",
    "Mẹ tôi nấu phở rất ngon vào mỗi sáng Chủ nhật.",
    "Thư viện trường có hơn 5000 cuốn sách tiếng Việt.",
    "Chuyến tàu đến Huế khởi hành lúc 7 giờ 30 phút.",
    "Em trai tôi đang học lớp 4 ở một trường gần nhà.",
    "Mùa thu ở Hà Nội thường mát mẻ và dễ chịu.",
    "Bạn có muốn uống một ly cà phê sữa đá không?",
    "Cảm ơn bạn đã giúp đỡ tôi rất nhiều!",
]

RU_LINES = [
    "Сегодня в Москве тёплая и солнечная погода.",
    "Поезд отправляется в 18:40 с третьего пути.",
    "Моя сестра любит читать книги по вечерам.",
    "В нашем городе открыли новый парк у реки.",
    "Сколько стоит этот билет? Он стоит 250 рублей.",
    "Дети с радостью съели весь яблочный пирог.",
    "Зимой здесь бывает много снега и льда.",
    "Спасибо за помощь, до встречи в пятницу!",
]

KO_LINES = [
    "오늘은 날씨가 아주 맑고 따뜻합니다.",
    "저는 매일 아침 7시에 일어납니다.",
    "이 식당의 김치찌개는 정말 맛있어요.",
    "도서관에는 3만 권이 넘는 책이 있습니다.",
    "주말에 친구들과 함께 산에 갔습니다.",
    "버스 정류장은 어디에 있나요?",
    "한국어 공부는 어렵지만 재미있습니다!",
    "내일 회의는 오후 2시 30분에 시작합니다.",
]

# name, lines, font path, face index
PAGES = [
    ("fr_paragraph", FR_LINES, NOTO, 0),
    ("de_paragraph", DE_LINES, NOTO, 0),
    ("es_paragraph", ES_LINES, NOTO, 0),
    ("pt_paragraph", PT_LINES, NOTO, 0),
    ("it_paragraph", IT_LINES, NOTO, 0),
    ("el_paragraph", EL_LINES, NOTO, 0),
    ("vi_paragraph", VI_LINES, NOTO, 0),
    ("ru_paragraph", RU_LINES, NOTO, 0),
    ("ko_paragraph", KO_LINES, NOTO_CJK, NOTO_KR),
]


def cmap_codepoints(path, index=0):
    """Set of code points the font (face `index` of a .ttc) maps to a glyph.

    Reads the sfnt 'cmap' table directly (formats 4 and 12, Unicode subtables),
    so no fontTools is needed.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    base = 0
    if data[:4] == b"ttcf":
        n = struct.unpack_from(">I", data, 8)[0]
        if index >= n:
            raise SystemExit(f"{path}: face {index} out of range ({n} faces)")
        base = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    cmap = None
    for i in range(num_tables):
        tag, _, off, _ = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap = off
    if cmap is None:
        raise SystemExit(f"{path}: no cmap table")
    cps = set()
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        plat, enc, off = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        if not (plat == 0 or (plat == 3 and enc in (1, 10))):
            continue
        sub = cmap + off
        fmt = struct.unpack_from(">H", data, sub)[0]
        if fmt == 4:
            segx2 = struct.unpack_from(">H", data, sub + 6)[0]
            seg = segx2 // 2
            ends = struct.unpack_from(f">{seg}H", data, sub + 14)
            starts = struct.unpack_from(f">{seg}H", data, sub + 16 + segx2)
            deltas = struct.unpack_from(f">{seg}h", data, sub + 16 + 2 * segx2)
            ro_pos = sub + 16 + 3 * segx2
            ranges = struct.unpack_from(f">{seg}H", data, ro_pos)
            for s in range(seg):
                for c in range(starts[s], ends[s] + 1):
                    if c == 0xFFFF:
                        continue
                    if ranges[s] == 0:
                        gid = (c + deltas[s]) & 0xFFFF
                    else:
                        p = ro_pos + 2 * s + ranges[s] + 2 * (c - starts[s])
                        gid = struct.unpack_from(">H", data, p)[0]
                        if gid:
                            gid = (gid + deltas[s]) & 0xFFFF
                    if gid:
                        cps.add(c)
        elif fmt == 12:
            ngroups = struct.unpack_from(">I", data, sub + 12)[0]
            for g in range(ngroups):
                start, end, gid = struct.unpack_from(">III", data, sub + 16 + 12 * g)
                for c in range(start, end + 1):
                    if gid + (c - start):
                        cps.add(c)
    return cps


def check_text(name, lines, path, index):
    have = cmap_codepoints(path, index)
    for line in lines:
        if unicodedata.normalize("NFC", line) != line:
            raise SystemExit(f"{name}: line is not NFC: {line}")
        if line != line.strip() or "\n" in line:
            raise SystemExit(f"{name}: stray whitespace: {line!r}")
    missing = sorted({c for line in lines for c in line if ord(c) not in have})
    if missing:
        raise SystemExit(f"{name}: no glyph in {path} (face {index}) for: "
                         + " ".join(f"U+{ord(c):04X}" for c in missing))


def text_page(name, lines, fnt):
    """Render lines left-aligned on a white grayscale page; fail if any ink
    would leave the margins or reach into a neighbouring line's slot."""
    ascent, descent = fnt.getmetrics()
    line_h = ascent + descent
    height = 2 * MARGIN + len(lines) * line_h + (len(lines) - 1) * LINE_GAP
    img = Image.new("L", (WIDTH, height), 255)
    d = ImageDraw.Draw(img)
    y = MARGIN
    for line in lines:
        left, top, right, bottom = fnt.getbbox(line)
        adv = fnt.getlength(line)
        if MARGIN + max(right, adv) > WIDTH - MARGIN or left < -MARGIN // 2:
            raise SystemExit(f"{name}: line too wide ({max(right, adv):.0f}px > "
                             f"{WIDTH - 2 * MARGIN}px): {line}")
        if top < -(LINE_GAP // 2) or bottom > line_h + LINE_GAP // 2:
            raise SystemExit(f"{name}: ink outside its line slot (top {top}, bottom {bottom}, "
                             f"line height {line_h} + gap {LINE_GAP}): {line}")
        d.text((MARGIN, y), line, font=fnt, fill=INK)
        y += line_h + LINE_GAP
    return img


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "languages"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    layout = "raqm" if features.check("raqm") else "basic"
    print(f"Pillow {Image.__version__}, FreeType {features.version('freetype2')}, "
          f"layout {layout}", file=sys.stderr)
    for name, lines, path, index in PAGES:
        check_text(name, lines, path, index)
        img = text_page(name, lines, ImageFont.truetype(path, FONT_PX, index=index))
        img.save(os.path.join(args.out, name + ".png"), optimize=True)
        with open(os.path.join(args.out, name + ".gt.txt"), "w", encoding="utf-8",
                  newline="\n") as fh:
            fh.write("\n".join(lines) + "\n")
        print(f"{name}.png {img.size[0]}x{img.size[1]} {img.mode} {len(lines)} lines")


if __name__ == "__main__":
    main()
