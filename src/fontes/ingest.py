"""Ingest stage: files and folders -> Documents with decoded text, a content hash and HTML metadata.

PDFs, scans, ALTO, PAGE, hOCR, TEI, DOCX, ODT and EPUB are read by ``fontes.formats`` (one module
per format), detected from their first bytes; their Documents carry pages, OCR boxes and marks.

Text is decoded, newlines become ``\\n``, and nothing else changes: every later offset is a
code-point offset into ``Document.text``. HTML pages keep the main text trafilatura extracts
and the page's own title, author, date, URL and site name in ``Document.html_meta``.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from fontes import formats
from fontes.errors import InputError
from fontes.model import Document, Mark
from fontes.settings import DEFAULTS, Settings

MEDIA_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html", "": "text/plain"}
SUFFIXES = frozenset(s for s in MEDIA_TYPES if s)
# Single-byte encodings tried, in order of preference, when a file is not UTF-8.
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "koi8_r", "iso8859_15", "mac_roman", "latin_1")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")
_TYPOGRAPHY = set("“”‘’„‚–—…«»‹›°£€¥§©®™•·¡¿\u00a0\u2009\u202f×½¼¾±")
_HTML_META_KEYS = ("title", "author", "date", "url", "sitename", "hostname", "description")


def iter_sources(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Every file named or inside a named folder (recursively), sorted, hidden files and folders skipped.

    Paths that cannot be listed are left out silently; ``find_sources`` reports them.
    """
    yield from find_sources(paths)[0]


def find_sources(paths: Iterable[Path | str]) -> tuple[list[Path], list[InputError]]:
    """The files to read under paths, and one InputError for each path that gives no file.

    Folders are walked recursively in sorted order, hidden files and folders skipped and
    symbolic links to folders not followed. A path named as an argument is returned as it
    is (``read_document`` refuses a special file before opening it); a missing argument, a
    dangling or looping link, a FIFO, socket or device inside a folder and a folder that
    cannot be listed each get an error naming it, so every path gets an answer (issue 11).
    """
    files: list[Path] = []
    errors: list[InputError] = []
    for p in map(Path, paths):
        if p.is_dir():
            found: list[Path] = []
            _walk(p, found, errors)
            files += sorted(found)
        elif os.path.lexists(p) and _zotero_export(p):
            _add_attachments(p, files, errors)
        elif os.path.lexists(p):
            files.append(p)
        else:
            errors.append(InputError(p, "no such file or folder", "check the path"))
    return files, errors


def _walk(folder: Path, found: list[Path], errors: list[InputError]) -> None:
    """Collect the regular files and the unreadable entries below folder (not following folder links)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        errors.append(InputError(folder, f"folder cannot be read ({err.strerror or err})",
                                 "check its permissions; the files in it were not built"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(path, found, errors)
                continue
            if entry.is_symlink() and path.is_dir():
                continue  # a link to a folder: not followed, as before (no cycles through links)
        except OSError:
            pass
        problem = _special_file(path)
        if problem:
            errors.append(InputError(path, problem[0], problem[1]))
        elif not _zotero_export(path):  # an export's attachments are built, each cited from its record
            found.append(path)


def _zotero_export(path: Path) -> bool:
    from fontes.formats import zotero

    return zotero.is_export(path)


def _add_attachments(export: Path, files: list[Path], errors: list[InputError]) -> None:
    """The attachments a Zotero export names (each then cited from its item), or an error for the export."""
    from fontes.formats import zotero

    try:
        names = zotero.attachments(export)
    except Exception as err:  # noqa: BLE001 - malformed JSON or RDF: one line naming the export
        errors.append(InputError(export, f"Zotero export cannot be read ({type(err).__name__}: {str(err)[:100]})",
                                 "export it again from Zotero"))
        return
    if not names:
        errors.append(InputError(export, "Zotero export names no attachment files",
                                 "export with 'Export Files' (RDF) or with file paths (CSL-JSON)"))
    for name in names:
        if os.path.lexists(name):
            files.append(name)
        else:
            errors.append(InputError(name, f"attachment named by {export.name} is missing", "export it again with its files"))


def _special_file(path: Path) -> tuple[str, str] | None:
    """(problem, fix) when path is not a regular file that can be opened without blocking, else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        if os.path.islink(path):
            if err.errno == errno.ELOOP:
                return "symbolic link loop", "remove the link or point it at a file"
            return f"broken symbolic link (to {os.readlink(path)})", "remove the link or restore its target"
        if err.errno == errno.ENOENT:
            return "no such file or folder", "check the path"
        return f"cannot be read ({err.strerror or err})", "check the path and its permissions"
    if stat.S_ISREG(mode):
        return None
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a folder" if stat.S_ISDIR(mode)
            else "not a regular file")
    return f"{kind}, not a regular file; it was not opened", f"pass source files ({formats.READS}) or folders of them"


def read_document(path: Path | str, settings: Settings = DEFAULTS) -> Document:
    """Read one source file into a Document; raise InputError naming the file if it cannot be read."""
    path = Path(path)
    problem = _special_file(path)  # checked before opening: opening a FIFO blocks until a writer comes
    if problem:
        raise InputError(path, *problem)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(path, f"file is {size:,} bytes, more than max_file_bytes={settings.max_file_bytes:,}",
                             "split it or raise the max_file_bytes setting")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err})", "check the path and its permissions") from err
    fmt = formats.detect(path, data)
    if fmt is not None:
        return _with_zotero_record(_read_format(path, data, fmt, settings))
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        if _looks_binary(data):
            raise InputError(path, f"binary file of a format fontes does not read ({suffix or 'no suffix'})",
                             f"fontes reads {formats.READS}")
        raise InputError(path, f"unsupported file type {suffix!r}", f"fontes reads {formats.READS}")
    text, encoding = decode_bytes(data, path)
    media_type = MEDIA_TYPES[suffix]
    html_meta: dict[str, str] = {}
    main_spans: list[tuple[int, int]] | None = None
    marks: list[Mark] = []
    if media_type == "text/html":
        html = close_title(text)
        main, html_meta = extract_html(html, path)
        text, main_spans = page_lines(html, main)
        marks = [Mark(a, b, "chrome", "html: a line of links only") for a, b in link_lines(html, text)]
    text = normalise_newlines(text)
    if media_type == "text/html":
        from fontes.clean import structure_marks

        # the page's structure (<nav>, <footer>, containers named for site parts) for the cleaner
        marks += structure_marks(html, text, main_spans)
    if not text.strip():
        raise InputError(path, "empty file (no text, or whitespace only)" if media_type != "text/html"
                         else "no readable text in the HTML page", "remove it or add the text")
    return _with_zotero_record(Document(id=hashlib.sha256(data).hexdigest(), path=str(path), text=text,
                                        media_type=media_type, encoding=encoding, html_meta=html_meta,
                                        main_spans=main_spans, marks=marks))


def read_documents(path: Path | str, settings: Settings = DEFAULTS) -> list[Document]:
    """The Documents one source file gives: one per article of a newspaper issue whose format marks
    its articles (METS/ALTO, ALTO tags, PAGE reading-order groups), else ``[read_document(path)]``.

    Raises InputError naming the file if it cannot be read (a broken METS included).
    """
    from fontes.formats import articles

    split = articles.read_articles(Path(path), settings)
    return split if split is not None else [read_document(path, settings)]


def _with_zotero_record(doc: Document) -> Document:
    """An attachment of a Zotero export gets its item's record: the citation comes from it (issue 14)."""
    from fontes.formats import zotero

    record = zotero.record_for(Path(doc.path))
    if record:
        doc.record = record
    return doc


def _read_format(path: Path, data: bytes, fmt: str, settings: Settings) -> Document:
    """A PDF, scan, OCR file, TEI edition or office document read by its reader in ``fontes.formats``.

    Any failure of a reader's library on a damaged file becomes a one-line InputError naming it.
    """
    try:
        doc = formats.read_source(path, data, fmt, settings)
    except InputError:
        raise
    except MemoryError as err:
        raise InputError(path, f"{fmt.upper()} file too large to read", "split it") from err
    except Exception as err:
        raise InputError(path, f"damaged {fmt.upper()} file ({type(err).__name__}: {str(err)[:120]})",
                         "repair it or export it again") from err
    if not doc.text.strip():
        raise InputError(path, f"no text in the {fmt.upper()} file" + (" (OCR found none)" if fmt == "image" else ""),
                         "check it holds text (a scan needs Tesseract and a legible page)")
    doc.id = hashlib.sha256(data).hexdigest()
    return doc


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 text that lacks a BOM, recognised by NUL bytes at every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.9 * len(zeros):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return text if not _CONTROL.search(text) else None
    return None


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, or a single-byte encoding.

    Raises InputError for binary data and for bytes that are neither UTF-8 nor plausible text
    in a common single-byte encoding (naming the first bad byte).
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise _bad_utf8(path, err, len(codecs.BOM_UTF8)) from err
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as err:
                raise InputError(path, f"not valid {codec.upper()} at byte {err.start}",
                                 "re-save the file as UTF-8") from err
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        raise InputError(path, f"binary file (NUL byte at offset {data.index(0)})",
                         "remove it or convert it to .txt, .md or .html")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        legacy = None if _has_utf8_multibyte(data) else _decode_legacy(data)
        if legacy is None:
            raise _bad_utf8(path, err, 0) from err
        return legacy
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise InputError(path, "binary file (control characters)", "remove it or convert it to .txt, .md or .html")
    return text, "utf-8"


def _bad_utf8(path: Path | str, err: UnicodeDecodeError, shift: int) -> InputError:
    return InputError(path, f"not valid UTF-8 at byte {err.start + shift} (0x{err.object[err.start]:02x}) and no "
                      "common encoding explains it", "re-save the file as UTF-8")


def _has_utf8_multibyte(data: bytes) -> bool:
    """True if the bytes hold valid multi-byte UTF-8 sequences: a UTF-8 file with damage, not cp1252."""
    return any(ord(c) > 127 for c in data.decode("utf-8", errors="ignore"))


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """The single-byte encoding whose text looks least garbled (charset-normalizer's chaos).

    Ties go to the more common encoding (cp1252 before cp1250...); a reading with stray symbols
    in Latin-script text is refused, so damaged UTF-8 is reported rather than misread.
    """
    import charset_normalizer

    rank = {codec: i for i, codec in enumerate(LEGACY_ENCODINGS)}
    best: tuple[float, int, str, str] | None = None
    for match in charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)):
        text = str(match)
        if _CONTROL.search(text) or not _plausible_letters(text):
            continue
        key = (round(match.chaos, 3), rank.get(match.encoding, len(rank)))
        if best is None or key < best[:2]:
            best = (*key, text, match.encoding)
    return (best[2], best[3]) if best else None


def _plausible_letters(text: str) -> bool:
    """Non-ASCII characters read as letters of words or typographic signs, not stray symbols.

    Text in a non-Latin script is mostly non-ASCII letters; in Latin-script text most accented
    letters sit inside words with ASCII letters ("café"), so isolated runs ("ÿþ") mean damage.
    """
    letters = sum(c.isalpha() for c in text)
    foreign = sum(c.isalpha() and not c.isascii() for c in text)
    runs = [m for m in re.finditer(r"[^\x00-\x7f]+", text) if not all(c in _TYPOGRAPHY for c in m.group())]
    if any(not all(c.isalpha() or c in _TYPOGRAPHY for c in m.group()) for m in runs):
        return False
    if foreign > 0.3 * letters:
        return True
    isolated = 0
    for m in runs:
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha()):
            isolated += 1
    return 2 * isolated <= len(runs)


def close_title(html: str) -> str:
    """Close a ``<title>`` left open before the next tag (issue 11).

    The title's text is raw text to a parser, so an unclosed one swallows the whole page and its
    markup would end up as literal tags in the text.
    """
    m = re.search(r"<title\b[^>]*>[^<]*", html, re.IGNORECASE)
    if m and m.end() < len(html) and not re.search(r"</title\s*>", html[m.end():], re.IGNORECASE):
        return html[:m.end()] + "</title>" + html[m.end():]
    return html


def extract_html(html: str, path: Path | str = "<html>") -> tuple[str, dict[str, str]]:
    """Main text and page metadata of an HTML page (trafilatura); lxml's text when that finds nothing."""
    import trafilatura

    meta: dict[str, str] = {}
    text = ""
    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             include_tables=True, favor_recall=True)
    except Exception:  # noqa: BLE001 - trafilatura can raise anything on broken markup; fall back below
        result = None
    if result is not None:
        text = result.text or ""
        for key in _HTML_META_KEYS:
            value = getattr(result, key, None)
            if value:
                meta[key] = str(value)
    page_title = _page_title(html)
    if page_title:
        meta["page_title"] = page_title  # as the browser's tab shows it, site name included
    if not text.strip():
        text = _html_text_fallback(html)
    return text, meta


_TITLE = re.compile(r"<title\b[^>]*>(?P<title>.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def _page_title(html: str) -> str | None:
    """The text of the page's <title> element, entities decoded and white space collapsed."""
    import html as html_lib

    match = _TITLE.search(html)
    if not match:
        return None
    title = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]*>", " ", match["title"]))).strip()
    return title[:500] or None


_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label",
    "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select", "summary", "table", "td", "th",
    "tr", "ul"))
_INVISIBLE = "//script|//style|//noscript|//template|//head|//svg|//iframe|//object"
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
# characters XML cannot hold: lxml parses a page with them but refuses them when a text is set (issue 11 fuzzing)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def visible_lines(html: str) -> list[str]:
    """The text a browser shows, one line per block (paragraph, list item, cell, heading, menu entry)."""
    return [line for line, _, _ in _visible_blocks(html)]


# Private-use characters that fence the text of links and headings while the page is flattened.
_LINK_OPEN, _LINK_CLOSE, _HEADING = "\ue000", "\ue001", "\ue002"
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


@lru_cache(maxsize=2)
def _visible_blocks(html: str) -> tuple[tuple[str, float, bool], ...]:
    """The visible lines of a page, each with the share of its letters that are link text and
    whether it is a heading (kept for the last pages: page_lines and link_lines read the same page)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(_NOT_XML.sub("", html))
    except Exception:  # noqa: BLE001 - lxml refuses some fragments
        return ()
    for bad in tree.xpath(_INVISIBLE):
        bad.drop_tree()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "a":
            el.text = _LINK_OPEN + (el.text or "")
            el.tail = _LINK_CLOSE + (el.tail or "")
        if tag in _BLOCK_TAGS:
            el.text = "\u2029" + (_HEADING if tag in _HEADING_TAGS else "") + (el.text or "")
            el.tail = "\u2029" + (el.tail or "")
    blocks, depth = [], 0
    for raw in tree.text_content().split("\u2029"):
        linked = total = 0
        for ch in raw:
            if ch == _LINK_OPEN:
                depth += 1
            elif ch == _LINK_CLOSE:
                depth = max(0, depth - 1)
            elif ch.isalnum():
                total += 1
                linked += depth > 0
        # white space in the markup (line breaks of the source included) is one space on the screen
        line = re.sub(r"\s+", " ", re.sub(f"[{_LINK_OPEN}{_LINK_CLOSE}{_HEADING}]", "", raw)).strip()
        if line:
            blocks.append((line, linked / total if total else 0.0, _HEADING in raw))
    return tuple(blocks)


def link_lines(html: str, text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (the page's visible lines, as page_lines gives them) that are nothing but
    links: a run of share buttons, a pager, a list of other pages. Headings are left out (a title is
    often a link to its own page), and so is any line of eight words or more (issue 10)."""
    spans, pos = [], 0
    lines = text.split("\n")
    blocks = _visible_blocks(html)
    if [b[0] for b in blocks] != lines:
        return []  # the text is not the page's visible lines (the extractor's fallback): no offsets
    for line, (_, share, heading) in zip(lines, blocks):
        if share >= 0.95 and not heading and len(line.split()) < 8:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def page_lines(html: str, main: str) -> tuple[str, list[tuple[int, int]] | None]:
    """The page's whole visible text and the spans of it that are the main text.

    The main text is what trafilatura extracted; every other visible line (menus, footers,
    captions, share buttons) stays in the text so that cleaning can name it as chrome. Where the
    page's lines cannot be laid against the main text, every visible line is the text and none is
    marked as main: the clean stage's rules alone decide, so nothing the extractor dropped is lost
    (issue 10). Only a page with no visible lines falls back to the extractor's text.
    """
    lines = visible_lines(html)
    main_lines = {_SPACES.sub(" ", line).strip() for line in main.splitlines() if line.strip()}
    if not lines:
        return main, None
    if not main_lines:
        return "\n".join(lines), None
    joined = "\n".join(main_lines)
    spans, pos, found = [], 0, 0
    for line in lines:
        start, pos = pos, pos + len(line) + 1
        if line in main_lines or (len(line) < 300 and line in joined):
            spans.append((start, start + len(line)))
            found += len(line)
    if found < 0.5 * sum(len(m) for m in main_lines):
        return "\n".join(lines), None  # the renderings disagree: every line stays, the rules decide
    return "\n".join(lines), spans


def _html_text_fallback(html: str) -> str:
    """Visible text of a page without scripts and styles, for markup trafilatura cannot use."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
        for bad in tree.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        text = tree.text_content()
    except Exception:  # noqa: BLE001 - lxml refuses some fragments; strip tags by hand then
        text = re.sub(r"<[^>]*>", " ", html)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
