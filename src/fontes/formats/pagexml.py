"""PAGE XML (PRImA, 2010-2019 schemas): text regions in reading order, lines with boxes and confidence.

Regions typed header, footer or page-number are page chrome; the reading order of the file
(``ReadingOrder``) is followed where it is given.
"""

from __future__ import annotations

from pathlib import Path

from fontes.formats.paged import Line, PageContent, Word
from fontes.formats.xml import children, descendants

CHROME_TYPES = frozenset(("header", "footer", "page-number", "catch-word", "signature-mark", "marginalia"))


def _box(el) -> tuple[int, int, int, int] | None:
    coords = next(iter(children(el, "Coords")), None)
    if coords is None:
        return None
    points = coords.get("points")
    if points:
        try:
            xy = [tuple(int(float(v)) for v in p.split(",")) for p in points.split()]
        except ValueError:
            return None
    else:  # the 2010 schema: <Point x= y=/> children
        xy = [(int(p.get("x", 0)), int(p.get("y", 0))) for p in children(coords, "Point")]
    if not xy:
        return None
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _equiv(el) -> tuple[str, float | None]:
    equiv = next(iter(children(el, "TextEquiv")), None)
    if equiv is None:
        return "", None
    unicode = next(iter(children(equiv, "Unicode")), None)
    conf = equiv.get("conf")
    return ((unicode.text or "") if unicode is not None else ""), (float(conf) if conf else None)


def _line(el) -> Line:
    text, conf = _equiv(el)
    words = [Word(*_equiv(w)) for w in children(el, "Word")]
    if not text.strip():
        text = " ".join(w.text for w in words)
    return Line(text, _box(el), conf, words)


def read_page_xml(root, path: Path) -> tuple[list[PageContent], list[set[int]]]:
    """Each page's paragraphs (a text region each) and, per page, the regions typed as chrome."""
    pages, chrome = [], []
    for n, page in enumerate(descendants(root, "Page"), start=1):
        regions = {r.get("id"): r for r in descendants(page, "TextRegion")}
        indexed = sorted(descendants(page, "RegionRefIndexed"), key=lambda r: int(r.get("index", 0)))
        ids = [r.get("regionRef") for r in indexed if r.get("regionRef") in regions]
        ids += [i for i in regions if i not in ids]
        paragraphs, marked = [], set()
        for rid in ids:
            region = regions[rid]
            lines = [_line(ln) for ln in children(region, "TextLine")]
            if not any(ln.text.strip() for ln in lines):
                text, conf = _equiv(region)
                lines = [Line(t, _box(region), conf) for t in text.split("\n")]
            if any(ln.text.strip() for ln in lines):
                if (region.get("type") or "") in CHROME_TYPES:
                    marked.add(len(paragraphs))
                paragraphs.append(lines)
        width, height = page.get("imageWidth"), page.get("imageHeight")
        pages.append(PageContent(paragraphs, str(n), page.get("imageFilename"),
                                 int(width) if width else None, int(height) if height else None))
        chrome.append(marked)
    return pages, chrome
