"""Tests of the metadata stage: citation fields, genre, CSL-JSON and Chicago rendering."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fontes.clean import clean
from fontes.ingest import read_document
from fontes.metadata import extract_metadata, find_date, split_names, unify_authors
from fontes.model import Document

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples" / "seeds").glob("*.txt"))
GOLD = Path(os.environ.get("FONTES_SHARED") or REPO.parent / "shared") / "gold" / "seeds"
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason=f"gold annotations not found at {GOLD}")
FIELDS = ("title", "authors", "date", "first_published", "source", "translators", "publisher", "accessed")


def make_doc(text: str, name: str = "test.txt", **html_meta: str) -> Document:
    doc = Document(id="0123456789abcdef", path=name, text=text, html_meta=dict(html_meta))
    return extract_metadata(clean(doc))


def ours(doc: Document) -> dict:
    c = doc.citation
    return {"title": c.title, "authors": c.authors, "date": c.date.as_written if c.date else None,
            "first_published": c.first_published, "source": c.source, "translators": c.translators,
            "publisher": c.publisher, "accessed": c.accessed}


def gold_fields(path: Path) -> tuple[dict, str]:
    gold = json.loads((GOLD / f"{path.name}.json").read_text("utf-8"))
    meta = dict(gold["metadata"])
    meta["date"] = meta["date"]["as_written"] if meta["date"] else None  # calendars: the time stage
    meta["accessed"] = meta["accessed"]["gregorian"] if meta["accessed"] else None
    return meta, gold["genre"]


@pytest.fixture(scope="module")
def seed_docs() -> list[Document]:
    docs = [extract_metadata(clean(read_document(p))) for p in SEEDS]
    unify_authors(docs)
    return docs


@needs_gold
def test_metadata_matches_at_least_90_percent_of_gold_fields(seed_docs):
    exact = total = 0
    for path, doc in zip(SEEDS, seed_docs):
        gold, _ = gold_fields(path)
        mine = ours(doc)
        for field in FIELDS:
            total += 1
            exact += mine[field] == gold[field]
    assert total == 5 * len(FIELDS)
    assert exact / total >= 0.9, f"{exact}/{total} fields exact"


@needs_gold
@pytest.mark.parametrize("index", range(len(SEEDS)), ids=[p.name for p in SEEDS])
def test_metadata_genre_matches_gold(seed_docs, index):
    _, genre = gold_fields(SEEDS[index])
    assert seed_docs[index].genre == genre


@needs_gold
@pytest.mark.parametrize("field", ["source", "first_published", "translators", "accessed", "publisher"])
def test_metadata_header_fields_match_gold_in_every_seed(seed_docs, field):
    for path, doc in zip(SEEDS, seed_docs):
        assert ours(doc)[field] == gold_fields(path)[0][field], path.name


def test_metadata_reads_a_marxists_style_header():
    doc = make_doc(
        "A. B. Writer\n\nOpen Letter to the Conference\n\nWritten: Geneva, 12 March, 1920\n"
        "First Published: In The Workers' Review No. 7, 14 March, 1920.\n"
        "Source: Selected Works, Volume 3, pp. 10-12\n"
        "Translated: Carla Ruiz and Tom Berg, Edited by Tom Berg\n"
        "Transcription/Markup: Someone Else\n\n"
        "Comrades, we write to you because the conference must not end without a decision. We ask for one.\n"
    )
    c = doc.citation
    assert c.title == "Open Letter to the Conference"
    assert c.authors == ["A. B. Writer"]
    assert c.date.as_written == "12 March, 1920" and c.date.gregorian is None
    assert doc.place == "Geneva"
    assert c.first_published == "The Workers' Review No. 7, 14 March, 1920"
    assert c.source == "Selected Works, Volume 3, pp. 10-12"
    assert c.translators == ["Carla Ruiz", "Tom Berg"]
    assert doc.genre == "primary"
    assert c.csl["type"] == "letter"
    assert c.csl["author"] == [{"family": "Writer", "given": "A. B."}]
    assert c.csl["issued"] == {"date-parts": [[1920, 3, 12]]}
    assert c.short == "Writer, Open Letter to the Conference (1920)"
    assert "Writer, A. B." in c.formatted and "Open Letter to the Conference" in c.formatted
    assert "Translated by Carla Ruiz and Tom Berg" in c.formatted


def test_metadata_reads_a_site_data_block_and_byline():
    doc = make_doc(
        "The Harbour Strike of 1889\nBy Eleanor Whitcombe\n"
        "Lecturer in Social History, University of Northport, HistoryHub contributor\n\n"
        "In August 1889 the dockers of the port walked out over a wage of sixpence an hour. Within a week "
        "more than a hundred thousand workers had joined them.\n\n"
        "Page details:\n  • Author Eleanor Whitcombe\n  • URL\n    https://history.example.org/strike\n"
        "  • Access Date\n    May 4, 2019\n  • Publisher\n    Northport Media\n"
    )
    c = doc.citation
    assert c.title == "The Harbour Strike of 1889"
    assert c.authors == ["Eleanor Whitcombe"]
    assert c.publisher == "Northport Media"
    assert c.accessed == "2019-05-04"
    assert c.url == "https://history.example.org/strike"
    assert c.date is None
    assert doc.genre == "secondary"
    assert c.csl["type"] == "webpage" and c.csl["accessed"] == {"date-parts": [[2019, 5, 4]]}
    assert "Accessed May 4, 2019" in c.formatted


def test_metadata_takes_the_site_from_an_affiliation_and_the_author_from_a_title():
    byline = make_doc("Anna Berg\n\nSenior Fellow, Institute of Modern History, NCHS expert\n\n"
                      "Diplomats abroad refused to serve the new regime and kept their posts for years.\n")
    assert byline.citation.publisher == "NCHS" and byline.citation.authors == ["Anna Berg"]
    assert byline.citation.title is None and byline.genre == "secondary"
    titled = make_doc("Archive - Jean Dupont's Declaration on the Strike, 3 May 1906\n\n"
                      "Reproduced below is the text of the declaration, dated 3 May 1906.\n")
    assert titled.citation.title == "Jean Dupont's Declaration on the Strike, 3 May 1906"
    assert titled.citation.authors == ["Jean Dupont"]
    assert titled.citation.date.as_written == "3 May 1906"
    assert titled.genre == "primary"


def test_metadata_uses_html_page_metadata_when_the_text_has_none():
    doc = make_doc("In August 1889 the dockers walked out over a wage of sixpence an hour, and many joined.\n",
                   name="page.html", title="The Harbour Strike", author="Eleanor Whitcombe; Tom Berg",
                   sitename="Northport History", url="https://history.example.org/strike", date="2019-05-04")
    c = doc.citation
    assert (c.title, c.authors, c.publisher, c.url) == (
        "The Harbour Strike", ["Eleanor Whitcombe", "Tom Berg"], "Northport History", "https://history.example.org/strike")
    assert c.date.as_written == "2019-05-04"


@pytest.mark.parametrize(
    "value,names",
    [
        ("Yuri Smith and George Brown, Edited by George Brown", ["Yuri Smith", "George Brown"]),
        ("Jim Riordan", ["Jim Riordan"]),
        ("from the Russian by Joe Fineman.", ["Joe Fineman"]),
        ("A. Black, B. White & C. Green", ["A. Black", "B. White", "C. Green"]),
    ],
)
def test_metadata_splits_name_lists(value, names):
    assert split_names(value) == names


@pytest.mark.parametrize(
    "text,written,iso",
    [
        ("Sent: 9 November, 1917", "9 November, 1917", "1917-11-09"),
        ("November 08, 1917 : headline", "November 08, 1917", "1917-11-08"),
        ("Written: 3 October, 1918.", "3 October, 1918", "1918-10-03"),
        ("Online Version: Archive November, 2000", "November, 2000", "2000-11"),
        ("Accessed 2018-03-22", "2018-03-22", "2018-03-22"),
        ("on the 1st Sept. 1939", "1st Sept. 1939", "1939-09-01"),
    ],
)
def test_metadata_finds_dates_as_written(text, written, iso):
    found = find_date(text)
    assert found[:2] == (written, iso)


def test_metadata_unify_authors_expands_initials_from_another_source():
    first = make_doc("M. K. Sorensen\n\nReport on the Harvest\n\nWritten: 2 June, 1921\n\n"
                     "The harvest failed in the south, and the committee asked for seed grain at once.\n", name="a.txt")
    second = make_doc("Marta Sorensen\n\nLetter to the Committee\n\nWritten: 9 June, 1921\n\n"
                      "We received your reply, and we thank the committee for the seed grain it sent.\n", name="b.txt")
    other = make_doc("K. Sorensen\n\nNote on Supplies\n\nWritten: 1 July, 1921\n\n"
                     "Supplies reached the district late, and the mills stood idle for a week or more.\n", name="c.txt")
    unify_authors([first, second, other])
    assert first.citation.authors == ["Marta Sorensen"]
    assert first.citation.short.startswith("Sorensen, Report on the Harvest")
    assert other.citation.authors == ["K. Sorensen"]  # K. does not fit Marta


def test_metadata_of_an_html_page_comes_from_the_page(tmp_path):
    from test_ingest import HTML

    path = tmp_path / "strike.html"
    path.write_text(HTML, encoding="utf-8")
    doc = extract_metadata(clean(read_document(path)))
    c = doc.citation
    assert "The Harbour Strike of 1889" in c.title
    assert c.authors == ["Eleanor Whitcombe"]
    assert c.publisher == "Northport History"
    assert c.url == "https://history.example.org/harbour-strike"
    assert c.date.as_written == "2019-05-04"
    assert c.csl["URL"] == c.url and "Whitcombe, Eleanor" in c.formatted


def test_metadata_reads_a_translator_named_after_the_languages():
    doc = make_doc("Inter Gravissimas\nIssued by Pope Gregory XIII, February 24, 1582\n"
                   "translation from the French and Latin by Bill Spencer, November 1999;\n\n"
                   "Among the gravest duties of our pastoral office, the care of the calendar is not the least, "
                   "and we have given it our whole attention.\n")
    assert doc.citation.translators == ["Bill Spencer"]
    assert doc.citation.authors == ["Pope Gregory XIII"]


def test_metadata_takes_the_book_of_a_scanned_page_as_its_source():
    doc = make_doc("Page:Decisive Battles Since Waterloo.djvu/264\n\nCHAPTER XIV.\n\n"
                   "It is not our purpose to trace the causes of the civil war in the United States, which are "
                   "well known to every reader of history.\n")
    assert doc.citation.title == "Page:Decisive Battles Since Waterloo.djvu/264"
    assert doc.citation.source == "Decisive Battles Since Waterloo"


# --- unseen layouts (issue 10) -----------------------------------------------------------------

def test_metadata_publisher_from_the_copyright_line():
    text = ("The Winter Lines\n\n" + "The armies dug in along the river, and the winter came early that year. " * 2
            + "\n\n© 2026 Northport Heritage. The Stories the Town Forgot.\n")
    doc = make_doc(text)
    assert doc.citation.publisher == "Northport Heritage"


@pytest.mark.parametrize("line,holder", [
    ("Network Map © 2025 | a project at Sabanci University", "Sabanci University"),
    ("Copyright 2019 Northport History. All rights reserved.", "Northport History"),
    ("(c) 2020 jane doe", None),
])
def test_metadata_copyright_holder(line, holder):
    from fontes.metadata import _copyright_holder

    assert _copyright_holder([line]) == holder


def test_metadata_a_page_date_of_1_january_the_page_never_writes_is_its_year():
    text = "The Winter Lines\n\n" + "The armies dug in along the river, and the winter came early that year. " * 2
    doc = make_doc(text, name="page.html", date="2025-01-01")
    doc.media_type = "text/html"
    assert extract_metadata(doc).citation.date.as_written == "2025"
    doc = make_doc("Written 1 January 2025\n\n" + text, name="page.html", date="2025-01-01")
    assert extract_metadata(doc).citation.date.as_written == "2025-01-01"


@pytest.mark.parametrize("line,date,author", [
    ("Posted on May 3, 2021 by Jane Doe", "May 3, 2021", "Jane Doe"),
    ("By Jane Doe | 3 May 2021 | 14:05", "3 May 2021", "Jane Doe"),
    ("Published: 3 May 2021, 14:05", "3 May 2021", None),
])
def test_metadata_reads_a_post_header_line(line, date, author):
    from fontes.metadata import _post_line

    assert _post_line(line) == (date, author)
    assert _post_line("The battle of 3 May 1808") is None


_TEXT = "The armies dug in along the river, and the winter came early that year. " * 2 + "\n"


def test_metadata_masthead_above_the_chrome_is_the_publisher_and_the_name_below_it_the_title():
    doc = make_doc("Steppe Travel\n\nYour guide to the steppe! Let's travel together!\n\nEmelyan Pugachev\n\n" + _TEXT)
    assert doc.citation.publisher == "Steppe Travel"
    assert doc.citation.title == "Emelyan Pugachev"
    assert doc.citation.authors == []


def test_metadata_a_title_copy_is_no_masthead():
    doc = make_doc("The Revolution Begins\n\nThe Revolution Begins\n\nTorbay, Devon, 5 November 1688\n\n" + _TEXT)
    assert doc.citation.title == "The Revolution Begins"
    assert doc.citation.publisher is None


@pytest.mark.parametrize("text,written", [
    ("Albany Courier, Saturday 4 March 1905, page 3", "Saturday 4 March 1905"),
    ("Sunday, November 08, 1917", "Sunday, November 08, 1917"),
    ("the battle of 3 May 1808", "3 May 1808"),
])
def test_metadata_date_as_written_keeps_its_weekday(text, written):
    assert find_date(text)[0] == written


def test_metadata_a_published_label_with_a_date_dates_the_page():
    doc = make_doc("The Winter Lines\n\nPublished: 3 May 2021\n\n" + _TEXT)
    assert doc.citation.date.as_written == "3 May 2021"
    assert doc.citation.first_published is None
    doc = make_doc("The Winter Lines\n\nFirst published: The Northport Courier, 3 May 1921\n\n" + _TEXT)
    assert doc.citation.first_published == "The Northport Courier, 3 May 1921"


def test_metadata_author_from_a_name_with_its_affiliation():
    doc = make_doc("Prof. Jane Whitcombe, Royal College, University of Northport.\n\n" + _TEXT)
    assert doc.citation.authors == ["Jane Whitcombe"]


def test_metadata_title_run_into_the_first_paragraph():
    doc = make_doc("The Siege of the Northern Fortress\n" + _TEXT)
    assert doc.citation.title == "The Siege of the Northern Fortress"
    assert make_doc("Jane Whitcombe\n" + _TEXT).citation.title is None  # a name is a byline, not a title
    assert make_doc(_TEXT).citation.title is None


def test_metadata_a_dispatch_dateline_is_no_title():
    doc = make_doc("London, Wednesday.\n\n" + _TEXT)
    assert doc.citation.title != "London, Wednesday."


def test_metadata_a_date_ending_in_a_colon_opens_the_title():
    doc = make_doc("January 1, 1917:\nThe Body in the River\n\n" + _TEXT)
    assert doc.citation.title == "January 1, 1917: The Body in the River"
