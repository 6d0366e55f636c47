"""Tests of the time stage on unseen-source forms (round 12): classes of text, not sentences of the
corpus. "The same day" after "yesterday" is the day "yesterday" named; an age at an act ("at age
10") is a length of years, and the act's year counts from the birth the text gave; month names of
the eighteenth-century Russian, early-modern Latin and of more European languages (dateparser's
locale data); "mensis ... anno" and an unbracketed O.S. mark before the year; both days of a double
date written as ordinals with a slash.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

import pytest

from fontes.events.dating import _age_year
from fontes.model import Document, Timex
from fontes.time import lexicon, tag


def values(text: str, dct: str | None = None) -> dict[str, str]:
    return {t.text: t.value for t in tag(text, dct=dct)}


# --- "the same day" on the last day the narrative named ---------------------------------------------

def test_time_unseen12_same_day_after_yesterday_is_yesterday() -> None:
    found = values("VARNO, Oct. 8, 1861. The envoy left to-day. The rebels yesterday stormed the fort at "
                   "Kelm. The same day a column crossed the river.")
    assert found["yesterday"] == "1861-10-07"
    assert found["The same day"] == "1861-10-07"


def test_time_unseen12_same_day_after_a_date_is_that_date() -> None:
    found = values("The rebels yesterday stormed the fort, 8 October 1861. On 12 October 1861 the column "
                   "marched. The same day it crossed the river.")
    assert found["The same day"] == "1861-10-12"


def test_time_unseen12_next_day_still_counts_from_the_narrative_date() -> None:
    found = values("VARNO, Oct. 8, 1861. The rebels yesterday stormed the fort. The next day a column crossed.")
    assert found["The next day"] == "1861-10-09"


# --- an age at an act -----------------------------------------------------------------------------

def test_time_unseen12_age_is_a_length_of_years() -> None:
    assert values("Anselm was crowned at age 12.") == {"age 12": "P12Y"}
    assert values("She died at the age\n    of eighty-one.") == {"the age\n    of eighty-one": "P81Y"}


def test_time_unseen12_age_without_a_number_is_no_time() -> None:
    assert values("It was the age of reason, and at the age when men marry.") == {}


def _doc(text: str) -> Document:
    doc = Document(id="t", path="t.txt", text=text)
    doc.timexes = tag(text)
    return doc


def test_time_unseen12_act_at_an_age_is_dated_from_the_birth() -> None:
    text = "Anselm was born at Varno on 3 May 1590. He was crowned at age 12, under a regent."
    doc = _doc(text)
    when = _age_year(doc, text.index("He was"), len(text))
    assert when is not None and when.gregorian == "1602"


def test_time_unseen12_act_at_an_age_without_a_birth_is_undated() -> None:
    text = "The council met on 3 May 1590. Anselm was crowned at age 12."
    doc = _doc(text)
    assert _age_year(doc, text.index("Anselm"), len(text)) is None


def test_time_unseen12_age_value_is_read_from_the_timex() -> None:
    doc = Document(id="t", path="t.txt", text="born in 1700; at age 5 he left")
    doc.timexes = [Timex(start=8, end=12, text="1700", type="DATE", value="1700"),
                   Timex(start=17, end=22, text="age 5", type="DURATION", value="P5Y")]
    when = _age_year(doc, 14, len(doc.text))
    assert when is not None and when.gregorian == "1705"


# --- month names --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("Писано въ Тулѣ 3 Генваря 1812 года.", "1812-01-03"),
    ("Дано 5 Маія 1790 года.", "1790-05-05"),
    ("Ѳевраля 9 1780 года", "1780-02-09"),
    ("den 15 Junij 1709", "1709-06-15"),
    ("Datum die 24 mensis Februarii anno 1582.", "1582-02-24"),
    ("Dáno dne 5. května 1881.", "1881-05-05"),
    ("Pisano dnia 5 maja 1881 roku.", "1881-05-05"),
    ("Escrito em 5 de maio de 1881.", "1881-05-05"),
    ("On the 10th of June, O.S., 1812 the envoy left.", "1812-06-10"),
])
def test_time_unseen12_month_names_and_forms(text: str, value: str) -> None:
    dated = [t.value for t in tag(text) if t.type == "DATE" and len(t.value) == 10]
    assert dated == [value]


def test_time_unseen12_generated_lexicon_names_one_month_per_form() -> None:
    forms = lexicon.month_forms()  # raises when two lexicons give one form for two months
    intl = {f.surface.lower(): f.month for f in forms if f.language == "intl"}
    assert intl["května"] == 5 and intl["października"] == 10 and intl["вересня"] == 9
    assert "listopad" not in intl  # Croatian October, Czech and Polish November
    assert "augustus" not in intl  # a Roman name


def test_time_unseen12_generated_lexicon_is_current() -> None:
    pytest.importorskip("dateparser")
    from fontes.time import lexicon_import

    generated = lexicon_import.collect()
    assert generated["května"] == 5 and "heinä" not in generated  # an abbreviation of heinäkuu


# --- double dates as two ordinals ---------------------------------------------------------------------

def test_time_unseen12_ordinals_with_a_slash_are_one_double_date() -> None:
    found = [(t.text, t.value, t.anchor) for t in tag("In March 1881 the court moved. On the 1st/13th it sat.")]
    assert ("the 1st/13th", "1881-03-01", "double:J:1881-03-13") in found


def test_time_unseen12_ordinals_with_a_slash_before_a_noun_are_no_date() -> None:
    assert tag("The 3rd/4th Battalion and the 3rd/4th regiments marched.") == []


# --- a day without its year on a known happening's day ----------------------------------------------

def test_time_unseen12_day_of_a_named_happening_takes_its_year_and_calendar() -> None:
    from fontes.time import anchors

    text = "The calendar changed in 1918 and 1919 as well. The October Revolution thus fell on 7 November."
    timexes = tag(text)
    changed = anchors.happening_years(text, timexes)
    day = next(t for t in timexes if t.text == "7 November")
    assert day.value == "1917-11-07"
    assert [(t.text, calendar) for t, calendar, _ in changed] == [("7 November", "gregorian")]


def test_time_unseen12_day_in_a_sentence_with_a_year_keeps_it() -> None:
    from fontes.time import anchors

    text = "In 1925 the October Revolution was marked on 7 November with parades."
    timexes = tag(text)
    assert anchors.happening_years(text, timexes) == []
    assert next(t for t in timexes if t.text == "7 November").value == "1925-11-07"


def test_time_unseen12_anniversary_of_a_happening_keeps_the_narrative_year() -> None:
    from fontes.time import anchors

    text = "The town grew quickly after 1925. On 7 November, the anniversary of the October Revolution, crowds met."
    timexes = tag(text)
    assert anchors.happening_years(text, timexes) == []
