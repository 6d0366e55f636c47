"""A source's own catalogue record (TEI header, EPUB package, Zotero item) as its citation, not a guess."""

from __future__ import annotations

from typing import Any

from fontes.model import Citation, DualDate


def _names(people: list[dict[str, Any]] | None) -> list[str]:
    out = []
    for p in people or []:
        name = p.get("literal") or " ".join(x for x in (p.get("given"), p.get("family")) if x)
        if name:
            out.append(name)
    return out


def apply_record(citation: Citation, record: dict[str, Any]) -> Citation:
    """Overwrite the guessed fields of a citation with those the record gives; keep the rest.

    The record's CSL-JSON item goes into ``citation.csl`` as the base (its id or Zotero key kept),
    so exports go back to the catalogue it came from.
    """
    if not record:
        return citation
    if record.get("title"):
        citation.title = record["title"]
    if "author" in record:  # an empty list too: the record says no author is named, so none is guessed
        citation.authors = _names(record["author"])
    issued = record.get("issued") or {}
    raw = issued.get("raw") or "-".join(str(x) for x in (issued.get("date-parts") or [[]])[0])
    if raw:
        citation.date = DualDate(gregorian=None, as_written=raw)
    if record.get("publisher"):
        citation.publisher = record["publisher"]
    if record.get("URL"):
        citation.url = record["URL"]
    if record.get("source") or record.get("container-title"):
        citation.source = record.get("container-title") or record.get("source")
    return citation
