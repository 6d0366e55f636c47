"""Early modern print: the long s ("ſ").

Python's case-insensitive patterns equate "ſ" with "s", but ``str.lower()`` keeps them apart, so a
lookup keyed by the lowered match failed on "Auſtria" and the whole document was skipped. And the
stages after cleaning read "firſt of Auguſt 1642" as the date it is (``pipeline.reading_text``),
while every span they quote keeps the letters as written.
"""

from __future__ import annotations

from fontes import pipeline
from fontes.ingest import read_document
from fontes.time import calendars

TEXT = """A true Relation of the March of the Army.
Upon the firſt of Auguſt 1642 the Army of the Emperour marched out of Auſtria towards Pruſſia.
The ſame Army took the Towne of Lintz in the Summer following, and wintered in Bohemia.
"""


def test_place_scores_reads_long_s_names() -> None:
    scores = calendars.place_scores("The Army marched out of Auſtria and then out of Austria.")
    assert scores, "no country found"
    (country, score), = scores.items()
    assert score == 2.0  # both spellings count for the same country


def test_find_country_reads_long_s_names() -> None:
    assert calendars.find_country("Auſtria") == calendars.find_country("Austria") is not None


def test_a_long_s_document_is_analysed(tmp_path) -> None:
    path = tmp_path / "relation.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc = pipeline.analyse(read_document(path))
    assert doc.text == TEXT
    dated = [t for t in doc.timexes if t.value == "1642-08-01"]
    assert [t.text for t in dated] == ["firſt of Auguſt 1642"] or [t.text for t in dated] == ["the firſt of Auguſt 1642"]
    assert any(m.text == "Auſtria" for m in doc.mentions)
    for item in (*doc.timexes, *doc.mentions):
        assert item.text == TEXT[item.start:item.end]
    for event in doc.events:
        assert event.evidence == TEXT[event.start:event.end]


def test_reading_text_keeps_offsets() -> None:
    assert pipeline.reading_text("Auguſt") == "August"
    text = "no long s here"
    assert pipeline.reading_text(text) is text
