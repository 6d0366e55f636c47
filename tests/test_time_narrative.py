"""Tests of the time stage on narrative time: year headings, "N years ago", and glosses written loosely."""

from __future__ import annotations

import pytest

from fontes.model import Citation, Document, DualDate
from fontes.time import find_timexes, tag


def found(text: str, *, genre: str | None = "secondary", place: str | None = None,
          written: str | None = None) -> list[tuple[str, str]]:
    doc = Document(id="t", path="t.txt", text=text, genre=genre, place=place)
    if written:
        doc.citation = Citation(date=DualDate(gregorian=None, as_written=written))
    return [(t.text, t.value) for t in find_timexes(doc).timexes]


# a chronology whose years stand alone on their lines, without blank lines between its entries
CHRONOLOGY = """Chronology
1851
January 6: The mill opens at Leeds.
July 17–August 10: The exhibition is held in London.
1852
January 27: The second mill opens.
November 6: The bridge is finished.
1853
October 17: The company is wound up.
"""


def test_time_a_year_heading_gives_its_year_to_the_entries_under_it() -> None:
    values = dict(found(CHRONOLOGY, place="England"))
    assert values["January 6"] == "1851-01-06"
    assert values["July 17–August 10"] == "1851-07-17/1851-08-10"
    assert values["January 27"] == "1852-01-27"
    assert values["November 6"] == "1852-11-06"
    assert values["October 17"] == "1853-10-17"


@pytest.mark.parametrize("line", ["1852", "== 1852 ==", "1852:", "  1852.  "])
def test_time_year_heading_forms(line: str) -> None:
    text = f"Events\n1851\nMarch 3: A fair at York.\n{line}\nMarch 4: A fair at Hull.\n"
    assert dict(found(text, place="England"))["March 4"] == "1852-03-04"


def test_time_a_year_inside_a_sentence_is_no_heading() -> None:
    # "May 2" follows a story of 1851 that looks back to 1849: it stays in 1851
    text = "On April 30, 1851 the fair opened; it had been planned since 1849.\nMay 2: the fair closed.\n"
    assert dict(found(text, place="England"))["May 2"] == "1851-05-02"


@pytest.mark.parametrize("text,expression,value", [
    ("Exactly 240 years ago, on April 19, 1783, the treaty was signed.", "240 years ago", "1783"),
    ("Some 112 years ago (in 1911) the minister died.", "Some 112 years ago", "1911"),
    ("A century ago, in 1905, the strike began.", "A century ago", "1905"),
])
def test_time_years_ago_set_beside_a_date_name_that_dates_year(text: str, expression: str, value: str) -> None:
    assert dict((t.text, t.value) for t in tag(text))[expression] == value


def test_time_years_ago_counts_from_the_page_date_not_from_the_story() -> None:
    text = ("The death of the minister\nPosted on September 18, 2023 by admin\n\n"
            "On 14 September 1911 the minister was shot in the theatre. That was 112 years ago.")
    assert dict(found(text))["112 years ago"] == "1911"


def test_time_a_title_date_is_the_storys_day_not_the_writers_now() -> None:
    # no page date: the title's date is the story's, and "112 years ago" points at the story told
    text = ("The death of the minister at the theatre, 18th September 1911\n\n"
            "On 14 September 1911 the minister was shot in the theatre. That was 112 years ago.")
    assert dict(found(text))["112 years ago"] == "1911"


def test_time_a_headline_looking_back_is_not_the_documents_date() -> None:
    text = "Exactly 240 Years Ago, On April 19, 1783, the Treaty Was Signed\n\nThe treaty was signed that spring."
    doc = Document(id="t", path="t.txt", text=text, genre="secondary")
    assert find_timexes(doc).dct is None


def test_time_a_primary_sources_years_ago_count_from_its_own_date() -> None:
    text = "London, 3 May 1720\n\nSir, two years ago I wrote to you of the trade; twenty years ago it was better."
    values = dict(found(text, genre="primary", place="England", written="3 May 1720"))
    assert values["twenty years ago"] == "1700"


@pytest.mark.parametrize("text,julian,gregorian", [
    ("Datum 30. November 1853 (18. November OS )", "1853-11-18", "1853-11-30"),
    ("am 30. November 1853 (18. November a. St.) fand die Schlacht statt.", "1853-11-18", "1853-11-30"),
    ("on 18 November 1853 (30 November NS ) the fleet sailed.", "1853-11-18", "1853-11-30"),
])
def test_time_gloss_marks_written_loosely_still_make_a_double_date(text: str, julian: str, gregorian: str) -> None:
    hits = [t for t in tag(text) if t.type == "DATE"]
    assert len(hits) == 1
    assert (hits[0].julian, hits[0].gregorian) == (julian, gregorian)


def test_time_a_lone_lower_case_letter_and_full_stop_does_not_end_the_sentence() -> None:
    # "a. St." (alten Stils) would otherwise cut the gloss from its date
    assert len([t for t in tag("am 3. März 1881 (19. Februar a. St.) starb er.") if t.type == "DATE"]) == 1
