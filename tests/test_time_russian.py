"""Tests of the time stage on Russian texts and on the date forms of issue 10 (double dates, marks,
the narrative's year), each a general rule, not one document's sentence."""

from __future__ import annotations

import pytest

from fontes.model import Document
from fontes.time import find_timexes, tag


def dated(text: str, place: str | None = None) -> dict[str, tuple[str | None, str | None]]:
    doc = find_timexes(Document(id="t", path="t.txt", text=text, genre="secondary", place=place))
    return {t.text: (t.gregorian, t.julian) for t in doc.timexes}


@pytest.mark.parametrize("text,span,julian,gregorian", [
    # a Russian year word before the gloss does not end the sentence, so the gloss stays with its date
    ("Пугачёва казнили 10 января 1775 г. (21 января по новому стилю) на площади.",
     "10 января 1775 г. (21 января по новому стилю)", "1775-01-10", "1775-01-21"),
    ("Восстание началось 2 августа (20 июля по ст. ст.) 1903 г.", "2 августа (20 июля по ст. ст.) 1903 г.",
     "1903-07-20", "1903-08-02"),
    ("He was killed on the 10th (21st) of July, 1774.", "the 10th (21st) of July, 1774", "1774-07-10", "1774-07-21"),
    ("He was killed on the 11th/23rd of March 1801.", "the 11th/23rd of March 1801", "1801-03-11", "1801-03-23"),
])
def test_time_double_dates_in_more_forms(text: str, span: str, julian: str, gregorian: str) -> None:
    assert dated(text)[span] == (gregorian, julian)


def test_time_a_russian_text_that_names_no_place_dates_russias_events_old_style() -> None:
    found = dated("Указ от 19 февраля 1861 г. освободил крестьян от крепостной зависимости.")
    assert found["19 февраля 1861 г."] == ("1861-03-03", "1861-02-19")


def test_time_a_bulgarian_text_is_not_taken_for_a_russian_one() -> None:
    doc = find_timexes(Document(id="t", path="t.txt", genre="secondary",
                                text="На 22 септември 1908 г. в Търново княз Фердинанд обяви независимостта."))
    assert "Russia" not in doc.calendar_reason


def test_time_russian_relative_days_count_from_the_narratives_day() -> None:
    found = dated("В России 17 декабря 1916 года было найдено тело. На следующий день об этом узнали все. "
                  "В тот же день началось следствие. Через два дня тело похоронили.")
    assert found["На следующий день"][1] == "1916-12-18"
    assert found["В тот же день"][1] == "1916-12-18"
    assert found["Через два дня"][1] == "1916-12-20"


@pytest.mark.parametrize("text,span,value,mod", [
    ("В России в конце 1773 г. началась осада.", "в конце 1773 г.", "1773", "END"),
    ("В начале 1774 года войска подошли к Казани.", "В начале 1774 года", "1774", "START"),
    ("В XVIII веке Россия росла.", "В XVIII веке", "17", None),
    ("Восстание длилось с 1773 по 1775 год.", "с 1773 по 1775 год", "1773/1775", None),
])
def test_time_russian_phases_centuries_and_spans(text: str, span: str, value: str, mod: str | None) -> None:
    found = {t.text: (t.value, t.mod) for t in tag(text)}
    assert found[span] == (value, mod)


def test_time_a_later_month_after_a_season_falls_in_the_next_year() -> None:
    found = {t.text: t.value for t in tag("In the autumn of 1855 the war stalled. On 13 February the congress opened.")}
    assert found["13 February"] == "1856-02-13"


def test_time_a_mark_in_brackets_keeps_the_year_after_it() -> None:
    found = dated("Paul I of Russia died on March 11 (Old Style), 1801, in St. Petersburg.")
    assert found["March 11 (Old Style), 1801"] == ("1801-03-23", "1801-03-11")


def test_time_the_night_of_two_days_keeps_the_month_it_writes() -> None:
    assert [t.value for t in tag("In 1916, on the night of 16/17 December, he was killed.") if "/" in t.text] == ["1916-12-16"]


def test_time_this_day_of_a_treaty_is_the_day_it_is_done() -> None:
    text = ("Art. IV. The present Convention, annexed to the General Treaty signed at Paris this day, shall be ratified.\n\n"
            "Done at Paris, the thirtieth day of the month of March, in the year one thousand eight hundred and fifty-six.\n")
    doc = find_timexes(Document(id="t", path="t.txt", text=text))
    assert {t.text: t.value for t in doc.timexes}["this day"] == "1856-03-30"
