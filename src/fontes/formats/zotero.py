"""Zotero exports: each attachment of an item is a source whose citation is the item's record.

Reads Zotero RDF (exported with "Export Files": ``export.rdf`` beside ``files/<n>/<name>``) and
CSL-JSON whose items name their files (``"file"``: paths separated by ';', as Better BibTeX writes
it, or ``"attachments"``: [{"path": ...}]). The item's key (the last part of its Zotero URI, or
its ``id``) is kept in the record, so exports can go back to Zotero.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontes.formats.xml import children, descendants, parse_xml, text_of

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_ITEM_TYPES = {"journalArticle": "article-journal", "book": "book", "bookSection": "chapter", "letter": "personal_communication",
               "manuscript": "manuscript", "newspaperArticle": "article-newspaper", "document": "document",
               "thesis": "thesis", "report": "report", "webpage": "webpage", "magazineArticle": "article-magazine"}


def is_export(path: Path) -> bool:
    """True for a Zotero RDF or CSL-JSON export that names attachment files."""
    suffix = path.suffix.lower()
    if suffix not in (".rdf", ".json"):
        return False
    try:
        head = path.read_bytes()[:65536]
    except OSError:
        return False
    if suffix == ".rdf":
        return b"zotero.org/namespaces/export" in head
    return head.lstrip().startswith(b"[") and (b'"file"' in head or b'"attachments"' in head)


@lru_cache(maxsize=16)
def _records(path: str, mtime: float) -> dict[str, dict[str, Any]]:
    """Resolved attachment path -> the CSL-JSON record of its item, for one export file."""
    export = Path(path)
    data = export.read_bytes()
    items = _rdf_items(data, export) if export.suffix.lower() == ".rdf" else _csl_items(data)
    out = {}
    for record, files in items:
        for name in files:
            out[str((export.parent / name).resolve())] = record
    return out


def records(export: Path) -> dict[str, dict[str, Any]]:
    return _records(str(export.resolve()), export.stat().st_mtime)


def attachments(export: Path) -> list[Path]:
    """The attachment files an export names, in its order."""
    return [Path(p) for p in records(export)]


def record_for(path: Path, *, levels: int = 4) -> dict[str, Any]:
    """The Zotero record of an attachment, from an export in one of the folders above it ({} if none)."""
    resolved = str(path.resolve())
    folder = path.resolve().parent
    for _ in range(levels):
        try:
            exports = _exports_in(str(folder), folder.stat().st_mtime_ns)
        except OSError:
            exports = ()
        for export in map(Path, exports):
            if export.is_file():
                try:
                    found = records(export).get(resolved)
                except Exception:  # noqa: BLE001 - a broken export is reported when it is built itself
                    found = None
                if found:
                    return found
        if folder.parent == folder:
            break
        folder = folder.parent
    return {}


@lru_cache(maxsize=256)
def _exports_in(folder: str, mtime_ns: int) -> tuple[str, ...]:
    """The Zotero exports in a folder, listed once per state of the folder (its mtime): a build of
    many files in one folder does not list it again for each."""
    return tuple(str(p) for p in sorted(Path(folder).iterdir())
                 if p.suffix.lower() in (".rdf", ".json") and p.is_file() and is_export(p))


def _csl_items(data: bytes) -> list[tuple[dict[str, Any], list[str]]]:
    out = []
    for item in json.loads(data.decode("utf-8-sig")):
        if not isinstance(item, dict):
            continue
        files = item.get("file") or ""
        paths = [f.strip() for f in files.split(";") if f.strip()] if isinstance(files, str) else []
        paths += [a.get("path") for a in item.get("attachments") or [] if isinstance(a, dict) and a.get("path")]
        record = {k: v for k, v in item.items() if k not in ("file", "attachments")}
        key = str(item.get("id") or "").rstrip("/").rsplit("/", 1)[-1]
        if key:
            record["id"] = key
        out.append((record, paths))
    return out


def _rdf_items(data: bytes, path: Path) -> list[tuple[dict[str, Any], list[str]]]:
    root = parse_xml(data, path)
    by_about = {el.get(f"{RDF}about"): el for el in root if el.get(f"{RDF}about")}
    out = []
    for el in root:
        kind = next((text_of(t) for t in children(el, "itemType")), "")
        if kind in ("attachment", "note", ""):
            continue
        links = [ln.get(f"{RDF}resource") for ln in children(el, "link")]
        files = []
        for ref in links:
            attachment = by_about.get(ref)
            if attachment is not None:
                files += [r.get(f"{RDF}resource") for r in children(attachment, "resource") if r.get(f"{RDF}resource")]
        if files:
            out.append((_rdf_record(el, kind), [os.path.normpath(f) for f in files]))
    return out


def _rdf_record(el, kind: str) -> dict[str, Any]:
    about = el.get(f"{RDF}about") or ""
    record: dict[str, Any] = {"type": _ITEM_TYPES.get(kind, "document"), "id": about.rstrip("/").rsplit("/", 1)[-1].lstrip("#")}
    title = next((text_of(t) for t in children(el, "title")), "")
    if title:
        record["title"] = title
    authors = []
    authors_el = next(iter(children(el, "authors")), None)
    for person in descendants(authors_el, "Person") if authors_el is not None else []:
        family = next((text_of(s) for s in children(person, "surname")), "")
        given = next((text_of(s) for s in children(person, "givenName")), "")
        authors.append({"family": family, "given": given} if family else {"literal": given})
    if authors:
        record["author"] = authors
    date = next((text_of(d) for d in children(el, "date")), "")
    if date:
        record["issued"] = {"raw": date}
    for part in children(el, "isPartOf"):
        container = next((text_of(t) for t in descendants(part, "title")), "")
        if container:
            record["container-title"] = container
    publisher = next((text_of(p) for p in descendants(el, "publisher")), "")
    if publisher:
        record["publisher"] = " ".join(publisher.split())
    url = next((text_of(v) for ident in children(el, "identifier") for v in descendants(ident, "value")
                if text_of(v).startswith("http")), "")
    if url:
        record["URL"] = url
    pages = next((text_of(p) for p in children(el, "pages")), "")
    if pages:
        record["page"] = pages
    return record
