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


def test_time_a_chronologys_items_run_forward_under_their_year_heading() -> None:
    text = ("1689\n\n  1. 9th of April the Coronation\n  2. 11th of April the Coronation Oath act\n"
            "  3. 16th of December the Bill of Rights\n  4. 6th of February the Parliament is dissolved\n")
    found = values(text, genre="secondary", place="France")
    assert (found["16th of December"], found["6th of February"]) == ("1689-12-16", "1690-02-06")


def test_time_a_later_month_of_the_narratives_year_stays_in_it() -> None:
    found = values("The fleet arrived on Febr. 3, 1854 and left on Sept. 8 for the south.", genre="secondary",
                   place="France")
    assert found["Sept. 8"] == "1854-09-08"


def test_time_weekdays_of_a_story_are_days_of_the_week_before_its_dated_day() -> None:
    text = ("A cable of the morning of 11 December 1877 says: Plevna has fallen. On Saturday the Pasha sent a "
            "letter. On Sunday another assault was made.")
    found = values(text, genre="primary", place="France")
    assert (found["Saturday"], found["Sunday"]) == ("1877-12-08", "1877-12-09")


def test_time_a_weekday_said_of_the_day_in_scope_is_that_day() -> None:
    found = values("29th January 1649.\nThe King died on this day. It was a Tuesday and the streets were empty.",
                   genre="secondary", place="France")
    assert found["Tuesday"] == "1649-01-29"


@pytest.mark.parametrize("text,expression", [
    ("The nurses of 1854 changed medicine. Their methods are obvious today.", "today"),
    ("The city was founded in May 1703. Nowadays, May 27 is celebrated as its birthday.", "Nowadays"),
    ("William landed at Brixham in November 1688; to this day the town keeps his motto.", "this day"),
])
def test_time_the_writers_present_in_a_history_is_present_ref(text: str, expression: str) -> None:
    assert values(text, genre="secondary", written="2026", place="France")[expression] == "PRESENT_REF"


@pytest.mark.parametrize("text,expression,value", [
    ("Done at Paris, the thirtieth day of the month of March, in the year one thousand eight hundred and fifty-six.",
     "the thirtieth day of the month of March, in the year one thousand eight hundred and fifty-six", "1856-03-30"),
    ("Given at Whitehall in the year of our Lord sixteen hundred and twenty.",
     "the year of our Lord sixteen hundred and twenty", "1620"),
])
def test_time_years_spelled_out_in_words(text: str, expression: str, value: str) -> None:
    assert values(text, genre="primary", place="France")[expression] == value


@pytest.mark.parametrize("text,expression,value", [
    ("On 2 September 1666, about one of the clock in the Morning, the fire began.", "one of the clock in the Morning",
     "1666-09-02T01:00"),
    ("On 30 January 1649 the King was led out at half-past three o’clock.", "half-past three o’clock",
     "1649-01-30T03:30"),
    ("On 30 January 1649 the crowd waited until four in the afternoon.", "four in the afternoon", "1649-01-30T16:00"),
    ("On 30 January 1649 they met at a quarter to ten o'clock at night.", "a quarter to ten o'clock at night",
     "1649-01-30T21:45"),
])
def test_time_clock_times_written_in_words(text: str, expression: str, value: str) -> None:
    assert values(text, genre="primary", place="France")[expression] == value


def test_time_instant_and_ultimo_count_from_the_letters_month() -> None:
    found = values("Paris, 5 March 1700\n\nSir, I received yours of the 20th ult. and that of the second instant.",
                   written="5 March 1700", genre="primary", place="France")
    assert (found["the 20th ult."], found["the second instant"]) == ("1700-02-20", "1700-03-02")
