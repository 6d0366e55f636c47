"""Tests of the time stage's calendar decisions: per expression, per document, Swedish and Lady Day years, real dates."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fontes.model import Citation, Document, DualDate
from fontes.time import calendars, find_timexes, tag


def make_doc(text: str, *, place: str | None = None, genre: str | None = None, written: str | None = None,
             url: str | None = None) -> Document:
    doc = Document(id="t", path="t.txt", text=text, place=place, genre=genre)
    if written or url:
        doc.citation = Citation(date=DualDate(gregorian=None, as_written=written) if written else None, url=url)
    return doc


def test_time_new_style_text_with_old_style_glosses_is_gregorian_and_not_shifted() -> None:
    text = ("The Tsar abdicated on 15 March (O.S. 2 March) 1917 at Pskov. The Provisional Government took over in "
            "Petrograd on 16 March 1917, and Lenin reached the Finland Station on 16 April 1917.")
    doc = find_timexes(make_doc(text, place="Russia", genre="secondary"))
    assert doc.calendar == "gregorian"
    values = {t.text: (t.gregorian, t.julian) for t in doc.timexes}
    assert values["15 March (O.S. 2 March) 1917"] == ("1917-03-15", "1917-03-02")
    assert values["16 April 1917"] == ("1917-04-16", "1917-04-03")  # N.S. as written, not shifted


def test_time_russian_site_writing_unmarked_old_style_is_julian() -> None:
    text = "Museum of the City. On 1 March 1881 Emperor Alexander II was killed on the Catherine Canal in St. Petersburg."
    doc = find_timexes(make_doc(text, genre="secondary", written="12 May 2021", url="https://www.spbmuseum.ru/exhibits/1881"))
    assert doc.calendar == "julian"
    day = next(t for t in doc.timexes if t.text.startswith("1 March"))
    assert (day.julian, day.gregorian) == ("1881-03-01", "1881-03-13")


def test_time_britain_is_not_the_calendar_of_a_nineteenth_century_russian_text() -> None:
    text = ("London and English papers reported it; London, London, England. In St. Petersburg, Russia, on 1 March 1881 "
            "the Tsar was killed.")
    doc = find_timexes(make_doc(text, genre="primary"))
    assert "Britain" not in (doc.calendar_reason or "")


def test_time_weekday_written_with_a_date_decides_the_calendar() -> None:
    # 9 January 1905 was a Sunday in the Julian calendar (22 January N.S.), a Friday in the Gregorian
    doc = find_timexes(make_doc("In St. Petersburg on Sunday, 9 January 1905, the workers marched.", genre="secondary"))
    assert doc.calendar == "julian"
    assert "weekday" in doc.calendar_reason


def test_time_text_in_russian_before_the_switch_is_julian() -> None:
    doc = find_timexes(make_doc("Манифест 19 февраля 1861 г. объявлен в Москве и Петербурге.", place="Russia"))
    assert doc.calendar == "julian"
    assert [(t.julian, t.gregorian) for t in doc.timexes] == [("1861-02-19", "1861-03-03")]


@pytest.mark.parametrize("text,julian,gregorian", [
    ("The king was executed on 30 January 1648/9 at Whitehall.", "1649-01-30", "1649-02-09"),
    ("The paper is dated Feb. 11, 1731/2.", "1732-02-11", "1732-02-22"),
])
def test_time_dual_years_are_julian_with_the_historical_year(text: str, julian: str, gregorian: str) -> None:
    doc = find_timexes(make_doc(text))
    t = doc.timexes[0]
    assert (t.calendar, t.julian, t.gregorian) == ("julian", julian, gregorian)


@pytest.mark.parametrize("value,gregorian,julian", [
    ("1712-02-30", "1712-03-11", "1712-02-29"), ("1700-03-01", "1700-03-11", "1700-02-29"),
    ("1708-06-28", "1708-07-08", "1708-06-27"), ("1713-01-01", None, None),
])
def test_time_swedish_calendar_runs_a_day_ahead_of_the_julian(value: str, gregorian: str | None, julian: str | None) -> None:
    pair = calendars.swedish_values(value)
    assert pair == ((gregorian, julian) if gregorian else None)


def test_time_swedish_place_reads_its_1700_1712_dates_in_the_swedish_calendar() -> None:
    text = "Stockholm, 2 March 1712\n\nThe Council met in Stockholm on 30 February 1712, a day that only Sweden had."
    doc = find_timexes(make_doc(text, place="Stockholm", genre="primary"))
    leap = next(t for t in doc.timexes if t.text.startswith("30 February"))
    assert (leap.calendar, leap.julian, leap.gregorian) == ("swedish", "1712-02-29", "1712-03-11")


@pytest.mark.parametrize("value,calendar,real", [
    ("1917-02-30", "gregorian", False), ("1917-02-31", "julian", False), ("1900-02-29", "julian", True),
    ("1900-02-29", "gregorian", False), ("2000-02-29", "gregorian", True), ("1712-02-30", "swedish", True),
    ("1712-02-30", "julian", False), ("1917-13", "gregorian", False), ("1917", "gregorian", True), ("P3D", "julian", True),
])
def test_time_is_real_date(value: str, calendar: str, real: bool) -> None:
    assert calendars.is_real_date(value, calendar) is real


@pytest.mark.parametrize("text", ["31/02/1917", "1917-02-30", "30 February 1917", "December 1e308", "Feb. 31, 1905"])
def test_time_impossible_dates_give_no_day(text: str) -> None:
    assert not [t for t in tag(text) if re.match(r"^\d{4}-\d{2}-\d{2}", t.value)]


def test_time_julian_leap_day_of_1900_is_kept_in_a_julian_document() -> None:
    text = "Written: 29 February 1900\nSource: Archive, Moscow\n\nThe council met in Moscow on 29 February 1900."
    doc = find_timexes(make_doc(text, place="Moscow"))
    assert doc.calendar == "julian"
    assert [(t.julian, t.gregorian) for t in doc.timexes][-1] == ("1900-02-29", "1900-03-13")


_DAY_VALUE = re.compile(r"^(BC)?\d{4}-\d{2}(?:-\d{2})?")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["29", "30", "31", "0", "00", "1e308", "February", "Feb.", "Sept.", "1900", "1917", "1712",
                                 "/", "-", ".", "(", ")", "O.S.", "02", "13", "II", "1917-02-30", "31/02/1917", " ",
                                 "февраля", "г.", "1688/9", "Martii", "99999999999"]), max_size=14),
       st.sampled_from([None, "Russia", "England", "Sweden"]))
def test_time_every_value_is_a_real_date_in_its_calendar(words: list[str], place: str | None) -> None:
    text = " ".join(words)
    for t in tag(text):
        if _DAY_VALUE.match(t.value):
            assert calendars.is_real_date(t.value, "gregorian"), (text, t)
    for t in find_timexes(make_doc(text, place=place)).timexes:
        assert text[t.start:t.end] == t.text
        if t.calendar in ("julian", "gregorian") and _DAY_VALUE.match(t.value):
            assert calendars.is_real_date(t.value, t.calendar), (text, t)
        if t.gregorian and _DAY_VALUE.match(t.gregorian):
            assert calendars.is_real_date(t.gregorian, "gregorian"), (text, t)


def test_time_a_passage_marked_old_style_reads_its_unmarked_dates_old_style() -> None:
    text = ("The squadron left Kronstadt on 14 June 1854 and was seen off Reval on 20 June 1854.\n\n"
            "In the Russian reckoning it sailed on 2 June 1854 (O.S.), and came back to Kronstadt on 30 June 1854.")
    doc = find_timexes(make_doc(text, place="Russia", genre="secondary"))
    by_text = {t.text: t for t in doc.timexes}
    assert by_text["14 June 1854"].gregorian == "1854-06-14"
    assert (by_text["30 June 1854"].calendar, by_text["30 June 1854"].gregorian) == ("julian", "1854-07-12")


def test_time_modern_history_of_england_keeps_old_style_days_without_shifting_the_year() -> None:
    text = "Charles I was tried in Westminster Hall and executed at Whitehall in London on 30 January 1649."
    doc = find_timexes(make_doc(text, genre="secondary"))
    assert doc.calendar == "julian"
    assert [(t.julian, t.gregorian) for t in doc.timexes] == [("1649-01-30", "1649-02-09")]


def test_time_a_date_marked_swedish_is_read_in_the_swedish_calendar() -> None:
    doc = find_timexes(make_doc("The ship left Karlskrona on 9 May 1705 (Swedish calendar) for the Baltic.", genre="secondary"))
    t = doc.timexes[0]
    assert (t.calendar, t.julian, t.gregorian) == ("swedish", "1705-05-08", "1705-05-19")


def test_time_a_document_writing_dual_years_counts_its_other_early_dates_from_lady_day() -> None:
    text = ("The Convention met at Westminster on 22 January 1688/9. The Declaration of Right was read to them "
            "on 13 February 1688, and the coronation followed on 11 April 1689.")
    doc = find_timexes(make_doc(text, genre="primary"))
    by_text = {t.text: (t.julian, t.gregorian) for t in doc.timexes}
    assert by_text["22 January 1688/9"] == ("1689-01-22", "1689-02-01")
    assert by_text["13 February 1688"] == ("1689-02-13", "1689-02-23")
    assert by_text["11 April 1689"] == ("1689-04-11", "1689-04-21")
