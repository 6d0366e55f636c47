"""Word processors and e-books: DOCX (python-docx), ODT (odfpy) and EPUB (zip + the safe XML parser).

Each gives its paragraphs in order (tables row by row); an EPUB's chapters follow its spine.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fontes.errors import InputError
from fontes.formats.paged import Line, PagedText
from fontes.formats.xml import descendants, local, parse_xml, text_of


def read_docx(path: Path, data: bytes) -> PagedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError(path, f"damaged DOCX ({err})", "save it again from the word processor") from err
    out = PagedText()
    body = document.element.body
    for block in body.iterchildren():
        name = local(block.tag)
        if name == "p":
            out.add_paragraph([Line("".join(t.text or "" for t in block.iter() if local(t.tag) == "t"))])
        elif name == "tbl":
            for row in descendants(block, "tr"):
                cells = [" ".join("".join(t.text or "" for t in c.iter() if local(t.tag) == "t").split())
                         for c in descendants(row, "tc")]
                out.add_paragraph([Line(" | ".join(c for c in cells if c))])
    return out


def read_odt(path: Path, data: bytes) -> PagedText:
    from odf import teletype
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as err:
        raise InputError(path, f"damaged ODT ({type(err).__name__}: {err})", "save it again from the word processor") from err
    out = PagedText()
    for element in _odt_blocks(document.text):
        out.add_paragraph([Line(teletype.extractText(element))])
    return out


def _odt_blocks(node):
    """Paragraphs and headings of an ODT body in document order (a paragraph inside a list too)."""
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname and qname[1] in ("p", "h"):
            yield child
        elif getattr(child, "childNodes", None):
            yield from _odt_blocks(child)


_EPUB_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dt", "dd"))


def read_epub(path: Path, data: bytes) -> PagedText:
    """The chapters of an EPUB in spine order, each block a paragraph (XHTML parsed safely)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        container = parse_xml(archive.read("META-INF/container.xml"), path)
        opf_path = next(el.get("full-path") for el in descendants(container, "rootfile"))
        opf = parse_xml(archive.read(opf_path), path)
    except (zipfile.BadZipFile, KeyError, StopIteration) as err:
        raise InputError(path, f"damaged EPUB ({err})", "export it again") from err
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    manifest = {el.get("id"): el.get("href") for el in descendants(opf, "item")}
    spine = [manifest.get(ref.get("idref")) for ref in descendants(opf, "itemref")]
    out = PagedText()
    for href in filter(None, spine):
        try:
            root = parse_xml(archive.read(base + href.split("#")[0]), path)
        except KeyError:
            continue
        for el in root.iter():
            if local(el.tag) in _EPUB_BLOCKS and not any(local(c.tag) in _EPUB_BLOCKS for c in el.iterdescendants()):
                out.add_paragraph([Line(text_of(el))])
    return out


def epub_record(data: bytes, path: Path) -> dict:
    """Title, creators, date and publisher from an EPUB's package metadata (Dublin Core), as CSL-JSON."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    container = parse_xml(archive.read("META-INF/container.xml"), path)
    opf = parse_xml(archive.read(next(el.get("full-path") for el in descendants(container, "rootfile"))), path)
    record: dict = {"type": "book"}
    for el in descendants(opf, "metadata")[:1]:
        for child in el:
            name, value = local(child.tag), text_of(child)
            if not value:
                continue
            if name == "title" and "title" not in record:
                record["title"] = value
            elif name == "creator":
                record.setdefault("author", []).append({"literal": value})
            elif name == "date" and "issued" not in record:
                record["issued"] = {"raw": value}
            elif name == "publisher":
                record["publisher"] = value
    return record
