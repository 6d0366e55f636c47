"""Readers of the formats historians hold their sources in, each giving a Document with its pages.

``detect(path, data)`` names the format from the file's first bytes and its suffix;
``read_source(path, data, settings)`` reads it into a Document (``ingest.read_document`` fills
in the id). One module per format:

    pdf       PDF text layer per page (pypdf), scanned pages OCR'd
    ocr       PNG, JPEG, TIFF scans (Tesseract through pytesseract)
    alto      ALTO v2-v4 OCR files
    pagexml   PAGE XML OCR/HTR files
    mets      METS files of newspaper issues: their articles and the ALTO areas each is made of
    articles  an issue split into one Document per article (METS/ALTO, ALTO tags, PAGE groups)
    hocr      hOCR files
    tei       TEI P5 editions (text, header citation, the editor's annotations)
    office    DOCX, ODT, EPUB
    zotero    Zotero RDF / CSL-JSON exports: each attachment cited from its item (key kept)
    record    a catalogue record (TEI header, EPUB, Zotero) applied to the citation
    paged     pages, boxes, marks and page chrome shared by the paginated formats
    xml       the safe XML parser every XML reader uses
"""

from __future__ import annotations

import re
from pathlib import Path

from fontes.errors import InputError
from fontes.formats.paged import PageContent, PagedText, assemble
from fontes.model import Document
from fontes.settings import DEFAULTS, Settings

MEDIA_TYPES = {
    "pdf": "application/pdf", "image": "image/scan", "alto": "application/alto+xml",
    "page": "application/vnd.prima.page+xml", "hocr": "text/vnd.hocr+html", "tei": "application/tei+xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text", "epub": "application/epub+zip",
}
SUFFIXES = frozenset((".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".xml", ".alto", ".tei", ".hocr",
                      ".docx", ".odt", ".epub"))
TEXT_SUFFIXES = frozenset((".txt", ".md", ".html", ".htm", ".xhtml"))
READS = ".txt, .md, .html, .pdf, .png, .jpg, .tif(f), .docx, .odt, .epub, and ALTO, PAGE, TEI (.xml) and hOCR files"
_HOCR_PAGE = re.compile(rb"class=[\"']ocr_page[\"' ]")  # an hOCR page element, not a page that mentions one
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def detect(path: Path, data: bytes) -> str | None:
    """The format of a file from its first bytes (and suffix for ZIP packages), or None for text/HTML."""
    suffix = path.suffix.lower()
    head = data[:4096]
    if suffix in (".html", ".htm", ".xhtml") and _HOCR_PAGE.search(data[:200_000]):
        return "hocr"
    if suffix in TEXT_SUFFIXES:  # a .txt holding a PNG is a broken text file, reported as such by ingest
        return None
    if head.startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in head[:1024]):
        return "pdf"
    if any(head.startswith(m) for m in _IMAGE_MAGIC):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head or suffix == ".epub":
            return "epub"
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head or suffix == ".odt":
            return "odt"
        if suffix == ".docx" or b"word/" in data[:65536]:
            return "docx"
        return None
    if suffix == ".hocr" and _HOCR_PAGE.search(data[:200_000]):
        return "hocr"
    if suffix in (".xml", ".alto", ".tei") or head.lstrip().startswith(b"<?xml"):
        low = data[:20_000]
        if b"<alto" in low or b":alto" in low:
            return "alto"
        if b"<PcGts" in low or b":PcGts" in low:
            return "page"
        if b"<TEI" in low or b"<teiCorpus" in low or b"tei-c.org/ns" in low:
            return "tei"
        if suffix in (".xml", ".alto", ".tei"):
            raise InputError(path, "XML that is not ALTO, PAGE or TEI", f"fontes reads {READS}")
    if suffix in SUFFIXES:  # a .pdf, .png, .docx... whose bytes are not that format
        raise InputError(path, f"not a {suffix[1:].upper()} file (its first bytes do not match)",
                         "the file is damaged or misnamed")
    return None


def read_source(path: Path, data: bytes, fmt: str, settings: Settings = DEFAULTS) -> Document:
    """Read a file of a detected format into a Document (without its id) with pages, boxes and marks."""
    from fontes.formats import alto, hocr, ocr, office, pagexml, pdf, tei
    from fontes.formats.xml import parse_xml

    languages = getattr(settings, "ocr_languages", "eng")
    record: dict = {}
    if fmt == "pdf":
        built = assemble(list(pdf.read_pdf(path, data, languages=languages)))
    elif fmt == "image":
        built = assemble(ocr.read_image(path, data, languages=languages))
    elif fmt == "hocr":
        built = assemble(hocr.read_hocr(data, path))
    elif fmt in ("alto", "page"):
        root = parse_xml(data, path)
        pages, chrome = (alto.read_alto if fmt == "alto" else pagexml.read_page_xml)(root, path)
        built = _assemble_marked(pages, chrome, "alto:margin" if fmt == "alto" else "page:region type")
    elif fmt == "tei":
        text, pages, marks, record = tei.read_tei(parse_xml(data, path), path)
        return Document(id="", path=str(path), text=text, media_type=MEDIA_TYPES[fmt], pages=pages, marks=marks,
                        record=record)
    elif fmt == "docx":
        built = office.read_docx(path, data)
    elif fmt == "odt":
        built = office.read_odt(path, data)
    elif fmt == "epub":
        built = office.read_epub(path, data)
        record = office.epub_record(data, path)
    else:
        raise InputError(path, f"unknown format {fmt!r}", f"fontes reads {READS}")
    text, pages, boxes, marks = built.result()
    return Document(id="", path=str(path), text=text, media_type=MEDIA_TYPES[fmt], pages=pages, boxes=boxes,
                    marks=marks, record=record)


def _assemble_marked(pages: list[PageContent], marked: list[set[int]], reason: str) -> PagedText:
    """Assemble pages whose format marks some paragraphs as chrome (margins, header regions), plus
    the page numbers and running heads found as for any paginated source."""
    built = assemble(pages)
    if not any(marked):
        return built
    # mark the format's own chrome paragraphs: find them in page order by their text
    text = built.text
    from fontes.model import Mark

    chrome_starts = {m.start for m in built.marks if m.kind == "chrome"}
    for p, page in enumerate(pages):
        if p >= len(built.pages):
            break
        lo = built.pages[p].start
        for k in sorted(marked[p]):
            para = " ".join(" ".join(ln.text.split()) for ln in page.paragraphs[k])
            at = text.find(para[:60], lo)
            if at >= 0 and at not in chrome_starts:
                end = text.find("\n", at)
                built.marks.append(Mark(at, end if end >= 0 else len(text), "chrome", reason))
    return built
