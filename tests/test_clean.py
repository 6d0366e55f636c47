"""Tests of the clean stage: site chrome out, body sentences kept, citation lines set apart."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fontes.clean import clean, is_fragment, removed
from fontes.ingest import read_document
from fontes.model import Document

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples" / "seeds").glob("*.txt"))
GOLD = Path(os.environ.get("FONTES_SHARED") or REPO.parent / "shared") / "gold" / "seeds"
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason=f"gold annotations not found at {GOLD}")


def make_doc(text: str) -> Document:
    return clean(Document(id="test", path="test.txt", text=text))


def gold_of(path: Path) -> dict:
    return json.loads((GOLD / f"{path.name}.json").read_text("utf-8"))


def kinds_on_line(doc: Document, number: int) -> set[str]:
    """Kinds of the zones on a 1-based line."""
    start = sum(len(line) + 1 for line in doc.text.split("\n")[: number - 1])
    end = start + len(doc.text.split("\n")[number - 1])
    return {z.kind for z in doc.zones if z.start < end and z.end > start}


@needs_gold
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_removes_every_gold_boilerplate_line(path):
    doc = clean(read_document(path))
    body = doc.lines("body")
    for chrome in gold_of(path)["boilerplate"]:
        assert not any(chrome in line for line in body), chrome
        assert chrome not in doc.clean_text


@needs_gold
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_keeps_every_gold_body_sentence(path):
    doc = clean(read_document(path))
    body = doc.lines("body")
    for sentence in gold_of(path)["body_keep"]:
        assert any(sentence in line for line in body), sentence


@needs_gold
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_labels_gold_lines_by_kind(path):
    doc = clean(read_document(path))
    gold = gold_of(path)
    for number in gold["boilerplate_lines"]:
        assert kinds_on_line(doc, number) == {"boilerplate"}, number
    metadata = doc.lines("metadata")
    for line in gold["metadata_lines"]:
        assert any(line.endswith(m) for m in metadata), line  # a section label may be cut off the front
    assert sorted(doc.text[z.start:z.end] for z in doc.zones if is_fragment(z)) == sorted(gold["boilerplate_fragments"])


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_clean_zones_are_ordered_disjoint_and_cover_all_text(path):
    doc = clean(read_document(path))
    covered = set()
    for a, b in zip(doc.zones, doc.zones[1:]):
        assert a.end <= b.start
    for z in doc.zones:
        assert z.rule and z.start < z.end
        covered.update(range(z.start, z.end))
    assert all(i in covered or c.isspace() for i, c in enumerate(doc.text))


SITE_CAPTURE = """Home
Archive
Subscribe
Share on Facebook   Tweet   Email
The Harbour Strike of 1889
By Eleanor Whitcombe
Lecturer in Social History, University of Northport, HistoryHub contributor
4.2/5
(128 ratings)
A docker at the gates, 1889 In August 1889 the dockers of the port walked out over the "tanner", a wage of sixpence an hour. Within a week more than a hundred thousand workers had joined them.

The strike committee met daily at a public house near the river. Donations arrived from as far away as Australia, which kept the strikers fed through September.
Read more: the strike in pictures.  Click here to see photographs of the strike.

Quick poll
Which factor mattered most for the strikers' success?
Public sympathy
  412 (52%)
Overseas donations
  301 (38%)
Union organisation
  79 (10%)
Fun fact:
Dock labourers were often hired by the half day at the gates.
Cite this article:
  • Author Eleanor Whitcombe
  • Access Date
    May 4, 2019
Related articles
Cookie settings
Privacy policy
"""
SITE_BODY = [
    'In August 1889 the dockers of the port walked out over the "tanner", a wage of sixpence an hour.',
    "Within a week more than a hundred thousand workers had joined them.",
    "The strike committee met daily at a public house near the river.",
    "Donations arrived from as far away as Australia, which kept the strikers fed through September.",
]
SITE_CHROME = [
    "Home", "Archive", "Subscribe", "Share on Facebook   Tweet   Email", "4.2/5", "(128 ratings)",
    "A docker at the gates, 1889", "Read more: the strike in pictures.", "Click here to see photographs of the strike.",
    "Quick poll", "Which factor mattered most for the strikers' success?", "Public sympathy", "412 (52%)",
    "Union organisation", "79 (10%)", "Fun fact:", "Dock labourers were often hired by the half day at the gates.",
    "Cite this article:", "• Author Eleanor Whitcombe", "May 4, 2019", "Related articles", "Cookie settings",
    "Privacy policy",
]


def test_clean_handles_an_unseen_site_capture():
    doc = make_doc(SITE_CAPTURE)
    body = doc.lines("body")
    for sentence in SITE_BODY:
        assert any(sentence in line for line in body), sentence
    chrome = [text.strip() for text, _ in removed(doc)]
    for line in SITE_CHROME:
        assert line in chrome, line
        assert line not in doc.clean_text
    assert doc.lines("metadata") == [
        "The Harbour Strike of 1889", "By Eleanor Whitcombe",
        "Lecturer in Social History, University of Northport, HistoryHub contributor",
    ]


@pytest.mark.parametrize(
    "line,rule",
    [
        ("(12 votes)", "vote_count"),
        ("3 comments", "vote_count"),
        ("4.5/5", "vote_count"),
        ("Share this page", "ui_control"),
        ("Print version", "ui_control"),
        ("Subscribe to our newsletter", "ui_control"),
        ("Click here to read the full treaty.", "prompt"),
        ("- Did you know?", "trivia_marker"),
        ("More at: example.org/archive/1917", "link_line"),
    ],
)
def test_clean_labels_chrome_lines_anywhere(line, rule):
    text = f"A first paragraph of running text says what happened. Then it ends.\n\n{line}\n\n" \
           "A second paragraph of running text goes on to say more about it. It ends too."
    doc = make_doc(text)
    assert (line, rule) in removed(doc)
    assert len(doc.lines("body")) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell sharply in October 1929 as the markets panicked.",
        "Print workers struck in 1889, demanding higher wages and shorter hours.",
        "Rate rises followed the war, and the government fell within the year.",
        "Follow the river north for two days and you reach the old fortress.",
        "In Paris, 1919 Was the year the peace conference redrew the map of Europe.",
        "Home rule was debated again in 1912, and the bill passed the Commons.",
    ],
)
def test_clean_never_removes_a_body_sentence_that_starts_like_chrome(sentence):
    text = f"A first paragraph of running text that says what happened, and then it ends.\n\n{sentence}\n"
    doc = make_doc(text)
    assert sentence in doc.lines("body")
    assert removed(doc) == []


def test_clean_cuts_an_image_caption_from_the_first_sentence():
    doc = make_doc("Title of the page\n\nGeneral Haig at his headquarters, 1917 The offensive began at dawn, "
                   "and by noon the first line had fallen.\n")
    assert removed(doc) == [("General Haig at his headquarters, 1917", "fragment:caption")]
    assert doc.lines("body") == ["The offensive began at dawn, and by noon the first line had fallen."]


def test_clean_reads_a_citation_header_as_metadata_and_an_address_as_body():
    text = ("J. Q. Public\n\nAppeal to the Workers\n\nWritten: 1 May, 1905\nSource: Collected Writings, Volume 2\n"
            "Translated: A. Translator\n\nTo the workers of all factories,\nand to their committees\n\n"
            "Comrades, the hour has come to stand together, and we call on you to do so.\n\nJ. Q. Public\n")
    doc = make_doc(text)
    assert doc.lines("metadata") == ["J. Q. Public", "Appeal to the Workers", "Written: 1 May, 1905",
                                     "Source: Collected Writings, Volume 2", "Translated: A. Translator"]
    assert doc.lines("body")[:2] == ["To the workers of all factories,", "and to their committees"]
    assert doc.lines("body")[-1] == "J. Q. Public"  # the signature is part of the text


def _benchmark_texts() -> list[tuple[str, str]]:
    """Plain texts of other publishers: TempEval-3 news (TBAQ, platinum) and WikiWars articles."""
    from fontes.errors import InputError
    from fontes.evaluation import shared_data_dir, tempeval, wikiwars

    data = shared_data_dir(REPO)
    if not data.is_dir():
        return []
    try:
        docs = tempeval.read_tbaq(data) + tempeval.read_platinum(data) + wikiwars.read_wikiwars(data)
    except InputError:
        return []
    return [(d.name, d.text) for d in docs]


BENCHMARK_TEXTS = _benchmark_texts()


@pytest.mark.skipif(not BENCHMARK_TEXTS, reason="TempEval-3 / WikiWars data not found in ../shared/data")
def test_clean_keeps_news_and_encyclopedia_prose_as_body():
    from fontes.clean import is_body_paragraph

    body_words = all_words = 0
    for name, text in BENCHMARK_TEXTS:
        doc = make_doc(text)
        lost = [line for line, _ in removed(doc) if is_body_paragraph(line)]
        assert not lost, (name, lost)
        body_words += sum(len(line.split()) for line in doc.lines("body"))
        all_words += len(text.split())
    assert len(BENCHMARK_TEXTS) > 250
    assert body_words / all_words > 0.97
