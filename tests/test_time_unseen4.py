"""Tests of the time stage on unseen-source forms (issue 10, fourth round): dotted month forms of
chronologies, month headings and range ends, bare-month ranges, calendar evidence of double dates
and marks, old spellings, fractions, winters, a dated document's "now", coordinated years in other
languages and the calendar a relative day inherits from the date it counts from.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

import pytest

from fontes.model import Citation, Document, DualDate, Timex
from fontes.time import find_timexes, tag


def analysed(text: str, *, genre: str | None = "secondary", place: str | None = None,
             written: str | None = None) -> Document:
    doc = Document(id="t", path="t.txt", text=text, genre=genre, place=place)
    if written:
        doc.citation = Citation(date=DualDate(gregorian=None, as_written=written))
    return find_timexes(doc)


def by_text(doc: Document) -> dict[str, Timex]:
    return {t.text: t for t in doc.timexes}


def values(text: str, dct: str | None = None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct=dct)]


# --- grammar: forms of chronologies and tables ---------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("==May.05 > The corps lands at the bay.", ("May.05", "1904-05-05")),
    ("The siege lasted to Jan.1905 in all.", ("Jan.1905", "1905-01")),
    ("Entry of Sept.8, 1905: the fleet sails.", ("Sept.8, 1905", "1905-09-08")),
])
def test_time_unseen4_month_joined_to_its_day_or_year_by_a_full_stop(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text, dct="1904-06-01")


@pytest.mark.parametrize("text,expected", [
    ("The corps lands [530.AM] at the bay.", ("530.AM", "1904-06-01T05:30")),
    ("The governor leaves [1100.AM] by train.", ("1100.AM", "1904-06-01T11:00")),
    ("The bridge opens at 1230 PM sharp.", ("1230 PM", "1904-06-01T12:30")),
])
def test_time_unseen4_hour_and_minutes_run_together_before_am_pm(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text, dct="1904-06-01")


def test_time_unseen4_a_four_digit_year_before_am_is_no_clock_time() -> None:
    assert not [v for _, v in values("Im Jahr 1917 am Ufer.") if "T" in v]


def test_time_unseen4_bare_month_to_a_month_of_a_year_is_one_range() -> None:
    assert ("May to December 1904", "1904-05/1904-12") in values("The fighting, May to December 1904, went on.")
    # the first month after the second runs into the year before
    assert ("from November to February 1855", "1854-11/1855-02") in values("The siege lasted from November to February 1855.")


def test_time_unseen4_a_relative_day_is_no_end_of_a_range() -> None:
    found = values("Until 17 March 1753, then jumping the next day to 1 April 1753.")
    assert ("the next day", "1753-03-18") in found
    assert ("1 April 1753", "1753-04-01") in found


@pytest.mark.parametrize("text,expected", [
    ("I went out to-day with my wife.", ("to-day", "1666-09-02")),
    ("We shall go to-morrow by water.", ("to-morrow", "1666-09-03")),
    ("The fire burned all to-night.", ("to-night", "1666-09-02TNI")),
])
def test_time_unseen4_older_english_hyphenates_today_tonight_tomorrow(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text, dct="1666-09-02")


def test_time_unseen4_the_first_months_of_a_year_are_that_year_not_a_length() -> None:
    found = values("The diary covers the first months of 1663 only.")
    assert ("1663", "1663") in found
    assert not [v for _, v in found if v.startswith("P")]
    assert ("the first months", "PXM") in values("For the first months he waited.")


@pytest.mark.parametrize("text,expected", [
    ("He flew for 33 1/2 hours without rest.", ("33 1/2 hours", "PT33.5H")),
    ("After 2 1/2 years the canal was done.", ("2 1/2 years", "P2.5Y")),
    ("The march took two and a half days.", ("two and a half days", "P2.5D")),
])
def test_time_unseen4_a_half_after_a_number_is_a_decimal_of_the_unit(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text)


@pytest.mark.parametrize("text,expected", [
    ("In September 1708 the army turned south. Before winter it halted.", ("winter", "1708-WI")),
    ("In March 1881 the minister fell. During the winter he had been ill.", ("the winter", "1880-WI")),
    ("In December 1917 the front was quiet. The winter was hard.", ("The winter", "1917-WI")),
])
def test_time_unseen4_a_winter_is_named_by_the_year_it_begins_in(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text)


@pytest.mark.parametrize("text,first", [
    ("с 25 октября по 7 ноября 1917 г. шли бои", ("25 октября", "1917-10-25")),
    ("vom 25. Oktober bis 7. November 1917 dauerte es", ("25. Oktober", "1917-10-25")),
    ("du 3 au 5 mars 1905 la grève dura", None),
])
def test_time_unseen4_the_year_after_a_second_date_is_the_first_ones_in_other_languages(text: str, first) -> None:
    found = values(text)
    if first is not None:
        assert first in found
    assert not [v for _, v in found if v.startswith("XXXX")]


# --- double dates and marks ----------------------------------------------------------------------

@pytest.mark.parametrize("text,value,anchor", [
    ("On 13 March 1881 N.S. (1 March O.S.) the minister died.", "1881-03-13", "double:G:1881-03-01"),
    ("On 1 March 1881 O.S. (13 March N.S.) the minister died.", "1881-03-01", "double:J:1881-03-13"),
])
def test_time_unseen4_a_marked_date_glossed_in_brackets_is_one_double_date(text: str, value: str, anchor: str) -> None:
    found = tag(text)
    assert len(found) == 1
    assert (found[0].value, found[0].anchor) == (value, anchor)


def test_time_unseen4_a_mark_between_day_and_year_belongs_to_the_date() -> None:
    doc = analysed("The first stone of the fort at Velikoye, in Russia, was laid on May 27 N. S., 1703, by the tsar.")
    stone = by_text(doc)["May 27 N. S., 1703"]
    assert (stone.gregorian, stone.julian, stone.calendar) == ("1703-05-27", "1703-05-16", "gregorian")


CHRONOLOGY_PAIRS = """Chronology
1814: After the peace signed at Paris on 30 May, the congress meets in Vienna.
1821, 22 February/6 March: The rising begins at Iasi in Moldavia, in the Ottoman Empire.
1821, 14/26 March: The bishop raises the flag in the Morea, in the Ottoman Empire.
"""

NARRATIVE_GLOSSES = """The battle of Krasnaya Gorka
The battle was fought on July 27 (August 7), 1714 near Krasnaya Gorka in Russia.
At the end of June 1714 the Russian fleet gathered at the mouth of the river, in Russia.
"""


def test_time_unseen4_slash_pairs_do_not_make_the_single_dates_old_style() -> None:
    doc = analysed(CHRONOLOGY_PAIRS)
    assert by_text(doc)["30 May"].gregorian == "1814-05-30"


def test_time_unseen4_a_gloss_in_brackets_makes_the_unmarked_dates_follow_the_first_calendar() -> None:
    doc = analysed(NARRATIVE_GLOSSES)
    june = next(t for t in doc.timexes if "June 1714" in t.text)
    assert june.calendar == "julian"
    assert june.gregorian == "1714-06-12/1714-07-11"  # June O.S. in N.S.; "the end" is the mod END
    assert june.mod == "END"


# --- anchoring ----------------------------------------------------------------------------------

TIMELINE = """The campaign, May to December 1904
MAY 1904
==May.05 > The corps lands at the bay - the campaign at the port to Jan.1905
==May.06 > The corps takes the ford
==May.10 > The last train leaves the port
"""


def test_time_unseen4_a_month_heading_opens_its_month_and_a_range_end_does_not_move_the_story() -> None:
    doc = analysed(TIMELINE)
    days = [t.value for t in doc.timexes if t.text.startswith("May.")]
    assert days == ["1904-05-05", "1904-05-06", "1904-05-10"]
    assert by_text(doc)["Jan.1905"].value == "1905-01"


def test_time_unseen4_a_day_named_as_an_end_still_moves_the_story() -> None:
    found = values("In May 1753 the reform was voted, to hold until 17 February 1753. The next day it began.")
    assert ("The next day", "1753-02-18") in found


DECREE = """Proclamation on the new year

Proclamation of the Council, December 20, 1699

The Council ordered that it be said: years are now counted from the first day of January,
and next January the new year will begin.
"""


def test_time_unseen4_now_in_a_dated_decree_is_its_day_of_writing() -> None:
    doc = analysed(DECREE, genre="primary", place="England")
    now = by_text(doc)["now"]
    assert now.julian == "1699-12-20" or now.gregorian == "1699-12-20"


def test_time_unseen4_now_in_a_history_stays_the_narrative_time() -> None:
    doc = analysed("In 1861 the reform was signed in Russia on 19 February. Now the peasants waited.",
                   genre="secondary")
    assert by_text(doc)["Now"].value == "PRESENT_REF"


# --- the calendar of one relative expression ----------------------------------------------------

def test_time_unseen4_a_relative_day_inherits_the_calendar_of_the_marked_date_it_counts_from() -> None:
    text = ("The squadron of Admiral Ostrov left the port of Libau in Russia on 2 May 1904. "
            "It reached the cape on 12 May 1904 (O.S.). The next day it anchored off the island.")
    doc = analysed(text)
    marked = by_text(doc)["12 May 1904"]
    assert marked.calendar == "julian" and marked.gregorian == "1904-05-25"
    nxt = by_text(doc)["The next day"]
    assert (nxt.calendar, nxt.julian, nxt.gregorian) == ("julian", "1904-05-13", "1904-05-26")


ON_THIS_DAY = """On this day: the empire in a click

12 June

On June 12, 1863, Tsar Ivan of Rostova signed the Charter of the Guilds in Russia, weeks after the rising at Velikoye.
"""


def test_time_unseen4_one_day_written_twice_takes_the_calendar_its_other_writing_shows() -> None:
    doc = analysed(ON_THIS_DAY.replace("June 12, 1863,", "June 12, 1863 (O.S.),"))
    days = [t for t in doc.timexes if t.value.endswith("-06-12")]
    assert {"12 June", "June 12, 1863"} <= {t.text for t in days}
    assert {t.calendar for t in days} == {"julian"}
    assert {t.gregorian for t in days} == {"1863-06-24"}


def test_time_unseen4_a_day_with_no_evidence_of_its_own_keeps_the_documents_calendar() -> None:
    doc = analysed(ON_THIS_DAY)
    assert {t.calendar for t in doc.timexes if t.value.endswith("-06-12")} == {doc.calendar if doc.calendar != "mixed" else "gregorian"}


@pytest.mark.parametrize("text,expected", [
    ("On 22 January 1885 the guards fired. The day that became known as the black day saw many killed.",
     ("The day", "1885-01-22")),
    ("On 19 February 1861 the charter was read. That memorable day was cold.", ("That memorable day", "1861-02-19")),
    ("The bridge opened on 27 May 1937. The day it was finished the engineer spoke.", ("The day", "1937-05-27")),
])
def test_time_unseen4_the_day_of_a_relative_clause_is_the_narratives_day(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text)


def test_time_unseen4_the_day_as_a_subject_is_no_time_expression() -> None:
    assert values("The day was cold and the night colder.") == []


LETTER = ("London 19th October 1720. Sir, I am favour'd with yours by Mr. Hall and of the 29th of December by "
          "the ship, for which I thank you. This year the trade was poor.")


def test_time_unseen4_a_letter_acknowledged_was_written_before_the_letter_that_answers_it() -> None:
    found = values(LETTER)
    assert ("the 29th of December", "1719-12-29") in found
    assert ("This year", "1720") in found  # the acknowledged letter's date does not move the story
    assert ("the 12th of May", "1759-05-12") in values("London, 3 March 1760. I received your letter of the 12th of May.")


def test_time_unseen4_a_later_month_of_a_story_without_acknowledgment_stays_in_its_year() -> None:
    assert ("the 12th of May", "1760-05-12") in values("On 3 March 1760 we sailed. Of the 12th of May I remember the storm.")


def test_time_unseen4_a_month_near_a_known_happening_is_too_little_alone_to_set_the_calendar() -> None:
    doc = analysed("The defenders of Port Arthur held out through December 1904, and on 5 May 1904 the corps had landed.")
    assert doc.calendar != "julian"
    assert "known happening" not in (doc.calendar_reason or "")


def test_time_unseen4_a_day_of_a_known_happening_still_sets_the_calendar() -> None:
    doc = analysed("Port Arthur surrendered on 20 December 1904, after a siege of many months.")
    assert doc.calendar == "julian"
    assert "known happening" in (doc.calendar_reason or "")


def test_time_unseen4_a_span_of_one_year_is_that_year() -> None:
    assert ("1708 - 1708", "1708") in values("Dates of the battle: 1708 - 1708.")
    assert not [v for _, v in values("The figures 1900-1890 are misprinted.") if "/" in v]


def test_time_unseen4_at_this_time_is_the_narratives_time_in_scope() -> None:
    found = values("On 26 September 1708 the army crossed. At this time the king waited, and at that point he turned.")
    assert ("this time", "1708-09-26") in found
    assert ("that point", "1708-09-26") in found
    assert values("Nobody knew at that time what to do.") == []  # no date in scope: no value to give
    assert values("At the time of writing the archive was closed.") == []


def test_time_unseen4_the_present_before_a_capitalised_noun_is_a_determiner() -> None:
    found = values("The present Convention shall be ratified. We live in the present.")
    assert ("The present", "PRESENT_REF") not in found
    assert ("the present", "PRESENT_REF") in found


def test_time_unseen4_a_day_without_its_year_must_exist_in_the_narratives_year() -> None:
    doc = analysed("In Sweden, in the year 1712, the calendar had a February 30. "
                   "That day was reckoned as 29 February 1712 in Russia.", place="Sweden")
    feb30 = by_text(doc)["February 30"]
    assert (feb30.value, feb30.gregorian, feb30.julian) == ("1712-02-30", "1712-03-11", "1712-02-29")
    other = analysed("In Sweden, in the year 1713, there was no February 30 at all.", place="Sweden")
    assert "February 30" not in by_text(other)


def test_time_unseen4_a_document_of_its_time_written_in_the_country_keeps_its_calendar() -> None:
    text = "Datum Holmiae, die 3 Martii 1705. The council met again on 5 Martii in Sweden."
    primary = analysed(text, genre="primary", place="Sweden")
    assert primary.calendar == "julian"
    assert by_text(primary)["3 Martii 1705"].gregorian == "1705-03-13"  # the Swedish calendar of 1700-1712
    assert "written in Sweden" not in (analysed(text, genre="secondary", place="Sweden").calendar_reason or "")


@pytest.mark.parametrize("text,expected", [
    ("In 1703 the fort was built. About a century before, the lands had been lost.", ("About a century before", "16")),
    ("In 1703 the fort was built. Two centuries later the city was rich.", ("Two centuries later", "19")),
])
def test_time_unseen4_centuries_before_or_after_the_story_are_a_century(text: str, expected: tuple[str, str]) -> None:
    assert expected in values(text)


def test_time_unseen4_a_day_after_the_places_switch_is_labelled_new_style() -> None:
    doc = analysed("The captain sailed from London, England on 9 August 1740 (O.S.). "
                   "He died at Bath, in England, on 5 May 1760.")
    assert doc.calendar == "julian"
    died = by_text(doc)["5 May 1760"]
    assert (died.calendar, died.gregorian, died.julian) == ("gregorian", "1760-05-05", None)
    sailed = by_text(doc)["9 August 1740"]
    assert (sailed.calendar, sailed.gregorian) == ("julian", "1740-08-20")


def test_time_unseen4_the_lords_day_is_a_sunday() -> None:
    found = values("Lord's day. Up betimes, and to church with my wife.", dct="1866-09-02")  # a Sunday (N.S.)
    assert ("Lord's day", "1866-09-02") in found
    assert values("Praise the Lord, the day is come.") == []


DIARY = """September 2nd, 1666 (O.S.)

Lord's day. Some of our maids sitting up late last night, called us up about three in the morning.
On Tuesday we went by water to the Tower.
"""


def test_time_unseen4_an_old_style_diary_counts_its_weekdays_on_the_julian_calendar() -> None:
    doc = analysed(DIARY, genre="primary", place="England")
    assert doc.calendar == "julian"
    sunday = by_text(doc)["Lord's day"]
    assert (sunday.julian, sunday.gregorian) == ("1666-09-02", "1666-09-12")  # 2 September 1666 O.S. was a Sunday
    tuesday = next(t for t in doc.timexes if t.text.endswith("Tuesday"))
    assert tuesday.julian in ("1666-08-28", "1666-09-04")  # a Tuesday of the Julian calendar, either side


def test_time_unseen4_a_new_style_text_counts_its_weekdays_on_the_gregorian_calendar() -> None:
    doc = analysed("Dated 12 September 1866.\n\nOn Tuesday we went by water to the Tower.", genre="primary", place="England")
    tuesday = next(t for t in doc.timexes if t.text.endswith("Tuesday"))
    assert tuesday.value in ("1866-09-11", "1866-09-18")
