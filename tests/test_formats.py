"""Tests of the format readers (issue 14) on real files: PDFs and scans the tests make, and public samples.

The PDF is typeset from an example document with a running head and printed page numbers; the
scan is the same kind of page drawn into an image with noise and OCR'd back by Debian's
Tesseract (those tests skip only where Tesseract is absent). ALTO and PAGE samples are real
ground truth of a 1784 print (tests/data/README.md).
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from make_sources import HEAD, make_pdf, make_scan, paginate, split_word

from fontes.errors import InputError
from fontes.ingest import read_document

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SEED = REPO / "examples" / "seeds" / "000_31b468837f8ece58.txt"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Debian's tesseract-ocr is not installed")
SCAN_LINES = ["Petrograd, 22 November 1917. The Council of People's",
              "Commissaries dismissed General Dukhonin, Commander in",
              "Chief, for refusing to open armistice negotiations."]


def _cer(expected: str, got: str) -> float:
    a, b = " ".join(expected.split()), " ".join(got.split())
    return 1 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_formats_pdf_pages_running_heads_and_page_numbers_are_chrome(tmp_path):
    path = tmp_path / "trotsky.pdf"
    make_pdf(SEED.read_text(), path, first_page=11)
    doc = read_document(path)
    assert doc.media_type == "application/pdf"
    assert [p.label for p in doc.pages] == ["11", "12"]  # the printed numbers, not the PDF's positions
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    chrome = [(doc.text[m.start:m.end], m.value) for m in doc.marks if m.kind == "chrome"]
    assert (HEAD, "page:running head") in chrome and ("11", "page:page number") in chrome
    assert ("12", "page:page number") in chrome
    # every sentence of the source is in the text, and the page each is on is found
    assert "formal offer of an armistice to all the belligerents, enemy and ally." in doc.text
    offset = doc.text.index("Source Records of the Great War")
    assert doc.page_at(offset).label == "12"


def test_formats_pdf_joins_words_hyphenated_at_line_ends(tmp_path):
    from fpdf import FPDF
    from make_sources import FONT

    lines = split_word(paginate(SEED.read_text()))[0]
    broken = [ln for ln in lines if ln.endswith("-")]
    assert broken, "the test page must hold hyphenated line ends"
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    for k, line in enumerate(lines):
        pdf.set_xy(20, 20 + 6.4 * k)
        pdf.cell(170, 6, line)
    path = tmp_path / "hyphens.pdf"
    pdf.output(str(path))
    doc = read_document(path)
    for k, line in enumerate(lines[:-1]):
        if line.endswith("-"):
            word = line.split(" ")[-1][:-1] + lines[k + 1].split(" ")[0]
            assert word in doc.text, word
            assert line.split(" ")[-1] + " " not in doc.text


ZOTERO_RDF = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:bib="http://purl.org/net/biblio#" xmlns:foaf="http://xmlns.com/foaf/0.1/"
 xmlns:link="http://purl.org/rss/1.0/modules/link/" xmlns:dcterms="http://purl.org/dc/terms/">
  <bib:BookSection rdf:about="http://zotero.org/users/42/items/QX7RT2ZB">
    <z:itemType>bookSection</z:itemType>
    <dcterms:isPartOf><bib:Book><dc:title>Source Records of the Great War, Vol. V</dc:title></bib:Book></dcterms:isPartOf>
    <bib:authors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>Trotsky</foaf:surname>
      <foaf:givenName>Leon</foaf:givenName></foaf:Person></rdf:li></rdf:Seq></bib:authors>
    <link:link rdf:resource="#item_2"/>
    <dc:title>Announcement of Bolshevik Foreign Policy</dc:title>
    <dc:date>1923</dc:date>
  </bib:BookSection>
  <z:Attachment rdf:about="#item_2">
    <z:itemType>attachment</z:itemType>
    <rdf:resource rdf:resource="files/2/announcement.pdf"/>
  </z:Attachment>
</rdf:RDF>
"""


def test_formats_zotero_rdf_and_csl_json_attachments_are_cited_from_their_records(tmp_path):
    from fontes import pipeline
    from fontes.ingest import find_sources

    (tmp_path / "files" / "2").mkdir(parents=True)
    make_pdf(SEED.read_text(), tmp_path / "files" / "2" / "announcement.pdf")
    (tmp_path / "zotero.rdf").write_text(ZOTERO_RDF)
    assert find_sources([tmp_path]) == ([tmp_path / "files" / "2" / "announcement.pdf"], [])
    assert find_sources([tmp_path / "zotero.rdf"])[0] == [(tmp_path / "files" / "2" / "announcement.pdf").resolve()]
    doc = pipeline.analyse(read_document(tmp_path / "files" / "2" / "announcement.pdf"))
    assert doc.record["id"] == "QX7RT2ZB"
    assert doc.citation.title == "Announcement of Bolshevik Foreign Policy" and doc.citation.authors == ["Leon Trotsky"]
    assert doc.citation.csl["custom"]["record_id"] == "QX7RT2ZB"
    csl = tmp_path / "csl"
    csl.mkdir()
    (csl / "letter.txt").write_text("Brest-Litovsk, 3 March 1918. The treaty of peace was signed today.\n")
    (csl / "library.json").write_text(json.dumps([{"id": "http://zotero.org/users/42/items/AB12CD34",
                                                   "type": "letter", "title": "Letter from Brest",
                                                   "author": [{"family": "Sokolnikov", "given": "Grigori"}],
                                                   "issued": {"date-parts": [[1918, 3, 3]]}, "file": "letter.txt"}]))
    found, errors = find_sources([csl / "library.json"])
    assert errors == [] and [p.name for p in found] == ["letter.txt"]
    letter = pipeline.analyse(read_document(csl / "letter.txt"))
    assert letter.citation.title == "Letter from Brest" and letter.record["id"] == "AB12CD34"
    (csl / "library.json").write_text(json.dumps([{"id": "X", "file": "gone.pdf"}]))
    assert "attachment named by library.json is missing" in str(find_sources([csl / "library.json"])[1][0])


def test_formats_a_mixed_folder_builds_every_format_and_cites_pages(tmp_path):
    import docx

    from fontes.build import build
    from fontes.store import KnowledgeBase

    folder = tmp_path / "src"
    folder.mkdir()
    make_pdf(SEED.read_text(), folder / "trotsky.pdf", first_page=11)
    for sample in DATA.glob("*.*ml"):
        shutil.copy(sample, folder / sample.name)
    shutil.copy(DATA / "dukhonin_scan.hocr", folder / "dukhonin_scan.hocr")
    d = docx.Document()
    d.add_paragraph("On 3 March 1918 the treaty of Brest-Litovsk was signed by Soviet Russia and the Central Powers.")
    d.save(folder / "brest.docx")
    _make_epub(folder / "peace.epub", "The Bread Peace", "On 9 February 1918 the Central Powers signed a peace "
               "with the Ukrainian People's Republic.")
    if shutil.which("tesseract"):
        make_scan(SCAN_LINES, folder / "dukhonin.png", seed=4)
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        report = build([folder], kb)
        assert len(report.errors) == 1 and "table.xlsx" in report.errors[0] and "fontes reads" in report.errors[0]
        assert len(report.analysed) == report.files - 1
        stored = {d.name: d for d in kb.documents()}
        assert [p.label for p in stored["trotsky.pdf"].pages] == ["11", "12"]
        assert [p.label for p in stored["trotsky_1917.tei.xml"].pages] == ["384", "385"]
        assert stored["kant_aufklaerung_1784_0017.alto.xml"].boxes
        rows = kb.chronology()
        cited = [s for r in rows for s in r.sources if s.doc == "trotsky.pdf"]
        assert cited and all(s.page in ("11", "12") and s.citation.endswith(f", p. {s.page}") for s in cited)
        assert any(s.page == "11" and "armistice" in s.evidence for s in cited)
        again = build([folder], kb)  # idempotent: the same bytes are not analysed again
        assert again.analysed == [] and len(again.unchanged) == report.files - 1
        assert any(z.rule == "page:running head" for z in stored["trotsky.pdf"].zones if z.kind == "boilerplate")


def test_formats_show_prints_page_markers(tmp_path):
    from click.testing import CliRunner

    from fontes.cli import cli

    folder = tmp_path / "src"
    folder.mkdir()
    make_pdf(SEED.read_text(), folder / "trotsky.pdf", first_page=11)
    shutil.copy(DATA / "trotsky_1917.tei.xml", folder)
    db = str(tmp_path / "kb.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(folder), "--db", db, "--no-embed"]).exit_code == 0
    out = runner.invoke(cli, ["show", "trotsky.pdf", "--db", db]).output
    assert "[p. 11]" in out and "[p. 12]" in out and "page:running head" in out
    tei = runner.invoke(cli, ["show", "trotsky_1917.tei.xml", "--db", db]).output
    assert "[p. 384]" in tei and "Marked by the source" in tei and "wikidata.org/entity/Q656" in tei


@needs_tesseract
def test_formats_scan_is_ocred_with_boxes_confidence_and_events(tmp_path):
    from fontes import pipeline

    path = tmp_path / "page.png"
    expected = make_scan(SCAN_LINES, path, seed=1)
    doc = read_document(path)
    assert doc.media_type == "image/scan"
    assert _cer(expected, doc.clean_text if doc.zones else doc.text.replace(HEAD, "")) < 0.12
    assert doc.pages[0].image == str(path) and doc.pages[0].width == 2300
    assert doc.boxes and all(b.page == 0 and b.w > 0 and b.h > 0 and 0 <= (b.confidence or 0) <= 1 for b in doc.boxes)
    first = doc.boxes[0] if HEAD not in doc.text[doc.boxes[0].start:doc.boxes[0].end] else doc.boxes[1]
    assert doc.text[first.start:first.end].startswith("Petrograd")
    analysed = pipeline.analyse(doc)
    assert any(t.gregorian == "1917-11-22" or t.value == "1917-11-22" for t in analysed.timexes)
    assert any("Dukhonin" in e.evidence for e in analysed.events)


@needs_tesseract
def test_formats_pdf_without_text_layer_is_ocred(tmp_path):
    from PIL import Image

    image_path = tmp_path / "page.png"
    expected = make_scan(SCAN_LINES, image_path, seed=2, head=None, number=None)
    pdf = tmp_path / "scanned.pdf"
    Image.open(image_path).convert("RGB").save(pdf, resolution=200)
    doc = read_document(pdf)
    assert doc.media_type == "application/pdf"
    assert _cer(expected, doc.text) < 0.12 and doc.boxes


def test_formats_alto_sample_pages_boxes_confidence():
    doc = read_document(DATA / "kant_aufklaerung_1784_0017.alto.xml")
    assert doc.media_type == "application/alto+xml"
    assert "Beantwortung der Frage: Was iſt Aufklaͤrung?" in doc.text
    assert "Menſchen" in doc.text and "Men- ſchen" not in doc.text  # the line-end hyphen joined
    assert len(doc.pages) == 1 and doc.pages[0].width == 1457
    assert len(doc.boxes) == 24 and all(doc.text[b.start:b.end].strip() for b in doc.boxes)


def test_formats_page_xml_sample_reading_order_and_chrome_regions():
    doc = read_document(DATA / "kant_aufklaerung_1784_0017.page.xml")
    assert doc.media_type == "application/vnd.prima.page+xml"
    assert doc.text.startswith("Berliniſche Monatsſchrift.")
    assert doc.pages[0].image == "OCR-D-IMG/INPUT_0017.tif"
    chrome = [doc.text[m.start:m.end] for m in doc.marks if m.kind == "chrome"]
    assert any("Monatsſchr" in c for c in chrome)  # the signature line at the foot of the page


def test_formats_hocr_sample_lines_words_confidence():
    doc = read_document(DATA / "dukhonin_scan.hocr")
    assert doc.media_type == "text/vnd.hocr+html"
    assert "dismissed General Dukhonin" in doc.text
    assert doc.pages[0].image == "dukhonin_scan.png"
    assert len(doc.boxes) == 3 and all(b.confidence and b.confidence > 0.5 for b in doc.boxes)


def test_formats_tei_text_citation_and_the_editions_annotations():
    from fontes import pipeline

    doc = read_document(DATA / "trotsky_1917.tei.xml")
    assert doc.media_type == "application/tei+xml"
    assert [p.label for p in doc.pages] == ["384", "385"]
    assert "Congress of Soviets met" not in doc.text  # a footnote is not running text
    marks = {(m.kind, doc.text[m.start:m.end], m.value) for m in doc.marks}
    assert ("date", "20 November 1917", "1917-11-20") in marks
    assert ("place", "Petrograd", "http://www.wikidata.org/entity/Q656") in marks
    assert ("person", "Leon Trotsky", "http://www.wikidata.org/entity/Q33391") in marks
    analysed = pipeline.analyse(doc)
    assert analysed.citation.title == "Leon Trotsky's Announcement of Bolshevik Foreign Policy"
    assert analysed.citation.authors == ["Leon Trotsky"]
    assert analysed.citation.csl["custom"]["record_id"].startswith("https://archive.org/")


def test_formats_docx_odt_epub(tmp_path):
    import docx
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    sentence = "On 9 February 1918 the Central Powers signed a separate peace with the Ukrainian People's Republic."
    d = docx.Document()
    d.add_heading("The Bread Peace", 1)
    d.add_paragraph(sentence)
    d.save(tmp_path / "a.docx")
    o = OpenDocumentText()
    o.text.addElement(H(outlinelevel=1, text="The Bread Peace"))
    o.text.addElement(P(text=sentence))
    o.save(str(tmp_path / "b.odt"))
    _make_epub(tmp_path / "c.epub", "The Bread Peace", sentence)
    for name, media in (("a.docx", "wordprocessingml"), ("b.odt", "opendocument.text"), ("c.epub", "epub")):
        doc = read_document(tmp_path / name)
        assert media in doc.media_type
        assert doc.text.split("\n\n") == ["The Bread Peace", sentence], name
    assert read_document(tmp_path / "c.epub").record["title"] == "The Bread Peace"


def _make_epub(path: Path, title: str, sentence: str) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                   'full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
                   f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
                   '<dc:creator>A. Historian</dc:creator></metadata><manifest><item id="c1" href="c1.xhtml" '
                   'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>')
        z.writestr("OEBPS/c1.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
                   f'<h1>{title}</h1><p>{sentence}</p></body></html>')


@pytest.mark.parametrize("name,data,problem", [
    ("bomb.xml", (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                  b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">&lol2;</alto>'), "declares entities"),
    ("xxe.xml", (b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>'), "declares entities"),
    ("broken.xml", b'<?xml version="1.0"?><PcGts><Page><TextRegion></Page>', "malformed XML"),
    ("other.xml", b'<?xml version="1.0"?><rss><channel/></rss>', "not ALTO, PAGE or TEI"),
    ("fake.pdf", b"not a pdf at all", "not a PDF file"),
    ("cut.pdf", b"%PDF-1.7\n1 0 obj<</Type/Catalog", "PDF"),
    ("cut.tif", b"II*\x00\x08\x00\x00\x00\x10\x00", "image"),
    ("table.xlsx", b"PK\x03\x04" + b"\x00" * 60, "fontes reads"),
])
def test_formats_broken_files_get_one_line_errors(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path)) and problem in message


def test_formats_encrypted_pdf_is_refused_and_others_still_build(tmp_path):
    from pypdf import PdfWriter

    from fontes.build import analyse_paths

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(tmp_path / "locked.pdf", "wb") as fh:
        writer.write(fh)
    make_pdf(SEED.read_text(), tmp_path / "open.pdf")
    corpus, errors = analyse_paths([tmp_path])
    assert len(errors) == 1 and "locked.pdf: encrypted PDF" in errors[0]
    assert [d.name for d in corpus.documents] == ["open.pdf"]


def test_formats_long_pdf_is_read_in_bounded_memory(tmp_path):
    """A 500-page PDF is read page by page: the reader's peak memory stays a small multiple of its text."""
    path = tmp_path / "long.pdf"
    text = "\n".join([SEED.read_text()] * 390)
    pages = make_pdf(text, path)
    assert len(pages) >= 500
    # VmHWM (peak resident memory) of a fresh process: ru_maxrss would carry the parent's peak over exec
    script = ("import re; from fontes.ingest import read_document\n"
              "def peak(): return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
              f"before = peak(); d = read_document({str(path)!r})\n"
              "print(len(d.pages), len(d.text), peak() - before)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    n_pages, n_chars, grown_kb = map(int, out)
    assert n_pages == len(pages) and n_chars > 500 * 1000
    assert 0 < grown_kb < 150_000, f"reading {n_pages} pages grew memory by {grown_kb} kB"


def test_formats_hocr_saved_as_html_is_hocr_and_a_page_about_hocr_is_html(tmp_path):
    (tmp_path / "scan.html").write_bytes((DATA / "dukhonin_scan.hocr").read_bytes())
    assert read_document(tmp_path / "scan.html").media_type == "text/vnd.hocr+html"
    (tmp_path / "about.html").write_text("<html><head><title>hOCR</title></head><body><p>An hOCR file marks each "
                                         "page with the class ocr_page and each word with ocrx_word.</p></body></html>")
    assert read_document(tmp_path / "about.html").media_type == "text/html"


def test_formats_tei_edition_annotations_are_used_by_the_stages():
    """The editor's <persName ref>, <placeName ref> and <date when> win over the model's reading."""
    from fontes import pipeline

    doc = pipeline.analyse(read_document(DATA / "trotsky_1917.tei.xml"))
    edition = {m.text: m for m in doc.mentions if m.source == "edition"}
    assert edition["Leon Trotsky"].label == "PER" and edition["Petrograd"].label == "LOC"
    by_id = {e.id: e for e in doc.entities}
    assert by_id[edition["Leon Trotsky"].entity_id].authority.get("wikidata") == "Q33391"
    assert by_id[edition["Petrograd"].entity_id].authority.get("wikidata") == "Q656"
    dated = [t for t in doc.timexes if t.text == "20 November 1917"]
    assert dated and dated[0].gregorian == "1917-11-20" and dated[0].calendar_reason == "the edition's <date when>"
