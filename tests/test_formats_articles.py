"""Newspaper issues split into articles (issue 14, item 3) on a real issue: page 1 of the *Luxemburger
Zeitung* of 7 December 1858 as the National Library of Luxembourg delivers it, a METS file beside its
ALTO page (tests/data/README.md). The ALTO-tag and PAGE-group marks are tested on real pages whose
marks the tests add (from the library's own METS, or around the sample's own regions).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from fontes.errors import InputError
from fontes.formats import alto, mets
from fontes.formats.xml import parse_xml
from fontes.ingest import read_document, read_documents

DATA = Path(__file__).parent / "data"
ISSUE = DATA / "luxzeit_1858-12-07"
METS = ISSUE / "luxzeit_1858-12-07-mets.xml"
PAGE1 = ISSUE / "text" / "1858-12-07_01-00001.xml"
PAGE2 = ISSUE / "text" / "1858-12-07_01-00002.xml"  # the block where the second article goes on
TITLES = ["Revue politique", "Kölnische Zeitung", "FEUILLETON. Suez et Marseille"]
NEWSPAPER = "Luxemburger Zeitung – Journal de Luxembourg"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    """A copy of the sample issue (METS beside its text/ folder), free to change."""
    folder = tmp_path / "luxzeit"
    shutil.copytree(ISSUE, folder)
    return folder


def test_articles_mets_issue_gives_one_document_per_article_in_reading_order():
    docs = read_documents(METS)
    assert [d.record["title"] for d in docs] == TITLES
    assert [d.name for d in docs] == [f"luxzeit_1858-12-07-mets.xml#art{n}" for n in (1, 2, 3)]
    assert all(d.path.split("#")[0] == str(METS) for d in docs)  # the file on disk stays the path
    assert [[p.label for p in d.pages] for d in docs] == [["1"], ["1", "2"], ["1"]]
    assert [d.record["page"] for d in docs] == ["1", "1–2", "1"]
    for doc in docs:
        assert doc.media_type == "application/alto+xml" and doc.record["type"] == "article-newspaper"
        assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
        assert all(a.end == b.start for a, b in zip(doc.pages, doc.pages[1:]))
        assert doc.record["container-title"] == NEWSPAPER and doc.record["issued"] == {"raw": "1858-12-07"}
        assert doc.boxes and all(doc.text[b.start:b.end].strip() for b in doc.boxes)
        assert doc.text.startswith(doc.record["title"].split(".")[0])  # the heading opens the article
    assert docs[0].text.startswith("Revue politique.\n\nLes bruits de guerre n'ayant pas cessé")
    second = docs[1].text[docs[1].pages[1].start:]  # the part on page 2 goes on where page 1 stopped
    assert second.lstrip().startswith("Dappenthal.Frage die f. f. österreichische Regierung")
    assert docs[2].record["author"] == [{"literal": "Barthélémy"}]  # the name the article's MODS gives
    assert docs[0].record["author"] == []  # unsigned: no author is guessed from its heading
    assert len({d.id for d in docs}) == 3


def test_articles_are_the_marked_parts_of_the_page_and_nothing_else():
    page = read_document(PAGE1)  # the pages read whole, as without the METS
    docs = read_documents(METS)
    page_words = _words(page.text) + _words(read_document(PAGE2).text)
    article_words = [w for d in docs for w in _words(d.text)]
    assert set(article_words) <= set(page_words)
    assert len(article_words) < len(page_words)  # the masthead and the section heading are in no article
    assert "Nicht" in page_words and not any("Nicht amtlicher" in d.text for d in docs)
    paragraphs = [p for d in docs for p in d.text.split("\n\n")]
    assert len(paragraphs) == len(set(paragraphs))  # no block is in two articles


def test_articles_alto_page_beside_its_mets_gives_the_articles_that_begin_on_it():
    assert [d.id for d in read_documents(PAGE1)] == [d.id for d in read_documents(METS)]
    assert read_documents(PAGE2) == []  # the article going on there is read with the page it begins on


def test_articles_ids_are_stable_and_follow_the_article_text(issue: Path):
    before = read_documents(METS)
    assert [d.id for d in read_documents(METS)] == [d.id for d in before]
    moved = read_documents(issue / METS.name)  # another folder, the same issue: the same documents
    assert [d.id for d in moved] == [d.id for d in before]
    page = issue / "text" / PAGE1.name
    data = page.read_bytes()
    assert data.count(b'CONTENT="Revue"') == 1
    page.write_bytes(data.replace(b'CONTENT="Revue"', b'CONTENT="Rcvue"'))  # a corrected OCR word in article 1
    after = read_documents(issue / METS.name)
    assert after[0].id != before[0].id and after[0].text.startswith("Rcvue politique.")
    assert [d.id for d in after[1:]] == [d.id for d in before[1:]]


def test_articles_build_stores_each_article_with_its_title_page_and_citation(tmp_path: Path, issue: Path):
    from click.testing import CliRunner

    from fontes.build import build
    from fontes.cli import cli
    from fontes.store import KnowledgeBase

    db = tmp_path / "kb.db"
    with KnowledgeBase.open(db) as kb:
        report = build([issue], kb)
        assert report.errors == [] and report.documents == 3
        stored = {d.name: d for d in kb.documents()}
        assert sorted(stored) == [f"luxzeit_1858-12-07-mets.xml#art{n}" for n in (1, 2, 3)]
        for name, title in zip(sorted(stored), TITLES):
            citation = stored[name].citation
            assert citation.title == title and citation.source == NEWSPAPER
            assert citation.date.as_written == "1858-12-07"
        assert stored["luxzeit_1858-12-07-mets.xml#art2"].citation.authors == []
        cited = [s for r in kb.chronology(include_undated=True) for s in r.sources]
        assert cited and all(s.doc.startswith("luxzeit_1858-12-07-mets.xml#art") for s in cited)
        for source in cited:  # the page cited is the page the evidence is on
            doc = stored[source.doc]
            assert source.page == doc.page_at(source.start).label and source.citation.endswith(f", p. {source.page}")
        assert {s.page for s in cited} <= {"1", "2"}
        second = stored["luxzeit_1858-12-07-mets.xml#art2"]
        assert second.page_at(second.text.index("Dappenthal.Frage")).label == "2"
        again = build([issue], kb)  # re-ingest: the same hashes, nothing analysed, nothing gone
        assert again.analysed == [] and len(again.unchanged) == 3 and again.gone == [] and again.errors == []
        shutil.rmtree(issue / "text")  # the issue's ALTO pages gone: its articles can no longer be read
        (issue / METS.name).unlink()
        gone = build([issue], kb)
        assert sorted(Path(p).name for p in gone.gone) == sorted(stored)
    out = CliRunner().invoke(cli, ["show", "luxzeit_1858-12-07-mets.xml#art2", "--db", str(db)]).output
    assert "Kölnische Zeitung" in out and "[p. 1" in out and "[p. 2" in out and NEWSPAPER in out


def test_articles_unmarked_files_stay_one_document():
    for sample in ("kant_aufklaerung_1784_0017.alto.xml", "kant_aufklaerung_1784_0017.page.xml",
                   "trotsky_1917.tei.xml", "dukhonin_scan.hocr"):
        docs = read_documents(DATA / sample)
        assert len(docs) == 1 and docs[0].id == read_document(DATA / sample).id and docs[0].path == str(DATA / sample)


def test_articles_mets_without_articles_reads_its_pages_as_pages(issue: Path):
    path = issue / METS.name
    path.write_text(path.read_text(encoding="utf-8").replace('TYPE="ARTICLE"', 'TYPE="CHAPTER"'), encoding="utf-8")
    assert read_documents(path) == []
    page = read_documents(issue / "text" / PAGE1.name)
    assert len(page) == 1 and page[0].id == read_document(PAGE1).id


@pytest.mark.parametrize("damage,problem", [
    (lambda s: s[: len(s) // 2], "malformed XML"),
    (lambda s: s.replace("file://./text/1858-12-07_01-00001.xml", "file://./text/gone.xml"), "gone.xml"),
    (lambda s: re.sub(r'BEGIN="P\d_TB\d+"', 'BEGIN="nowhere"', s), "none of the METS areas"),
])
def test_articles_broken_mets_gets_a_one_line_error_naming_it(tmp_path: Path, issue: Path, damage, problem):
    from fontes.build import build
    from fontes.store import KnowledgeBase

    path = issue / METS.name
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_documents(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message
    (issue / "note.txt").write_text("On 7 December 1858 the Assembly of the Estates met in Luxembourg.\n")
    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        report = build([issue], kb)
    assert any(e.startswith(str(path)) for e in report.errors)
    assert any(p.endswith("note.txt") for p in report.analysed)  # the other files are still built


def _tag_blocks_from_mets(page: Path, out: Path) -> None:
    """The sample page with its articles marked in ALTO itself: a StructureTag per METS article, TAGREFS on blocks."""
    issue = mets.read_issue(parse_xml(METS.read_bytes(), METS), METS)
    tree = etree.parse(str(page))
    root = tree.getroot()
    ns = root.tag[: -len("alto")]
    tags = etree.Element(f"{ns}Tags")
    root.insert(2, tags)
    for n, article in enumerate(issue.articles, start=1):
        etree.SubElement(tags, f"{ns}StructureTag", ID=f"ART{n}", TYPE="article", LABEL=article.label or "")
        for area in article.areas:
            if area.file == "ALTO00001":  # the blocks on this page
                root.find(f".//{ns}TextBlock[@ID='{area.begin}']").set("TAGREFS", f"ART{n}")
    tree.write(str(out), xml_declaration=True, encoding="utf-8")


def test_articles_alto_tags_give_the_articles_of_the_mets(tmp_path: Path):
    tagged = tmp_path / "page1.alto.xml"
    _tag_blocks_from_mets(PAGE1, tagged)
    docs = read_documents(tagged)
    from_mets = read_documents(METS)
    assert [d.text for d in docs[::2]] == [d.text for d in from_mets[::2]]
    assert from_mets[1].text.startswith(docs[1].text)  # the page-1 part of the article going on on page 2
    assert [d.record["title"] for d in docs] == TITLES
    assert [d.name for d in docs] == ["page1.alto.xml#art1", "page1.alto.xml#art2", "page1.alto.xml#art3"]


def test_articles_alto_index_reads_a_word_range():
    index = alto.index_alto(parse_xml(PAGE1.read_bytes(), PAGE1))
    first, last = index.span("P1_TB00009")  # the heading block of the first article
    assert [" ".join(ln.text for ln in lines) for _, lines in index.paragraphs(first, last)] == ["Revue politique."]
    words = [k for k, s in enumerate(index.strings) if index.lines[s.line].block == index.strings[first].block + 1]
    some = index.paragraphs(words[2], words[4])  # three words from inside the next block
    assert len(some) == 1 and len(_words(some[0][1][0].text)) >= 2


PAGE_GROUPS = """<ReadingOrder>
  <OrderedGroup id="ro" caption="Regions reading order">
    <OrderedGroupIndexed id="a1" index="0" caption="article">{first}</OrderedGroupIndexed>
    <OrderedGroupIndexed id="a2" index="1" caption="article">{second}</OrderedGroupIndexed>
  </OrderedGroup>
</ReadingOrder>"""


def test_articles_page_xml_reading_order_groups_and_structure_custom(tmp_path: Path):
    sample = (DATA / "kant_aufklaerung_1784_0017.page.xml").read_text(encoding="utf-8")
    whole = read_document(DATA / "kant_aufklaerung_1784_0017.page.xml")
    refs = re.findall(r'<RegionRefIndexed [^>]*/>', sample)
    assert len(refs) >= 4
    grouped = re.sub(r"<ReadingOrder>.*?</ReadingOrder>", PAGE_GROUPS.format(
        first="".join(refs[:2]), second="".join(refs[2:])), sample, flags=re.S)
    path = tmp_path / "page.xml"
    path.write_text(grouped, encoding="utf-8")
    docs = read_documents(path)
    assert [d.name for d in docs] == ["page.xml#art1", "page.xml#art2"]
    assert docs[0].media_type == "application/vnd.prima.page+xml" and docs[0].pages[0].label == "1"
    assert set(_words(docs[0].text + " " + docs[1].text)) <= set(_words(whole.text))
    assert docs[0].text.startswith("Berliniſche Monatsſchrift.")
    # the same split written the Transkribus / NewsEye way: structure {type:article; id:...} on the regions
    ids = [re.search(r'regionRef="([^"]+)"', r).group(1) for r in refs]
    tree = etree.parse(str(DATA / "kant_aufklaerung_1784_0017.page.xml"))
    for region in tree.getroot().iter("{*}TextRegion"):
        if region.get("id") in ids:
            k = ids.index(region.get("id"))
            region.set("custom", f"readingOrder {{index:{k};}} structure {{type:article; id:a{1 if k < 2 else 2};}}")
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    assert [d.text for d in read_documents(path)] == [d.text for d in docs]
    # and on the lines (NewsEye): the region says nothing, each of its lines names its article
    tree = etree.parse(str(DATA / "kant_aufklaerung_1784_0017.page.xml"))
    for region in tree.getroot().iter("{*}TextRegion"):
        if region.get("id") in ids:
            article = f"a{1 if ids.index(region.get('id')) < 2 else 2}"
            for line in region.iter("{*}TextLine"):
                line.set("custom", f"readingOrder {{index:0;}} structure {{id:{article}; type:article;}}")
    tree.write(str(path), xml_declaration=True, encoding="utf-8")
    assert [d.text for d in read_documents(path)] == [d.text for d in docs]


def test_articles_british_library_mets_links_articles_to_word_ranges():
    """The BL's delivery: empty ARTICLE divs, <structLink> to page areas that give ALTO word ranges."""
    path = DATA / "statesman_1824-02-17" / "0002647_18240217_mets.xml"
    docs = read_documents(path)
    assert [d.record["title"] for d in docs] == ["COAL DUTIES", "ORDIRS IN COUNCIL"]  # the MODS titles, OCR and all
    assert all(d.record["container-title"] == "The Statesman" and d.record["issued"] == {"raw": "1824-02-17"}
               for d in docs)
    assert docs[0].text.startswith("COAL DUTIES.\n\nThe Bishop of")
    assert docs[1].text.startswith("ORDIRS IN COUNCIL.\n\nA person from the Council Office presented the Orders")
    assert [p.label for d in docs for p in d.pages] == ["1", "1"]
    page = read_document(path.parent / "0002647_18240217_0001.xml")
    assert all(line in page.text for d in docs for line in d.text.split("\n\n"))


def test_articles_read_twice_are_fresh_documents():
    """The stages write into the Documents they are given: a second read is not the first one's analysis."""
    from fontes import pipeline

    first = read_documents(METS)
    analysed = pipeline.analyse(first[0])
    assert analysed.zones
    again = read_documents(METS)
    assert again[0] is not first[0] and not again[0].zones and again[0].id == first[0].id
