"""Tests of the time stage on unseen-source forms (round 13): classes of text, not sentences of the
corpus. A bare double year ("1637/38", a portrait's
date) does not make a modern text count its years from 25 March; "a few weeks
later" in a story names the year a few weeks on; "November 4th. 1677," joins the year after the
full stop of its ordinal.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes import clean, metadata
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.time import find_timexes, tag


def stage(text: str, genre: str | None = None) -> dict[str, str | None]:
    """The time stage as the pipeline runs it: after chrome removal and metadata (zones, DCT)."""
    doc = Document(id="t", path="t.txt", text=text)
    doc = metadata.extract_metadata(clean.clean(doc, DEFAULTS), DEFAULTS)
    doc.genre = genre or doc.genre
    doc = find_timexes(doc, DEFAULTS)
    return {t.text: t.gregorian for t in doc.timexes}


def values(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text)]


def test_a_bare_double_year_does_not_shift_january_years() -> None:
    got = stage("On this day, 12th February 1649, the earl of Marwick was tried in London.\n\n"
                "Portrait of the earl by an unknown painter 1637/38 - public domain.\n\n"
                "The trial began in early February 1649 and on February the 12th he was condemned.")
    assert got["12th February 1649"][:4] == "1649"


def test_a_day_with_a_double_year_keeps_the_25_march_year() -> None:
    assert values("The letter of 4 Feb. 1625/6 was read aloud.") == [("4 Feb. 1625/6", "1626-02-04")]


def test_a_few_weeks_later_names_the_year_weeks_on() -> None:
    got = values("On December 20th 1910 the minister was shot. The strike began a few weeks later.")
    assert ("a few weeks later", "1911") in got


def test_a_few_months_earlier_names_the_story_year() -> None:
    got = values("The treaty was signed in 1744. A few months earlier the envoys had met at Dornholm.")
    assert ("A few months earlier", "1744") in got


def test_a_few_weeks_ago_stays_vague() -> None:
    assert values("A few weeks ago I visited the museum.") == [("A few weeks ago", "PAST_REF")]


def test_an_ordinal_with_a_full_stop_keeps_its_year() -> None:
    got = values("On March 3rd. 1702, the duke married the princess of Holmvar.")
    assert ("March 3rd. 1702", "1702-03-03") in got


def test_a_year_starting_the_next_sentence_is_not_joined() -> None:
    got = values("The fleet sailed on March 3rd. 1702 was a hard year for the duke.")
    assert ("March 3rd", "XXXX-03-03") in got or all(v != "1702-03-03" for _, v in got)
