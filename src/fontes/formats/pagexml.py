"""PAGE XML (PRImA, 2010-2019 schemas): text regions in reading order, lines with boxes and confidence.

Regions typed header, footer or page-number are page chrome; the reading order of the file
(``ReadingOrder``) is followed where it is given.
"""

from __future__ import annotations

import re
from pathlib import Path

from fontes.formats.paged import Line, PageContent, Word
from fontes.formats.xml import children, descendants, local

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


# ---------------------------------------------------------------- articles
# A newspaper page in PAGE XML marks its articles in one of two ways: reading-order groups, one per
# article (a group whose caption, type or custom names an article), or, as Transkribus and NewsEye
# write it, ``custom="structure {type:article; id:a12;}"`` on the regions or on their lines.

_STRUCTURE = re.compile(r"structure\s*\{([^}]*)\}")
_GROUPS = ("OrderedGroupIndexed", "UnorderedGroupIndexed", "OrderedGroup", "UnorderedGroup")


def _structure(el) -> dict[str, str]:
    """The ``structure {type:...; id:...}`` of an element's custom attribute, as a dict."""
    match = _STRUCTURE.search(el.get("custom") or "")
    if not match:
        return {}
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return {k.strip(): v.strip() for k, v in pairs}


def _article_of(el) -> str | None:
    """The article an element's custom puts it in, if any."""
    found = _structure(el)
    return found.get("id") or "article" if found.get("type", "").lower() == "article" else None


def _is_article_group(group) -> bool:
    said = " ".join(filter(None, (group.get("caption"), group.get("type"), group.get("custom")))).lower()
    return "article" in said


def _group_regions(group) -> list[str]:
    """The region ids of a reading-order group and its sub-groups, in their index order."""
    members = sorted((c for c in group if local(c.tag) in ("RegionRefIndexed", "RegionRef") + _GROUPS),
                     key=lambda c: int(c.get("index", 0) or 0))
    out = []
    for member in members:
        out += [member.get("regionRef")] if local(member.tag).startswith("RegionRef") else _group_regions(member)
    return out


def read_articles(root, path: Path):  # -> list[articles.Article] | None
    """The articles a PAGE file marks (reading-order groups or ``structure {type:article}``), else None."""
    from fontes.formats.articles import Article, PageRef

    articles: dict[str, Article] = {}
    last: dict[str, tuple[int, str]] = {}  # article -> (page, region) of its last line
    for p, page in enumerate(descendants(root, "Page")):
        width, height = page.get("imageWidth"), page.get("imageHeight")
        ref = PageRef((path.name, p), str(p + 1), page.get("imageFilename"), int(width) if width else None,
                      int(height) if height else None)
        regions = {r.get("id"): r for r in descendants(page, "TextRegion")}
        top = [g for ro in descendants(page, "ReadingOrder") for g in ro if local(g.tag) in _GROUPS]
        groups = [g for t in top for g in t if local(g.tag) in _GROUPS and _is_article_group(g)]
        if groups:
            for g, group in enumerate(groups):
                key = group.get("id") or f"g{g + 1}"
                article = articles.setdefault(key, Article(key))
                for rid in _group_regions(group):
                    if rid in regions:
                        _add_region(article, ref, regions[rid])
            continue
        for rid in _ordered_ids(page, regions):
            region = regions[rid]
            region_article = _article_of(region)
            lines = children(region, "TextLine")
            if any(_article_of(ln) for ln in lines):  # articles marked line by line
                for ln in lines:
                    key = _article_of(ln) or region_article
                    line = _line(ln)
                    if key and line.text.strip():
                        article = articles.setdefault(key, Article(key))
                        if last.get(key) == (p, rid):  # the lines of one region stay one paragraph
                            article.parts[-1][1].append(line)
                        else:
                            article.parts.append((ref, [line]))
                            last[key] = (p, rid)
                            if article.heading is None and _is_heading(region):
                                article.heading = line.text
            elif region_article:
                _add_region(articles.setdefault(region_article, Article(region_article)), ref, region)
    return list(articles.values()) or None


def _ordered_ids(page, regions: dict) -> list[str]:
    indexed = sorted(descendants(page, "RegionRefIndexed"), key=lambda r: int(r.get("index", 0) or 0))
    ids = [r.get("regionRef") for r in indexed if r.get("regionRef") in regions]
    return ids + [i for i in regions if i not in ids]


def _region_lines(region) -> list[Line]:
    lines = [_line(ln) for ln in children(region, "TextLine")]
    if not any(ln.text.strip() for ln in lines):
        text, conf = _equiv(region)
        lines = [Line(t, _box(region), conf) for t in text.split("\n")]
    return [ln for ln in lines if ln.text.strip()]


def _is_heading(region) -> bool:
    return (region.get("type") or "").lower() == "heading" or _structure(region).get("type", "").lower() in (
        "heading", "title")


def _add_region(article, ref, region) -> None:
    lines = _region_lines(region)
    if lines:
        article.parts.append((ref, lines))
        if article.heading is None and _is_heading(region):
            article.heading = " ".join(ln.text for ln in lines)

