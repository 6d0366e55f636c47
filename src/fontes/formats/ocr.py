"""Scans: OCR of page images with Debian's Tesseract, each line with its box and each word its confidence.

Tesseract is called through pytesseract (``image_to_data``); the languages come from the
``ocr_languages`` setting, kept to those installed. A missing Tesseract is a one-line error.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path

from fontes.errors import InputError
from fontes.formats.paged import Line, PageContent, Word

IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".tif", ".tiff"))


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - an old or broken Tesseract: let OCR itself report it
        return frozenset()


def _languages(wanted: str) -> str:
    have = installed_languages()
    langs = [lang for lang in wanted.split("+") if not have or lang in have]
    return "+".join(langs) or "eng"


def ocr_image(image, path: Path | str, *, languages: str = "eng", label: str = "1",
              image_path: str | None = None) -> PageContent:
    """One page image -> its paragraphs of lines, each line with its box and its words' confidence."""
    import pytesseract

    if not tesseract_available():
        raise InputError(path, "a scan needs OCR, and Tesseract is not installed",
                         "run 'apt-get install tesseract-ocr tesseract-ocr-eng' (scripts/install does it as root)")
    # one thread per page: Tesseract's OpenMP threads slow it down on a shared or busy machine
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    try:
        data = pytesseract.image_to_data(image, lang=_languages(languages), output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractError, RuntimeError, OSError) as err:
        raise InputError(path, f"OCR failed ({str(err).strip().splitlines()[-1] if str(err).strip() else err})",
                         "check the image") from err
    paragraphs: dict[tuple[int, int], list[Line]] = {}
    lines: dict[tuple[int, int, int], Line] = {}
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        conf = float(data["conf"][i])
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        line = lines.get(key)
        if line is None:
            line = lines[key] = Line("", (x, y, w, h), None, [])
            paragraphs.setdefault(key[:2], []).append(line)
        else:
            lx, ly, lw, lh = line.box
            x0, y0 = min(lx, x), min(ly, y)
            line.box = (x0, y0, max(lx + lw, x + w) - x0, max(ly + lh, y + h) - y0)
        line.text = f"{line.text} {word}" if line.text else word
        line.words.append(Word(word, conf / 100 if conf >= 0 else None))
    for line in lines.values():
        confs = [w.confidence for w in line.words if w.confidence is not None]
        line.confidence = round(sum(confs) / len(confs), 3) if confs else None
    return PageContent(list(paragraphs.values()), label, image_path, image.width, image.height)


def read_image(path: Path, data: bytes, *, languages: str = "eng") -> list[PageContent]:
    """Every frame of a PNG, JPEG or (multi-page) TIFF, OCR'd one page at a time."""
    import io

    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        pages = []
        for n, frame in enumerate(ImageSequence.Iterator(image), start=1):
            frame.load()
            pages.append(ocr_image(frame, path, languages=languages, label=str(n), image_path=str(path)))
        return pages
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        raise InputError(path, f"damaged or truncated image ({err})", "scan or export the page again") from err
