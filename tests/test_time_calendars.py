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


@pytest.mark.parametrize("text,first,second", [
    ("Most Italian states 4 October 1582 15 October 1582", ("1582-10-04", "1582-10-14"), ("1582-10-15", "1582-10-05")),
    ("In Savoy 21 December 1582 was followed by 1 January 1583.", ("1582-12-21", "1582-12-31"),
     ("1583-01-01", "1582-12-22")),
    ("Russia: 31 January 1918 was followed by 14 February 1918.", ("1918-01-31", "1918-02-13"),
     ("1918-02-14", "1918-02-01")),
])
def test_time_the_last_julian_and_first_gregorian_day_of_a_reform_each_keep_their_calendar(
        text: str, first: tuple[str, str], second: tuple[str, str]) -> None:
    doc = find_timexes(make_doc(text, genre="secondary"))
    days = [(t.value, t.gregorian, t.julian, t.calendar) for t in doc.timexes if len(t.value) == 10]
    assert days == [(first[0], first[1], first[0], "julian"), (second[0], second[0], second[1], "gregorian")]


def test_time_two_dates_eleven_days_apart_in_a_range_are_no_reform() -> None:
    doc = find_timexes(make_doc("The talks ran from 4 October 1582 to 15 October 1582 in Rome.", genre="secondary"))
    assert [t.value for t in doc.timexes] == ["1582-10-04/1582-10-15"]


def test_time_weekdays_holding_with_the_year_as_written_count_years_from_january() -> None:
    text = "King Charles was tried on Saturday 27 January 1649 and beheaded on Tuesday, 30 January 1649 in London."
    doc = find_timexes(make_doc(text, genre="secondary"))
    assert doc.calendar == "julian"
    assert [t.gregorian for t in doc.timexes] == ["1649-02-06", "1649-02-09"]


def test_time_modern_history_of_muscovite_russia_keeps_old_style_days() -> None:
    text = ("The Streltsy uprising of 1698 shook Moscow while Peter was in Europe. In March 1698, 175 Streltsy fled to "
            "Moscow. On 6 June they removed their officers; on 18 June they were defeated near the New Jerusalem "
            "Monastery in Russia.")
    doc = find_timexes(make_doc(text, genre="secondary"))
    assert doc.calendar == "julian"
    found = {t.text: t.gregorian for t in doc.timexes}
    assert found["6 June"] == "1698-06-16" and found["March 1698"] == "1698-03-11/1698-04-10"


def test_time_a_julian_season_is_the_days_it_covers() -> None:
    text = "In the spring of 1699 Peter I of Russia was in Moscow; on 19 December 1699 he signed the decree."
    doc = find_timexes(make_doc(text, genre="secondary"))
    assert [t.gregorian for t in doc.timexes] == ["1699-03-11/1699-06-10", "1699-12-29"]


@pytest.mark.parametrize("text,expected", [
    ("November 21st of our Calendar is the same as November 11th of the Old Style Calendar, in 1620 in England.",
     [("November 21st", "1620-11-21"), ("November 11th", "1620-11-21"), ("1620", "1620")]),
    ("His body was found on 1 January [O.S. 19 December] 1917 in Petrograd, Russia.",
     [("1 January [O.S. 19 December] 1917", "1917-01-01")]),
])
def test_time_marks_and_glosses_in_prose_and_across_the_new_year(text: str, expected: list[tuple[str, str]]) -> None:
    doc = find_timexes(make_doc(text, genre="secondary"))
    assert [(t.text, t.gregorian) for t in doc.timexes] == expected


@pytest.mark.parametrize("text", ["The October Manifesto was issued on 30 October 1905 in Russia.",
                                  "After Bloody Sunday, on 30 October 1905, the Tsar gave way in Russia."])
def test_time_a_month_or_weekday_in_an_events_name_is_no_date(text: str) -> None:
    doc = find_timexes(make_doc(text, genre="secondary"))
    assert [t.text for t in doc.timexes] == ["30 October 1905"]


def test_time_a_year_from_the_creation_of_the_world_is_a_julian_september_year() -> None:
    text = "In Russia the year 7208 began on September 1; the New Year 7208 was kept in Moscow in 1699."
    found = {t.text: (t.gregorian, t.julian) for t in find_timexes(make_doc(text, genre="secondary")).timexes}
    assert found["the year 7208"] == ("1699-09-11/1700-09-11", "1699-09-01/1700-08-31")
    assert found["the New Year 7208"] == ("1699-09-11", "1699-09-01")


def test_time_weekday_of_a_lady_day_year_votes_julian() -> None:
    # "Tuesday, 30 January 1648": a Tuesday in the Julian calendar once the civil year (begun on
    # 25 March) is counted from 1 January, i.e. 30 January 1649 O.S.
    text = "Tuesday, 30 January 1648, the King was brought to Whitehall."
    doc = make_doc(text, place="London", genre="secondary")
    votes = calendars._weekday_votes(doc, tag(text), calendars.countries()["Great Britain"])
    assert votes["julian"] == 1 and votes["gregorian"] == 0


def test_time_weekday_votes_skip_double_dates() -> None:
    text = "On Sunday, 9 (22) January 1905 the workers marched."
    doc = make_doc(text, place="Russia")
    votes = calendars._weekday_votes(doc, tag(text), calendars.countries()["Russia"])
    assert votes == {"julian": 0, "gregorian": 0}
