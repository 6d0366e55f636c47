"""Newspaper issues split into articles where the format marks them: one Document per article, in reading order.

Three marks are read (issue 14):

- a METS file with a LOGICAL structMap of ``ARTICLE`` divs pointing into the issue's ALTO files
  (``formats.mets``): the METS file gives every article of the issue; an ALTO page that such a METS
  beside it (same folder or the one above) lists gives the articles that begin on that page, the same
  Documents with the same ids, so a folder holding both builds each article once;
- an ALTO file whose TextBlocks point by ``TAGREFS`` to a ``<StructureTag>`` (one tag per article);
- a PAGE XML file whose reading order groups regions per article (a group whose caption, type or
  custom names an article) or whose regions or lines say ``structure {type:article; id:…}``.

Each article is a Document named ``<file>#art<n>`` (n in reading order; the file on disk is the part
before ``#``), with the pages its text is on, its own id (a hash of its text, the issue file's name and
the article's id in the file and its record, so re-reading an unchanged issue changes nothing), and a
record its citation is taken from: the article's title (its METS LABEL or MODS title, else its first
heading), the newspaper as the container, the issue's date, number, publisher and place, the pages, and
the authors the article's MODS names (none when it names none: the heading is not read as a byline).
Anything without such marks returns None: one Document, as before.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from fontes.errors import InputError
from fontes.formats.paged import Line, PagedText
from fontes.model import Document
from fontes.settings import DEFAULTS, Settings

MEDIA_TYPE = "application/alto+xml"
PAGE_MEDIA_TYPE = "application/vnd.prima.page+xml"
_TITLE_MAX = 160  # a first paragraph longer than this is text, not a heading
_CACHE_SIZE = 4
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class PageRef:
    """The page a paragraph of an article is on."""

    key: tuple  # (file, page index in the file): a new page of the article starts when it changes
    label: str
    image: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass
class Article:
    """An article as a format marks it: its id in the file, its title if the format gives one, its paragraphs."""

    key: str
    title: str | None = None
    parts: list[tuple[PageRef, list[Line]]] = field(default_factory=list)  # paragraphs in reading order
    heading: str | None = None  # the text of the areas the format marks as its heading
    authors: list[str] | None = None  # the names a catalogue record gives ([]: unsigned; None: no record)


@dataclass
class IssueRecord:
    """The issue an article is from, for its citation."""

    newspaper: str | None = None
    date: str | None = None
    number: str | None = None
    publisher: str | None = None
    place: str | None = None


def read_articles(path: Path, settings: Settings = DEFAULTS) -> list[Document] | None:
    """One Document per article of the issue in path, or None when the file marks no articles.

    A METS file without articles gives an empty list: its ALTO pages are read as pages.
    """
    from fontes.formats import mets

    path = Path(path)
    if path.suffix.lower() not in (".xml", ".alto", ".mets"):
        return None
    try:
        if not path.is_file() or path.stat().st_size > settings.max_file_bytes:
            return None  # read_document reports it
        data = path.read_bytes()
    except OSError:
        return None
    try:
        # copies: the stages write into a Document, and the cached issue must stay as it was read
        if mets.is_mets(data):
            return copy.deepcopy(_issue(path, data, settings).documents)
        head = data[:20_000]
        if b"<alto" in head or b":alto" in head:
            found = _issue_beside(path, settings)
            if found is not None:
                issue, key = found
                return copy.deepcopy([issue.documents[i] for i in issue.starts.get(key, [])])
            return _tagged_alto(path, data) if b"StructureTag" in data else None
        if (b"<PcGts" in head or b":PcGts" in head) and re.search(rb"(?i)article", data):
            return _grouped_page(path, data)
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - a damaged file: one line naming it, and the build goes on
        raise InputError(path, f"damaged issue file ({type(err).__name__}: {str(err)[:120]})",
                         "repair it or export it again") from err
    return None


_ARTICLE_PATH = re.compile(r"(?s)(.+)#art\d+")


def source_file(path: str) -> str:
    """The file on disk a Document was read from: ``issue-mets.xml#art3`` -> ``issue-mets.xml``."""
    match = _ARTICLE_PATH.fullmatch(path)
    return match.group(1) if match else path


# ---------------------------------------------------------------- building the Documents


def article_documents(articles: list[Article], source: Path, record: IssueRecord, media_type: str) -> list[Document]:
    """The Documents of an issue's articles, numbered in reading order; articles without text are left out."""
    docs = []
    for article in articles:
        doc = _document(article, source, record, media_type, len(docs) + 1)
        if doc is not None:
            docs.append(doc)
    return docs


def _document(article: Article, source: Path, record: IssueRecord, media_type: str, n: int) -> Document | None:
    out = PagedText()
    last_page = None
    for page, lines in article.parts:
        if not any(ln.text.strip() for ln in lines):
            continue  # a page is opened for text only: Box.page indexes the pages
        if page.key != last_page:
            out.start_page(page.label, image=page.image, width=page.width, height=page.height)
            last_page = page.key
        out.add_paragraph(lines)
    text, pages, boxes, marks = out.result()
    if len(_LETTER.findall(text)) < 3:
        return None  # no text, or OCR specks in a box the segmentation made an article ("i~", "11 1")
    title = _title(article, text)
    labels = list(dict.fromkeys(p.label for p in pages))
    csl = {"type": "article-newspaper", "title": title, "container-title": record.newspaper,
           "issued": {"raw": record.date} if record.date else None, "publisher": record.publisher,
           "publisher-place": record.place, "issue": record.number,
           "page": labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}" if labels else None}
    # the record names the authors, or says there are none: an article's first line is its heading, not a byline
    record_fields = {k: v for k, v in csl.items() if v}
    if article.authors is not None:
        record_fields["author"] = [{"literal": a} for a in article.authors]
    # its text, where it is from and what the record says: a corrected title in the METS is a changed document
    digest = hashlib.sha256("\0".join(("fontes-article", source.name, article.key, text,
                                        json.dumps(record_fields, sort_keys=True))).encode()).hexdigest()
    return Document(id=digest, path=f"{source}#art{n}", text=text, media_type=media_type, pages=pages, boxes=boxes,
                    marks=marks, record=record_fields)


def _title(article: Article, text: str) -> str | None:
    """The title the format gives, else the heading it marks, else the first paragraph when it is short."""
    for candidate in (article.title, article.heading, text.split("\n\n", 1)[0]):
        candidate = re.sub(r"\s+", " ", candidate or "").strip()
        if candidate and len(candidate) <= _TITLE_MAX and re.search(r"[^\W\d_]{2}", candidate):
            return candidate.strip(" .:,;–—-") or candidate  # "– ALLEMAGNE." -> "ALLEMAGNE"
    return None


# ---------------------------------------------------------------- METS + ALTO


@dataclass
class _Issue:
    documents: list[Document]
    starts: dict[str, list[int]]  # resolved ALTO path -> indexes of the documents that begin on that page
    signature: tuple
    files: frozenset[str] = frozenset()  # resolved paths of every ALTO file the METS lists


_ISSUES: dict[str, _Issue] = {}


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
        return str(path), st.st_mtime_ns, st.st_size
    except OSError:
        return str(path), None, None


def _issue(path: Path, data: bytes, settings: Settings) -> _Issue:
    """The articles of the issue whose METS is at path, read once per process while its files are unchanged."""
    key = os.path.realpath(path)
    cached = _ISSUES.get(key)
    if cached is not None and all(_stat(Path(s[0])) == s for s in cached.signature):
        return cached
    issue = _read_issue(path, data, settings)
    if len(_ISSUES) >= _CACHE_SIZE:
        _ISSUES.pop(next(iter(_ISSUES)))
    _ISSUES[key] = issue
    return issue


def _read_issue(path: Path, data: bytes, settings: Settings) -> _Issue:
    from fontes.formats import alto, mets
    from fontes.formats.xml import parse_xml

    try:
        found = mets.read_issue(parse_xml(data, path), path)
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure on a damaged METS: one line naming it
        raise InputError(path, f"damaged METS file ({type(err).__name__}: {str(err)[:120]})",
                         "repair it or export the issue again") from err
    signature = [_stat(path)]
    files = frozenset(os.path.realpath(p) for p in found.files.values())
    if not found.articles:
        return _Issue([], {}, tuple(signature), files)
    used = list(dict.fromkeys(a.file for art in found.articles for a in art.areas))
    indexes = {}
    for file_id in used:
        alto_path = found.files[file_id]
        if not alto_path.is_file():
            raise InputError(path, f"ALTO file {alto_path.name} that the METS names ({file_id}) is missing",
                              "keep the issue's files beside its METS file, as the library delivered them")
        if alto_path.stat().st_size > settings.max_file_bytes:
            raise InputError(alto_path, "ALTO file larger than max_file_bytes", "raise the max_file_bytes setting")
        signature.append(_stat(alto_path))
        indexes[file_id] = alto.index_alto(parse_xml(alto_path.read_bytes(), alto_path))
    articles, first_files, missing, total = [], [], 0, 0
    for art in found.articles:
        article = Article(art.key, art.label, authors=art.authors)
        heading = []
        for area in art.areas:
            total += 1
            index = indexes[area.file]
            span = index.span(area.begin, area.end)
            if span is None:
                missing += 1
                continue
            for page, lines in index.paragraphs(*span):
                info = index.pages[page]
                label = found.page_labels.get(area.file) if len(index.pages) == 1 else None
                ref = PageRef((area.file, page), label or info.label, info.image, info.width, info.height)
                article.parts.append((ref, lines))
                if area.heading:
                    heading.append(" ".join(ln.text for ln in lines))
        article.heading = " ".join(heading) or None
        articles.append(article)
        first_files.append(article.parts[0][0].key[0] if article.parts else None)
    if total and missing == total:
        raise InputError(path, "none of the METS areas of its articles is found in its ALTO files (the IDs differ)",
                         "check the METS belongs to these ALTO files")
    record = IssueRecord(found.title, found.date, found.number, found.publisher, found.place)
    docs, starts = [], {}
    for article, first in zip(articles, first_files):
        doc = _document(article, path, record, MEDIA_TYPE, len(docs) + 1)
        if doc is not None:
            starts.setdefault(os.path.realpath(found.files[first]), []).append(len(docs))
            docs.append(doc)
    return _Issue(docs, starts, tuple(signature), files)


def _issue_beside(alto_path: Path, settings: Settings) -> tuple[_Issue, str] | None:
    """The issue whose METS (in the ALTO file's folder or the one above) lists this ALTO file and marks articles."""
    from fontes.formats import mets

    key = os.path.realpath(alto_path)
    for folder in (alto_path.parent, alto_path.parent.parent):
        for candidate in _mets_names(folder):
            try:
                data = candidate.read_bytes()
                if not mets.is_mets(data):
                    continue
                issue = _issue(candidate, data, settings)
            except Exception:  # noqa: BLE001 - a broken METS is reported when it is read itself
                continue  # and the page is read as a page
            if issue.documents and key in issue.files:
                return issue, key
    return None


_FOLDERS: dict[str, tuple[int, list[Path]]] = {}


def _mets_names(folder: Path) -> list[Path]:
    """The files named like a METS file ("…mets….xml") in a folder, listed once while the folder is unchanged
    (a folder of a thousand ALTO pages is not listed a thousand times)."""
    try:
        mtime = folder.stat().st_mtime_ns
    except OSError:
        return []
    key = os.path.realpath(folder)
    cached = _FOLDERS.get(key)
    if cached is None or cached[0] != mtime:
        try:
            names = sorted(p for p in folder.iterdir() if "mets" in p.name.lower() and p.suffix.lower() == ".xml")
        except OSError:
            names = []
        if len(_FOLDERS) >= 64:
            _FOLDERS.pop(next(iter(_FOLDERS)))
        cached = _FOLDERS[key] = (mtime, names)
    return [folder / p.name for p in cached[1]]


# ---------------------------------------------------------------- ALTO tags


def _tagged_alto(path: Path, data: bytes) -> list[Document] | None:
    """Articles of an ALTO file whose TextBlocks point (TAGREFS) to StructureTags, one per tag; else None."""
    from fontes.formats import alto
    from fontes.formats.xml import parse_xml

    index = alto.index_alto(parse_xml(data, path))
    structure = {k: v for k, v in index.structure_tags.items() if v.startswith("StructureTag:")}
    if not structure:
        return None
    groups: dict[str, Article] = {}
    for b, block in enumerate(index.blocks):
        tag = next((t for t in block.tags if t in structure), None)
        if tag is None:
            continue
        lines = [ln for ln in index.lines if ln.block == b]
        if not lines:
            continue
        article = groups.setdefault(tag, Article(tag, structure[tag].split(":", 2)[2] or None))
        info = index.pages[block.page]
        ref = PageRef((path.name, block.page), info.label, info.image, info.width, info.height)
        for page, para in index.paragraphs(lines[0].first, lines[-1].last):
            article.parts.append((ref, para))
    if not groups:
        return None
    return article_documents(list(groups.values()), path, IssueRecord(), MEDIA_TYPE)


# ---------------------------------------------------------------- PAGE XML


def _grouped_page(path: Path, data: bytes) -> list[Document] | None:
    from fontes.formats import pagexml
    from fontes.formats.xml import parse_xml

    articles = pagexml.read_articles(parse_xml(data, path), path)
    if not articles:
        return None
    return article_documents(articles, path, IssueRecord(), PAGE_MEDIA_TYPE)
