"""Tests of the time stage on unseen-source forms (round 10): classes of text, not sentences of the
corpus. A clock time or a part of the day joined to its day ("yesterday, at 2.30 p.m.", "about 6
in the evening", "the middle of the afternoon on July 3, 1870"); a span between two counts ("2 to 6
days" is no one count, "eight or nine days" about nine); two days of one month written before it
("the 20th or 27th of December"); a record's timestamp with its zone; a year cut to two digits
after an apostrophe, day and month with spaced full stops, a Roman day before a Latin month, Greek
month names; a letter whose date line says its calendar, and its December written in January; a
text that writes no year takes the one of its file name.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes import clean, metadata
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.time import find_timexes, tag


def stage(text: str, genre: str | None = None, path: str = "t.txt") -> Document:
    """The time stage as the pipeline runs it: after chrome removal and metadata (zones, DCT)."""
    doc = Document(id="t", path=path, text=text)
    doc = metadata.extract_metadata(clean.clean(doc, DEFAULTS), DEFAULTS)
    doc.genre = genre or doc.genre
    return find_timexes(doc, DEFAULTS)


def values(text: str, dct: str | None = None) -> dict[str, str]:
    return {t.text: t.value for t in tag(text, dct=dct)}


# --- a clock time or a part of the day on its day ------------------------------------------------

def test_time_unseen10_clock_time_on_a_deictic_day() -> None:
    found = values("Sir: On yesterday, at 4.15 p.m., I received the consul's cable.", dct="1874-06-10")
    assert found == {"yesterday, at 4.15 p.m.": "1874-06-09T16:15"}


def test_time_unseen10_clock_time_on_the_next_day() -> None:
    found = values("The boats left Marden on 3 May 1790. The next day at 5 a.m. they reached the bar.")
    assert found.get("The next day at 5 a.m.") == "1790-05-04T05:00"


def test_time_unseen10_old_hyphenated_today_keeps_its_day() -> None:
    assert values("I went to-day at 11 a.m. to the mill.", dct="1850-02-02") == {"to-day at 11 a.m.": "1850-02-02T11:00"}


def test_time_unseen10_hour_in_figures_with_part_of_day() -> None:
    assert values("Ye child died about 6 in ye evening.", dct="1702-03-04") == {"6 in ye evening": "1702-03-04T18:00"}
    assert values("He came at 9 in the morning.", dct="1702-03-04") == {"9 in the morning": "1702-03-04T09:00"}


def test_time_unseen10_part_of_day_on_a_date() -> None:
    found = values("The envoy left in the middle of the\nafternoon on August 2, 1866, for the coast.")
    assert found == {"the middle of the\nafternoon on August 2, 1866": "1866-08-02TAF"}


def test_time_unseen10_day_before_yesterday_without_article() -> None:
    assert values("I had your parcel day before yesterday.", dct="1840-05-10") == {"day before yesterday": "1840-05-08"}


# --- spans between two counts --------------------------------------------------------------------

def test_time_unseen10_wide_count_span_is_vague() -> None:
    found = values("The fever takes 3 to 8 days, and the harvest 40 or 44 weeks.")
    assert found == {"3 to 8 days": "PXD", "40 or 44 weeks": "PXW"}


def test_time_unseen10_neighbouring_counts_take_the_larger() -> None:
    assert values("The crossing took two or three days.") == {"two or three days": "P3D"}


def test_time_unseen10_many_a_year() -> None:
    assert values("The chapel had stood there many a year.") == {"many a year": "PXY"}


# --- two days of one month, a record's timestamp ---------------------------------------------------

def test_time_unseen10_ordinal_days_before_one_month_share_it() -> None:
    found = values("The bales were shipped on the 11th or 18th of March, 1790.")
    assert found == {"the 11th": "1790-03-11", "18th of March, 1790": "1790-03-18"}
    doc = stage("Harwick, 2 April 1790.\n\nThe bales were shipped on the 11th or 18th of March, 1790, by the brig.\n",
                genre="primary")
    assert {t.text: t.gregorian for t in doc.timexes}.get("the 11th or 18th of March, 1790") == "1790-03-11/1790-03-18"


def test_time_unseen10_timestamp_keeps_its_zone_in_the_span() -> None:
    assert values("dateSubmitted 2019-08-01T09:12:44+02:00") == {"2019-08-01T09:12:44+02:00": "2019-08-01T09:12:44"}
    assert values("date: 2021-02-03T10:00:01.120Z") == {"2021-02-03T10:00:01.120Z": "2021-02-03T10:00:01"}


# --- written forms of a date ---------------------------------------------------------------------

def test_time_unseen10_apostrophe_year() -> None:
    assert values("Reply posted Oct 3 '19 by a reader.") == {"Oct 3 '19": "2019-10-03"}


def test_time_unseen10_spaced_numeric_date() -> None:
    assert values("Provolání (14. 7. 1866) k národu") == {"14. 7. 1866": "1866-07-14"}


def test_time_unseen10_roman_day_before_latin_month() -> None:
    assert values("Datum Lugduni, XXI Martii 1633.") == {"XXI Martii 1633": "1633-03-21"}
    assert values("Did I May go?") == {}  # an English pronoun before an English month is no day


def test_time_unseen10_greek_month_names() -> None:
    assert values("Στις 12 Ιουνίου του 1843 έφυγε.") == {"12 Ιουνίου του 1843": "1843-06-12"}


# --- letters and texts without a year --------------------------------------------------------------

_LETTER = ("Moscow. Feb. 4th (N.S.) 1840.\n\n"
           "My dear brother,\n\n"
           "Your letter of Dec. 28th reached me at last, and I answer it at once. The frost is now hard.\n")


def test_time_unseen10_letter_date_line_mark_sets_the_calendar() -> None:
    doc = stage(_LETTER, genre="primary")
    assert doc.calendar == "gregorian"
    assert "date line" in (doc.calendar_reason or "")


def test_time_unseen10_letter_december_written_in_february_is_last_year() -> None:
    found = {t.text: t.gregorian for t in stage(_LETTER, genre="primary").timexes}
    assert found.get("Dec. 28th") == "1839-12-28"


_NO_YEAR = ("The day of my flight from the prison of Kazan was fixed. July 14, Old Style, was the feast day, and "
            "we meant to use it.\n\n"
            "I went out on the 14th and waited. The next day I tried again.\n")


def test_time_unseen10_text_without_year_takes_its_file_name_year() -> None:
    doc = stage(_NO_YEAR, genre="primary", path="memoirs-flight-1861.txt")
    found = {t.text: t.gregorian for t in doc.timexes}
    assert found.get("July 14") == "1861-07-26"  # Old Style, as it is marked
    assert found.get("the 14th") == "1861-07-26"  # the same day written again, not a second unmarked date
    assert doc.calendar == "julian"


def test_time_unseen10_two_years_in_the_name_say_nothing() -> None:
    doc = stage(_NO_YEAR, genre="primary", path="memoirs-1861-1862.txt")
    assert {t.text: t.value for t in doc.timexes}.get("July 14", "").startswith("XXXX")


# --- a vague month in the other calendar (round 10, second pass) ------------------------------------

def test_time_unseen10_vague_month_converts_as_the_whole_month_with_its_mod() -> None:
    from fontes.time.conversion import convert_value
    # "late May" O.S. keeps the TIMEX3 form (the month, mod END): in N.S. it is all the days May O.S. covers
    assert convert_value("1680-05", "gregorian", mod="END") == "1680-05-11/1680-06-10"
    assert convert_value("1680-05", "gregorian", mod="START") == convert_value("1680-05", "gregorian")
    assert convert_value("1680-02", "gregorian", mod="MID") == "1680-02-11/1680-03-10"  # a leap February


_OLD_STYLE_DIARY = ("The journal of a merchant of Narvik-on-Dvina, kept in the Old Style, in Russia.\n\n"
                    "Early in May 1690 the ice broke on the river, and in late September 1690 the last boats left.\n")


def test_time_unseen10_early_and_late_month_of_an_old_style_text_cover_the_month() -> None:
    doc = stage(_OLD_STYLE_DIARY, genre="primary")
    found = {t.text: (t.gregorian, t.mod) for t in doc.timexes}
    late = next(v for k, v in found.items() if "September 1690" in k)
    assert late == ("1690-09-11/1690-10-10", "END")
