"""Export: CSV, CSL-JSON, TEI P5, GEXF 1.3 and TimelineJS from the example corpus built by the CLI, read back by their readers."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from kbfixtures import invented_corpus, seeds_db
from lxml import etree

from fontes.cli import cli
from fontes.export import (
    CSL_TYPES,
    CSV_COLUMNS,
    FORMATS,
    GEXF_NS,
    TEI_NS,
    XML_ID,
    date_attributes,
    dual_human,
    export,
    tei_document_bytes,
)
from fontes.model import Document, Mention, Timex, Zone
from fontes.store import KnowledgeBase, date_range

T = f"{{{TEI_NS}}}"
NAME_TAGS = {f"{T}persName", f"{T}orgName", f"{T}placeName", f"{T}title", f"{T}name"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The bundled example corpus, built once through the real pipeline (fontes build)."""
    return seeds_db(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def kb(db):
    with KnowledgeBase.open(db) as kb:
        yield kb


@pytest.fixture(scope="module")
def docs(kb) -> dict[str, Document]:
    return {d.id: d for d in kb.documents()}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# ---------------------------------------------------------------- CSV

@pytest.fixture(scope="module")
def csv_rows(db) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run("export", "--db", str(db), "--format", "csv"), newline="")))


def test_export_csv_rows_quote_their_documents(csv_rows, docs):
    assert csv_rows, "the example corpus has events"
    assert list(csv_rows[0]) == list(CSV_COLUMNS)
    for row in csv_rows:
        text = docs[row["doc_id"]].text
        assert row["evidence"] and row["evidence"] in text, row
        assert text[int(row["start"]):int(row["end"])] == row["evidence"]
        assert row["doc"] == docs[row["doc_id"]].name and row["citation"]


def test_export_csv_is_in_gregorian_order(csv_rows):
    dated = [r["gregorian_start"] for r in csv_rows if r["gregorian_start"]]
    assert dated == sorted(dated)
    assert all(not r["gregorian_start"] for r in csv_rows[len(dated):]), "undated events come last"


def test_export_csv_dismissal_has_both_calendars(csv_rows):
    dual = [r for r in csv_rows if r["type"] == "DISMISSAL" and r["julian"] and r["julian"] != r["gregorian"]]
    assert dual, "a dismissal dated in both calendars"
    for row in dual:
        julian_first = dt.date.fromisoformat(date_range(row["julian"])[0])
        gregorian_first = dt.date.fromisoformat(row["gregorian_start"])
        assert (gregorian_first - julian_first).days == 13, row  # the shift in 1900-1918
        assert "O.S." in row["date"]


def test_export_csv_filters_by_julian_dates(db, kb):
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", str(db), "--format", "csv", "--calendar", "julian",
                                               "--from", "1917-11-07", "--to", "1917-11-09"))))
    expected = kb.chronology(date_from="1917-11-07", date_to="1917-11-09", calendar="julian")
    assert {r["event"] for r in rows} == {r.id for r in expected}
    assert rows
    for r in rows:
        julian = date_range(r["julian"] or r["gregorian"])
        assert julian[0] <= "1917-11-09" and julian[1] >= "1917-11-07", r


# ---------------------------------------------------------------- CSL-JSON

@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")  # CSL-JSON "custom"
def test_export_csl_json_is_read_by_citeproc(db, docs):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(run("export", "--db", str(db), "--format", "csl-json"))
    assert isinstance(items, list) and len(items) == len(docs)
    ids = [item["id"] for item in items]
    assert all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)
    assert all(item["type"] in CSL_TYPES for item in items)
    for item in items:
        assert item["custom"]["fontes-id"] in docs
        title = docs[item["custom"]["fontes-id"]].citation.title
        assert item.get("title") == title or title is None
    style_path = Path(__import__("fontes").__file__).parent / "data" / "csl"
    style = CitationStylesStyle(str(next(style_path.glob("*.csl"))), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for i in ids:
        bib.register(Citation([CitationItem(i)]))
    rendered = [str(entry) for entry in bib.bibliography()]
    assert len(rendered) == len(items) and all(rendered)


# ---------------------------------------------------------------- TEI

@pytest.fixture(scope="module")
def tei_files(db, tmp_path_factory) -> dict[str, etree._ElementTree]:
    folder = tmp_path_factory.mktemp("tei")
    CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "tei", "--out", f"{folder}/"],
                       catch_exceptions=False)
    return {p.name: etree.parse(str(p)) for p in sorted(folder.glob("*.xml"))}


def _body_paragraphs(doc: Document) -> list[str]:
    return [line for line in doc.lines("body") if line]


def test_export_tei_body_is_the_clean_text(tei_files, docs):
    assert len(tei_files) == len(docs)
    for doc in docs.values():
        tree = tei_files[f"{Path(doc.name).stem}.xml"]
        assert tree.getroot().tag == f"{T}TEI"
        paragraphs = ["".join(p.itertext()) for p in tree.iterfind(f".//{T}body/{T}p")]
        assert [p for p in paragraphs if p] == _body_paragraphs(doc)


def test_export_tei_references_resolve(tei_files):
    for name, tree in tei_files.items():
        ids = Counter(el.get(XML_ID) for el in tree.iter() if el.get(XML_ID))
        assert all(n == 1 for n in ids.values()), name
        refs = [p for el in tree.iter() for attr in ("ref", "where") if (p := el.get(attr))]
        pointers = [p for el in tree.iter() for attr in ("datingMethod", "calendar") if (p := el.get(attr))]
        assert refs, name
        for ref in refs + pointers:
            assert ref.startswith("#") and ref[1:] in ids, (name, ref)


def test_export_tei_names_and_dates_sit_on_their_mentions(tei_files, docs):
    dual_dates = 0
    for doc in docs.values():
        tree = tei_files[f"{Path(doc.name).stem}.xml"]
        body = [(m.text, m.entity_id) for m in doc.mentions if doc.zone_at(m.start) == "body"]
        tagged = [el for el in tree.iterfind(f".//{T}body//*") if el.tag in NAME_TAGS]
        assert {"".join(el.itertext()) for el in tagged} <= {text for text, _ in body}
        timexes: dict[str, list[Timex]] = {}
        for t in doc.timexes:
            if doc.zone_at(t.start) == "body":
                timexes.setdefault(t.text, []).append(t)
        for el in tree.iterfind(f".//{T}body//{T}date"):
            candidates = timexes["".join(el.itertext())]  # a <date> only where a timex is
            if el.get("when"):
                assert any(t.gregorian and el.get("when").startswith(t.gregorian[:10]) for t in candidates)
            if el.get("when-custom"):
                assert any(t.julian and t.julian != t.gregorian and el.get("when-custom").startswith(t.julian[:10])
                           for t in candidates)
                assert el.get("datingMethod") == "#cal-julian"
                dual_dates += 1
    assert dual_dates, "some body date carries both calendars"


def test_export_tei_header_carries_the_citation(tei_files, docs):
    dual = 0
    for doc in docs.values():
        root = tei_files[f"{Path(doc.name).stem}.xml"].getroot()
        c = doc.citation
        assert root.findtext(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title") == (c.title or doc.name)
        bibl = root.find(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc/{T}bibl")
        assert [a.text for a in bibl.iterfind(f"{T}author")] == c.authors
        date = bibl.find(f"{T}date")
        if c.date and c.date.gregorian and re.fullmatch(r"\d{4}(-\d\d){0,2}", c.date.gregorian):
            assert date.get("when") == c.date.gregorian
            assert "".join(date.itertext()) == (c.date.as_written or c.date.gregorian)
            if c.date.julian and c.date.julian != c.date.gregorian:
                assert date.get("when-custom") == c.date.julian and date.get("datingMethod") == "#cal-julian"
                dual += 1
    assert dual, "an Old Style source's date is given in both calendars"


def test_export_tei_corpus_has_every_document_once(db, docs):
    root = etree.fromstring(run("export", "--db", str(db), "--format", "tei").encode())
    assert root.tag == f"{T}teiCorpus"
    assert len(root.findall(f"{T}TEI")) == len(docs)
    ids = Counter(el.get(XML_ID) for el in root.iter() if el.get(XML_ID))
    assert all(n == 1 for n in ids.values())
    for el in root.iter():
        if el.get("ref"):
            assert el.get("ref")[1:] in ids
    persons = root.findall(f"{T}standOff/{T}listPerson/{T}person")
    assert persons and all(p.find(f"{T}persName") is not None for p in persons)


def test_export_tei_escapes_markup_and_control_characters():
    text = "A <b>bold</b> & \"quoted\" ]]> claim\x0b by Smith on 3 May 1850.\n"
    doc = Document(id="c" * 64, path="odd.txt", text=text, zones=[Zone(0, len(text) - 1, "body")])
    doc.mentions = [Mention(text.index("Smith"), text.index("Smith") + 5, "Smith", "PER", entity_id="1 smith")]
    start = text.index("3 May")
    doc.timexes = [Timex(start, start + 10, "3 May 1850", "DATE", "1850-05-03", gregorian="1850-05-03")]
    root = etree.fromstring(tei_document_bytes(doc))
    paragraph = root.find(f".//{T}body/{T}p")
    assert "".join(paragraph.itertext()) == text.strip().replace("\x0b", "\ufffd")
    assert paragraph.find(f"{T}b") is None
    person = paragraph.find(f"{T}persName")
    assert root.find(f".//{T}person").get(XML_ID) == person.get("ref")[1:]  # an id made an XML name
    assert paragraph.find(f"{T}date").get("when") == "1850-05-03"


# ---------------------------------------------------------------- GEXF

@pytest.fixture(scope="module")
def graph(db, tmp_path_factory) -> nx.DiGraph:
    path = tmp_path_factory.mktemp("gexf") / "network.gexf"
    run("export", "--db", str(db), "--format", "gexf", "--out", str(path))
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    return nx.read_gexf(path, version="1.3")


def test_export_gexf_nodes_are_entities(graph, kb):
    entities = {e.id: e for e in kb.entities()}
    assert set(entities) <= set(graph.nodes)
    for node, data in graph.nodes(data=True):
        if node in entities:
            assert data["label"] == entities[node].name and data["type"] == entities[node].type


def test_export_gexf_links_people_and_bodies_in_an_order(graph):
    def agent(node: str) -> bool:
        return graph.nodes[node].get("type") in ("PER", "ORG")

    orders = [(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "ORDER" and agent(u) and agent(v)]
    assert orders
    for _, _, d in graph.edges(data=True):
        assert d["label"].startswith(d["type"])
        if "start" in d:
            assert d["start"] <= d["end"] and d["label"].endswith(d["gregorian"])


# ---------------------------------------------------------------- TimelineJS

def test_export_timelinejs_slides(db, kb):
    data = json.loads(run("export", "--db", str(db), "--format", "timelinejs"))
    events = data["events"]
    dated = [r for r in kb.chronology() if r.gregorian_start]
    assert events and len(events) == len(dated)
    assert len({e["unique_id"] for e in events}) == len(events)
    assert any("O.S." in e["display_date"] for e in events)
    evidence = {s.evidence for r in dated for s in r.sources}
    for e in events:
        start = e["start_date"]
        assert isinstance(start["year"], int) and 1 <= start.get("month", 1) <= 12
        assert e["group"] and e["text"]["headline"]
        quoted = re.findall(r"<blockquote>“(.*?)”</blockquote>", e["text"]["text"], flags=re.DOTALL)
        assert quoted and {html.unescape(q) for q in quoted} <= evidence
        if "end_date" in e:
            assert tuple(e["end_date"].values()) >= tuple(start.values())


# ---------------------------------------------------------------- every format

@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_is_deterministic_and_escapes_source_text(fmt):
    corpus = invented_corpus()  # its letter holds "<script>alert('x')</script> & <b>not markup</b>"
    first, second = export(corpus, fmt), export(invented_corpus(), fmt)
    assert first == second
    if fmt in ("tei", "gexf"):
        root = etree.fromstring(first.encode())
        assert not [el for el in root.iter() if etree.QName(el).localname in ("script", "b")]
        if fmt == "tei":  # the markup is text of the letter's paragraph
            assert any("<script>alert('x')</script>" in "".join(p.itertext()) for p in root.iter(f"{T}p"))
    elif fmt == "timelinejs":
        assert json.loads(first)["events"] and "<script>" not in first
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(first)))
        assert rows and list(rows[0]) == list(CSV_COLUMNS)
    else:
        assert json.loads(first)


def test_export_corpus_and_knowledge_base_agree(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb.db") as kb:
        kb.save(invented_corpus())
        for fmt in FORMATS:
            assert export(kb, fmt) == export(invented_corpus(), fmt), fmt


# ---------------------------------------------------------------- command line errors

@pytest.mark.parametrize(("args", "message"), [
    (["--format", "gexf", "--doc", "x.txt"], "--doc does not apply"),
    (["--format", "tei", "--entity", "x"], "do not apply"),
    (["--format", "tei", "--doc", "no-such-file.txt"], "no document 'no-such-file.txt'"),
    (["--format", "csv", "--entity", "Nobody Whatsoever"], "no entity called"),
    (["--format", "csv", "--type", "PICNIC"], "PICNIC: unknown"),
    (["--format", "csv", "--from", "sometime"], "not a date"),
    (["--format", "csv", "--out", "missing-folder/x.csv"], "does not exist"),
])
def test_export_bad_input_says_what_to_do(db, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *args])
    assert result.exit_code != 0 and message in result.output, result.output


def test_export_needs_a_built_knowledge_base(tmp_path):
    missing = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db"), "--format", "csv"])
    assert missing.exit_code != 0 and "fontes build" in missing.output
    KnowledgeBase.open(tmp_path / "empty.db").close()
    empty = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "empty.db"), "--format", "csv"])
    assert empty.exit_code != 0 and "no documents" in empty.output


def test_export_writes_to_a_folder(db, docs, tmp_path):
    for fmt in FORMATS:
        run("export", "--db", str(db), "--format", fmt, "--out", f"{tmp_path}/out/")
    expected = [f.filename for f in FORMATS.values() if f.name != "tei"]  # tei: one file per document
    expected += [f"{Path(d.name).stem}.xml" for d in docs.values()]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(expected)


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize(("value", "custom", "expected"), [
    ("1917-11-22", False, {"when": "1917-11-22"}),
    ("1917-11", False, {"when": "1917-11"}),
    ("1917-11-22T02:00", False, {"when": "1917-11-22T02:00:00"}),
    ("1917-11-07TNI", False, {"when": "1917-11-07"}),
    ("1917-11-09", True, {"when-custom": "1917-11-09"}),
    ("1917-02-16/1917-03-18", True, {"from-custom": "1917-02-16", "to-custom": "1917-03-18"}),
    ("1919-SP", False, {"notBefore": "1919-03-01", "notAfter": "1919-05-31"}),
    ("19", False, {"notBefore": "1900-01-01", "notAfter": "1999-12-31"}),
    ("P1D", False, {"dur-iso": "P1D"}),
    ("PXM", False, {}),
    ("PRESENT_REF", False, {}),
    ("1917-02-30", False, {}),  # no such day
])
def test_export_date_attributes(value, custom, expected):
    assert date_attributes(value, custom=custom) == expected


@pytest.mark.parametrize(("gregorian", "julian", "text"), [
    ("1917-11-22", "1917-11-09", "22 November 1917 (O.S. 9 November 1917)"),
    ("1918-10-03", None, "3 October 1918"),
    ("1917-11-22T02:00/1917-11-22T04:30", None, "22 November 1917, 02:00–04:30"),  # one day, never cut
    ("1917", None, "1917"),
    ("1917-SP", None, "spring 1917"),  # never a raw TIMEX3 suffix
    (None, None, "undated"),
])
def test_export_dual_human_dates(gregorian, julian, text):
    assert dual_human(gregorian, julian) == text
