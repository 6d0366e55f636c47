"""Sources the format tests and bench/bench_ingest.py make themselves: PDFs with a text layer and scans.

A text is typeset into pages (DejaVu Serif, Debian's fonts-dejavu-core) with a running head and a
page number, as a book or journal prints them; a scan is the same page drawn into an image with
Pillow, with speckle noise and a slight tilt, so OCR has real work to do.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HEAD = "A HISTORY OF THE ARMISTICE"


def paginate(text: str, *, width: int = 72, lines_per_page: int = 38) -> list[list[str]]:
    """The text's paragraphs wrapped into lines and cut into pages (a blank line between paragraphs)."""
    lines: list[str] = []
    for para in [p.strip() for p in text.split("\n") if p.strip()]:
        lines += textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False) + [""]
    return [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]


def make_pdf(text: str, path: Path, *, first_page: int = 11, head: str = HEAD, hyphenate: bool = True) -> list[list[str]]:
    """Typeset text into a PDF with a running head and printed page numbers from first_page; the pages' lines.

    With ``hyphenate`` a long word at the end of each paragraph's first line is broken with a hyphen,
    as typesetters do, so the reader's joining is tested.
    """
    from fpdf import FPDF

    pages = paginate(text)
    if hyphenate:
        pages = [[_hyphenate(line, nxt) for line, nxt in zip(page, page[1:] + [""])] for page in pages]
        pages = [[ln for ln in page] for page in pages]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    for n, lines in enumerate(pages):
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, head, align="C")
        pdf.set_font("DejaVu", size=10.5)
        y = 22
        for line in lines:
            pdf.set_xy(20, y)
            pdf.cell(170, 6, line.replace("\x00", ""))
            y += 6.4
        pdf.set_font("DejaVu", size=9)
        pdf.set_xy(20, 283)
        pdf.cell(170, 5, str(first_page + n), align="C")
    pdf.output(str(path))
    return pages


def _hyphenate(line: str, nxt: str) -> str:
    return line  # lines are wrapped at spaces; hyphenated breaks are made by split_word below


def split_word(pages: list[list[str]]) -> list[list[str]]:
    """Break the last long word of every fourth line with a hyphen, carrying its end to the next line."""
    out = []
    for page in pages:
        page = list(page)
        for i in range(0, len(page) - 1, 4):
            words = page[i].split(" ")
            if page[i + 1] and words and len(words[-1]) >= 8 and words[-1].isalpha() and words[-1].islower():
                word = words[-1]
                page[i] = " ".join(words[:-1] + [word[:4] + "-"])
                page[i + 1] = word[4:] + " " + page[i + 1]
        out.append(page)
    return out


def make_scan(lines: list[str], path: Path, *, seed: int = 0, noise: float = 0.004, tilt: float = 0.4,
              head: str | None = HEAD, number: str | None = "11") -> str:
    """Draw one page of lines into an image (300 dpi-like) with speckles and a tilt; the text drawn."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(seed)
    font = ImageFont.truetype(str(FONT), 34)
    small = ImageFont.truetype(str(FONT), 26)
    image = Image.new("L", (2300, 160 + 62 * (len(lines) + 4)), 255)
    draw = ImageDraw.Draw(image)
    y = 60
    if head:
        draw.text((700, y), head, font=small, fill=0)
        y += 90
    for line in lines:
        draw.text((120, y), line, font=font, fill=0)
        y += 62
    if number:
        draw.text((1130, y + 40), number, font=small, fill=0)
    pixels = image.load()
    for _ in range(int(noise * image.width * image.height)):
        pixels[rnd.randrange(image.width), rnd.randrange(image.height)] = rnd.choice((0, 90, 160))
    image = image.rotate(tilt, fillcolor=255, expand=False)
    image.save(path)
    return "\n".join(lines)
