"""Tests of the time stage's anchoring: the narrative's year and day, not the capture's or the publisher's."""

from __future__ import annotations

import pytest

from fontes.model import Citation, Document, DualDate, Zone
from fontes.time import find_timexes


def values(text: str, *, written: str | None = None, genre: str | None = None, zones: list[Zone] | None = None,
           place: str | None = "England") -> dict[str, str]:
    doc = Document(id="t", path="t.txt", text=text, genre=genre, place=place, zones=zones or [])
    if written:
        doc.citation = Citation(date=DualDate(gregorian=None, as_written=written))
    return {t.text: t.value for t in find_timexes(doc).timexes}


@pytest.mark.parametrize("text,expression,value", [
    ("On 2 September the great fire began in Pudding Lane, and London burned for four days in 1666.",
     "2 September", "1666-09-02"),
    ("The Great Fire of 1666\n\nOn 2 September the fire began in Pudding Lane. On 5 September it was out.",
     "5 September", "1666-09-05"),
    ("Accessed 12 May 2021\n\nOn 2 September the great fire began; London burned for four days in 1666.",
     "2 September", "1666-09-02"),
    ("On this day in 1915\n\nOn 2 September the great fire of London began, in 1666.", "2 September", "1666-09-02"),
])
def test_time_a_bare_date_takes_the_narrative_year_not_the_capture_or_a_teaser(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


def test_time_relative_expressions_anchor_on_the_narrative_not_on_a_reference_works_date() -> None:
    text = ("In 1812 the Grand Army crossed the Niemen. This year was to end in disaster. On 7 September the armies met "
            "near Mozhaisk. The same day the French took the redoubt, and the next morning they advanced.")
    found = values(text, written="1950", genre="secondary", place="France")
    assert found["This year"] == "1812"
    assert found["7 September"] == "1812-09-07"
    assert found["The same day"] == "1812-09-07"
    assert found["the next morning"] == "1812-09-08TMO"


def test_time_a_letters_date_line_anchors_its_bare_dates() -> None:
    text = "London, 10 April 1740\n\nSir, the fleet sailed from Portsmouth on 2 April and reached Lisbon on 9 April."
    found = values(text, genre="primary")
    assert (found["2 April"], found["9 April"]) == ("1740-04-02", "1740-04-09")


def test_time_a_teaser_year_does_not_move_the_story() -> None:
    text = ("The siege began in 1703 and lasted all summer.\nOn this day in 1915: the Lusitania sails\n"
            "On 14 May the fortress fell.")
    assert values(text)["14 May"] == "1703-05-14"


def test_time_a_references_year_is_not_the_narrative_year() -> None:
    text = "On 2 September the fire began in Pudding Lane (Tinniswood 2003), and burned for four days in 1666."
    assert values(text)["2 September"] == "1666-09-02"


@pytest.mark.parametrize("text,expression,value", [
    ("In December 1877 the town fell. On the 12th the army rested.", "the 12th", "1877-12-12"),
    ("In December 1877 the town fell. On the morning of the 11th the army left.", "the morning of the 11th",
     "1877-12-11TMO"),
])
def test_time_a_bare_day_of_the_month_takes_the_narratives_month(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


@pytest.mark.parametrize("text", ["On the 3rd Army front it was quiet.", "Art of the 20th century.",
                                  "On the 1st of the month rent is due."])
def test_time_ordinals_that_are_not_days_are_not_dates(text: str) -> None:
    assert not [t for t in find_timexes(Document(id="t", path="t", text="In May 1905 it rained. " + text)).timexes
                if t.value.endswith(("-03", "-01")) and "May" not in t.text]
