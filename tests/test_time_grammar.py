"""Tests of the time stage's grammar: double dates, glosses, month names in other languages, old forms."""

from __future__ import annotations

import pytest

from fontes.model import Document
from fontes.time import find_timexes, tag


def found(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(t.text, t.value, t.julian, t.gregorian) for t in tag(text)]


@pytest.mark.parametrize("text,span,julian,gregorian", [
    ("Sept. 30 (Oct. 13), 1917", "Sept. 30 (Oct. 13), 1917", "1917-09-30", "1917-10-13"),
    ("March 14 (1), 1917", "March 14 (1), 1917", "1917-03-01", "1917-03-14"),  # N.S. first
    ("Jan. 6 (18), 1878", "Jan. 6 (18), 1878", "1878-01-06", "1878-01-18"),
    ("3/15 March 1881", "3/15 March 1881", "1881-03-03", "1881-03-15"),
    ("12 August [24 August] 1862", "12 August [24 August] 1862", "1862-08-12", "1862-08-24"),
    ("on 25 August (O.S. 12 August) 1917", "25 August (O.S. 12 August) 1917", "1917-08-12", "1917-08-25"),
    ("1 (14) February 1918", "1 (14) February 1918", "1918-02-01", "1918-02-14"),
    ("19 February (3 March) 1861", "19 February (3 March) 1861", "1861-02-19", "1861-03-03"),
    ("30 December 1916 (12 January 1917)", "30 December 1916 (12 January 1917)", "1916-12-30", "1917-01-12"),
    ("Oct. 25/Nov. 7, 1917", "Oct. 25/Nov. 7, 1917", "1917-10-25", "1917-11-07"),
    ("On 19 February 1861 (3 March in the Gregorian calendar) the serfs were freed.",
     "19 February 1861 (3 March in the Gregorian calendar)", "1861-02-19", "1861-03-03"),
    ("In March 1917, on the 3rd (16th), the news came.", "the 3rd (16th)", "1917-03-03", "1917-03-16"),
    ("1/13 марта 1881 г.", "1/13 марта 1881 г.", "1881-03-01", "1881-03-13"),
    ("10 (23) февраля 1917", "10 (23) февраля 1917", "1917-02-10", "1917-02-23"),
    ("March 1/12, 1703", "March 1/12, 1703", "1703-03-01", "1703-03-12"),
    ("25 October [N.S. 7 November] 1917", "25 October [N.S. 7 November] 1917", "1917-10-25", "1917-11-07"),
    ("7 November 1917 [O.S. 25 October]", "7 November 1917 [O.S. 25 October]", "1917-10-25", "1917-11-07"),
    ("on 30 August (11 September, New Style) 1862", "30 August (11 September, New Style) 1862", "1862-08-30", "1862-09-11"),
    ("The 12th [23rd] of May 1703", "12th [23rd] of May 1703", "1703-05-12", "1703-05-23"),
    ("on the 11th/23rd of March 1801", "the 11th/23rd of March 1801", "1801-03-11", "1801-03-23"),
    ("the 3rd [4th] of May 1703", "the 3rd [4th] of May 1703", None, None),  # a day apart: no double
])
def test_time_double_date_is_one_expression_with_both_calendars(text, span, julian, gregorian) -> None:
    hits = [h for h in found(text) if h[0] == span]
    if julian is None:
        assert not any(h[2] for h in found(text))
        return
    assert [(h[2], h[3]) for h in hits] == [(julian, gregorian)], found(text)


@pytest.mark.parametrize("text", ["Sept. 30 (Oct. 13), 1917, and the battle of 4 June 1915.",
                                  "In 1915 it began. Later, on Sept. 30 (Oct. 13), 1917, it ended."])
def test_time_double_date_year_at_the_end_applies_to_both_halves(text: str) -> None:
    double = next(t for t in tag(text) if t.text.startswith("Sept. 30"))
    assert (double.julian, double.gregorian) == ("1917-09-30", "1917-10-13")


@pytest.mark.parametrize("text", ["the night of 3/4 May 1917", "October 3, 1918[1] was the day", "on 12 May (see below)"])
def test_time_pairs_that_are_not_a_calendar_shift_apart_are_not_double_dates(text: str) -> None:
    assert not any(t.julian for t in tag(text))


def test_time_double_date_in_a_document_takes_the_document_calendar_and_keeps_both() -> None:
    doc = find_timexes(Document(id="t", path="t.txt", text="Alexander II was killed on March 13 (1), 1881, in St. Petersburg."))
    t = next(t for t in doc.timexes if t.text.startswith("March 13"))
    assert (t.calendar, t.julian, t.gregorian) == ("mixed", "1881-03-01", "1881-03-13")


@pytest.mark.parametrize("text,value", [
    ("19 февраля 1861 г.", "1861-02-19"), ("в феврале 1917 года", "1917-02"), ("3 Апрѣля 1905", "1905-04-03"),
    ("die 3 Martii 1700", "1700-03-03"), ("datum 12 Januarii 1699", "1699-01-12"), ("le 1er mars 1905", "1905-03-01"),
    ("am 3. März 1905", "1905-03-03"), ("il 17 ottobre 1905", "1905-10-17"), ("3 de marzo de 1905", "1905-03-03"),
    ("5/IV - 1905", "1905-04-05"), ("5. IV. 1905", "1905-04-05"), ("Febr. 3, 1705", "1705-02-03"),
    ("Jany. 6, 1705", "1705-01-06"), ("Sept. 8, 1905", "1905-09-08"), ("March14, 1917", "1917-03-14"),
    ("the 3rd of March 1917", "1917-03-03"), ("1700, February 18 – last day of the old style", "1700-02-18"),
    ("• 1703, 16 May – the city is founded", "1703-05-16"), ("the 10th day of February 1699", "1699-02-10"), ("7ber 12, 1705", "1705-09-12"),
])
def test_time_reads_month_names_of_other_languages_and_old_forms(text: str, value: str) -> None:
    assert value in [t.value for t in tag(text)], found(text)


@pytest.mark.parametrize("text", ["He watched Mars in 1905.", "The mai tai of 1905 was sweet.", "Augustus 14 died."])
def test_time_foreign_month_names_need_a_day_or_a_year_beside_them(text: str) -> None:
    assert all(not t.value[5:7] for t in tag(text) if t.type == "DATE"), found(text)


@pytest.mark.parametrize("text,value", [("30 January 1648/9", "1649-01-30"), ("Feb. 11, 1731/2", "1732-02-11"),
                                        ("in 1688/9", "1689"), ("in 1699/1700", "1700")])
def test_time_dual_years_give_the_historical_year(text: str, value: str) -> None:
    assert value in [t.value for t in tag(text)]
