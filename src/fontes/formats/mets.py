"""METS files of newspaper issues: the articles of the logical structure, the ALTO areas each is made of,
and the issue's newspaper, date and page labels from its MODS records.

Two deliveries are read. Most libraries (CCS docWorks: the BnL, Europeana Newspapers, ONB...) put the
ALTO areas inside each ``<div TYPE="ARTICLE">`` of the LOGICAL structMap (``<area FILEID BEGIN>`` naming a
TextBlock). Others (the British Library's Heritage Made Digital) leave the article divs empty and link
them through ``<structLink>`` to page areas of the PHYSICAL structMap, whose ``<area BEGIN END>`` give a
range of ALTO words. Both become a list of ``MetsArticle`` with the areas in reading order.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from fontes.errors import InputError
from fontes.formats.xml import children, descendants, local, text_of

XLINK = "{http://www.w3.org/1999/xlink}"
ARTICLE_TYPES = frozenset(("ARTICLE",))
HEADING_TYPES = frozenset(("HEADING", "TITLE", "HEADLINE"))
ISSUE_TYPES = frozenset(("ISSUE", "NEWSPAPER", "VOLUME", "PERIODICAL"))
PART_TYPES = frozenset(("SECTION", "CONTENT", "CHAPTER", "SUPPLEMENT", "BODY"))
_METS_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mets[\s/>]")


@dataclass(slots=True)
class Area:
    """A part of an article: the ALTO file (METS file ID) and the IDs of its first and last element there."""

    file: str
    begin: str
    end: str | None = None
    heading: bool = False  # inside the article's HEADING / TITLE div


@dataclass
class MetsArticle:
    key: str  # the div's ID
    label: str | None  # the div's LABEL or its MODS title
    areas: list[Area] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # the names its MODS record gives


@dataclass
class Issue:
    """What a METS file says about an issue: its articles, the ALTO files they are in, and its record."""

    articles: list[MetsArticle] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # METS file ID -> ALTO file on disk
    page_labels: dict[str, str] = field(default_factory=dict)  # METS file ID -> the page's ORDERLABEL
    title: str | None = None  # the newspaper
    date: str | None = None  # the issue's date as the record gives it (w3cdtf)
    number: str | None = None
    publisher: str | None = None
    place: str | None = None
    identifier: str | None = None


def is_mets(data: bytes) -> bool:
    """True for a METS document (its root element is mets, with or without a prefix)."""
    head = data[:4096].lstrip()
    match = _METS_ROOT.search(head)
    return bool(match) and b"<" not in re.sub(rb"<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head[:match.start()],
                                                 flags=re.S)


def read_issue(root, path: Path) -> Issue:
    """The articles (none for a METS that marks none), ALTO files, page labels and issue record of a METS file."""
    if local(root.tag) != "mets":
        raise InputError(path, "not a METS file (its root element is not <mets>)", "name the issue's METS file")
    issue = Issue()
    mets_dir = path.parent
    for group in descendants(root, "fileGrp"):
        for file_el in children(group, "file"):
            href = next((loc.get(f"{XLINK}href") for loc in children(file_el, "FLocat")), None)
            if file_el.get("ID") and href and _is_text_file(file_el, href, group):
                issue.files[file_el.get("ID")] = _local_path(href, mets_dir)
    dmd = {sec.get("ID"): sec for sec in descendants(root, "dmdSec") if sec.get("ID")}
    maps = descendants(root, "structMap")
    logical = [m for m in maps if (m.get("TYPE") or "").upper() == "LOGICAL"]
    physical = [m for m in maps if (m.get("TYPE") or "").upper() == "PHYSICAL"]
    issue.page_labels = _page_labels(physical, issue.files)
    links = _struct_links(root)
    physical_divs = {div.get("ID"): div for m in physical for div in descendants(m, "div") if div.get("ID")}
    for m in logical:
        for div in descendants(m, "div"):
            if _type(div) in ARTICLE_TYPES and not any(_type(a) in ARTICLE_TYPES for a in div.iterancestors()
                                                       if local(a.tag) == "div"):
                article = MetsArticle(div.get("ID") or f"art{len(issue.articles) + 1}", _label(div, dmd))
                article.authors = _authors(div, dmd)
                article.areas = _areas(div, issue.files)
                if not article.areas:  # the British Library's way: structLink to page areas
                    for target in links.get(div.get("ID") or "", []):
                        if target in physical_divs:
                            article.areas += _areas(physical_divs[target], issue.files)
                issue.articles.append(article)
    _issue_record(issue, root, logical, dmd)
    return issue


def _type(div) -> str:
    return (div.get("TYPE") or "").upper()


def _is_text_file(file_el, href: str, group) -> bool:
    """A full-text (ALTO) file of the METS, not an image or a PDF."""
    mime = (file_el.get("MIMETYPE") or "").lower()
    use = " ".join(filter(None, (group.get("USE"), group.get("ID")))).lower()
    if "pdf" in use or mime.startswith("image/") or "pdf" in mime:
        return False
    return "xml" in mime or href.lower().endswith(".xml") or any(w in use for w in ("text", "alto", "ocr"))


def _local_path(href: str, base: Path) -> Path:
    """A FLocat href as a path in the issue's package ("file://./text/1.xml" -> base/text/1.xml).

    Only files in the METS file's folder or the one above it are read: a METS names its own package,
    not other files of the machine (an href outside it is kept as a name that does not exist).
    """
    href = re.sub(r"^file:(//)?", "", unquote(href.strip())).lstrip("/")  # "file:///text/1.xml": the package's
    path = base / href
    try:
        inside = Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(base)).parent)
    except (OSError, ValueError):
        inside = False
    return path if inside else base / ("outside-the-issue-folder-" + Path(href).name)


def _page_labels(physical: list, files: dict[str, Path]) -> dict[str, str]:
    """Text file ID -> the label of its page (ORDERLABEL, else ORDER) from the PHYSICAL structMap."""
    out: dict[str, str] = {}
    for m in physical:
        for div in descendants(m, "div"):
            label = div.get("ORDERLABEL") or div.get("ORDER")
            if not label:
                continue
            for fptr in children(div, "fptr"):
                ids = [fptr.get("FILEID")] + [a.get("FILEID") for a in descendants(fptr, "area")]
                for file_id in ids:
                    if file_id in files:
                        out.setdefault(file_id, label)
    return out


def _struct_links(root) -> dict[str, list[str]]:
    """Logical div ID -> the div IDs it is linked to by <structLink> (smLinkGrp or smLink), in order."""
    out: dict[str, list[str]] = {}
    for group in descendants(root, "smLinkGrp"):
        labels = {loc.get(f"{XLINK}label"): (loc.get(f"{XLINK}href") or "").lstrip("#")
                  for loc in children(group, "smLocatorLink")}
        for arc in children(group, "smArcLink"):
            source, target = labels.get(arc.get(f"{XLINK}from")), labels.get(arc.get(f"{XLINK}to"))
            if source and target:
                out.setdefault(source, []).append(target)
    for link in descendants(root, "smLink"):
        source, target = link.get(f"{XLINK}from"), link.get(f"{XLINK}to")
        if source and target:
            out.setdefault(source.lstrip("#"), []).append(target.lstrip("#"))
    return out


def _areas(div, files: dict[str, Path]) -> list[Area]:
    """The ALTO areas under a div, in document order (the order of <seq> and of the divs is reading order)."""
    out = []
    for area in descendants(div, "area"):
        if area.get("FILEID") in files and area.get("BEGIN"):
            heading = any(local(a.tag) == "div" and _type(a) in HEADING_TYPES for a in area.iterancestors())
            out.append(Area(area.get("FILEID"), area.get("BEGIN"), area.get("END"), heading))
    return out


def _mods_titles(sec) -> list[str]:
    out = []
    for info in descendants(sec, "titleInfo"):
        if (info.get("type") or "") in ("alternative", "abbreviated"):
            continue
        if any(local(a.tag) == "relatedItem" for a in info.iterancestors()):
            continue
        title = " ".join(text_of(t) for t in children(info, "title") if text_of(t))
        if title:
            out.append(title)
    return out


def _label(div, dmd: dict) -> str | None:
    """An article's title: the div's LABEL, else the title of its MODS record."""
    label = (div.get("LABEL") or "").strip()
    if label:
        return label
    for ref in (div.get("DMDID") or "").split():
        if ref in dmd and (titles := _mods_titles(dmd[ref])):
            return titles[0]
    return None


def _authors(div, dmd: dict) -> list[str]:
    """The names in an article's MODS record (authors, not other roles such as the printer)."""
    out = []
    for ref in (div.get("DMDID") or "").split():
        for name in descendants(dmd[ref], "name") if ref in dmd else []:
            roles = [text_of(r).lower() for r in descendants(name, "roleTerm")]
            if roles and not any(r in ("aut", "author", "cre", "creator") for r in roles):
                continue
            parts = [text_of(p) for p in children(name, "namePart") if text_of(p)]
            if parts:
                out.append(" ".join(parts))
    return out


def _issue_record(issue: Issue, root, logical: list, dmd: dict) -> None:
    """The newspaper's title, the issue's date, number, publisher and place from the MODS records of the
    divs that hold the articles (the issue, volume and newspaper divs), else from any MODS record."""
    refs: list[str] = []
    holders = [a for art in issue.articles[:1] for a in _article_div_ancestors(logical, art.key)]
    for div in holders + [d for m in logical for d in descendants(m, "div") if _type(d) in ISSUE_TYPES]:
        if _type(div) not in PART_TYPES:  # a section's record names the section, not the newspaper
            refs += [r for r in (div.get("DMDID") or "").split() if r in dmd and r not in refs]
    sections = [dmd[r] for r in refs] or list(dmd.values())
    # the record that dates the issue names it first (a collection's record may only name the series)
    sections.sort(key=lambda sec: not descendants(sec, "dateIssued"))
    for sec in sections:
        issue.title = issue.title or next(iter(_mods_titles(sec)), None)
        for info in descendants(sec, "titleInfo"):
            number = next((text_of(p) for p in children(info, "partNumber") if text_of(p)), None)
            issue.number = issue.number or number
        dates = descendants(sec, "dateIssued")
        keyed = [d for d in dates if d.get("keyDate") == "yes"] or dates
        issue.date = issue.date or next((text_of(d) for d in keyed if text_of(d)), None)
        issue.publisher = issue.publisher or next((text_of(p) for p in descendants(sec, "publisher")
                                                   if text_of(p)), None)
        issue.place = issue.place or next((text_of(p) for p in descendants(sec, "placeTerm")
                                           if text_of(p) and p.get("type") != "code"), None)
        issue.identifier = issue.identifier or next(
            (text_of(r) for r in descendants(sec, "recordIdentifier") if text_of(r)), None)
    if issue.date and (dotted := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", issue.date)):
        day, month, year = dotted.groups()  # "01.08.1821" (BnF, Europeana): day.month.year, written as ISO
        issue.date = f"{year}-{int(month):02d}-{int(day):02d}"
    if not issue.title:
        label = root.get("LABEL") or ""
        issue.title = re.sub(r"\s+\d{4}-\d{2}-\d{2}\S*$", "", label).strip() or None
    if issue.title:
        issue.title = issue.title.rstrip(" .") or issue.title


def _article_div_ancestors(logical: list, key: str) -> list:
    for m in logical:
        for div in descendants(m, "div"):
            if div.get("ID") == key:
                return [a for a in div.iterancestors() if local(a.tag) == "div"]
    return []
