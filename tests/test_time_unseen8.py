"""Tests of the time stage on unseen-source forms (round 7): classes of text, not sentences of the
corpus. A day range of one month ("9-10 May", "30 and 31 July", a chronology's "1900, May 9-10th",
a page-range style "26–9 January") is one span valued first/last in the pipeline, while TIMEX
tagging keeps TimeML's habit (the first day; two expressions for "and"); a list headed by a
bracketed "(old calendar)" label is read Old Style; a date line that closes its day with a full
stop before its mark ("April 1. O.S.") is marked.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes.model import Document
from fontes.time import find_timexes, tag


def stage(text: str, genre: str | None = None) -> list[tuple[str, str | None]]:
    doc = find_timexes(Document(id="t", path="t.txt", text=text, genre=genre))
    return [(t.text, t.gregorian) for t in doc.timexes]


def values(text: str, dct: str | None = None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct=dct)]


# --- day ranges of one month -----------------------------------------------------------------------

def test_time_unseen8_dash_day_range_is_one_span() -> None:
    found = stage("The fair at Oakmere was held on 14-16 June 1851 and drew many visitors.")
    assert ("14-16 June 1851", "1851-06-14/1851-06-16") in found


def test_time_unseen8_and_day_range_is_one_span() -> None:
    found = stage("The storms of 11 and 12 March 1843 wrecked three boats off Kellhaven.")
    assert ("11 and 12 March 1843", "1843-03-11/1843-03-12") in found


def test_time_unseen8_romanian_day_range() -> None:
    found = stage("Ploile din 3 si 4 maiu 1869 au stricat drumurile spre Valeni.")
    assert ("3 si 4 maiu 1869", "1869-05-03/1869-05-04") in found


def test_time_unseen8_chronology_line_with_day_range() -> None:
    found = stage("1890, Jun 3-5th - The guild of Brennock holds its congress.")
    assert ("1890, Jun 3-5th", "1890-06-03/1890-06-05") in found


def test_time_unseen8_shortened_second_day() -> None:
    found = stage("The assembly of Vaskel sat on 21–4 October 1832 without a break.")
    assert ("21–4 October 1832", "1832-10-21/1832-10-24") in found


def test_time_unseen8_no_range_past_the_month_end() -> None:
    found = stage("The notice was posted on 30-32 April 1850 by mistake.")
    assert not any("/" in (value or "") for _, value in found)


def test_time_unseen8_timex_tagging_keeps_timeml_habit() -> None:
    assert values("They held the ford on the 11 and 12 March 1843.", dct="1843-04-01") == [
        ("the 11", "1843-03-11"), ("12 March 1843", "1843-03-12")]
    assert values("Talks ran on 14-16 June 1851.", dct="1851-07-01") == [("14-16 June 1851", "1851-06-14")]


# --- calendar marks in more written forms ----------------------------------------------------------

LIST = """A season of troubles in Bulgaria.
Timeline of the season (old calendar)
1908, Mar 2nd - A petition is sent from Sofia to the prince.
1908, Mar 20th - The council of Plovdiv answers the petition.
"""


def test_time_unseen8_old_calendar_heading_makes_the_list_julian() -> None:
    found = stage(LIST)
    assert ("1908, Mar 2nd", "1908-03-15") in found
    assert ("1908, Mar 20th", "1908-04-02") in found


def test_time_unseen8_old_calendar_in_prose_is_no_mark() -> None:
    text = ("A season of troubles in Bulgaria, where the old calendar was kept.\n"
            "1908, Mar 2nd - A petition is sent from Sofia to the prince.\n")
    doc = find_timexes(Document(id="t", path="t.txt", text=text))
    assert doc.timexes and all("explicit Old Style" not in (t.calendar_reason or "") for t in doc.timexes)


def test_time_unseen8_mark_after_a_full_stop_of_the_day() -> None:
    found = stage("Smyrna, May 3. O.S. 1760\n\nDear sister, we landed here after a long voyage.")
    assert ("May 3", "1760-05-14") in found


def test_time_unseen8_full_stop_before_other_words_is_no_mark() -> None:
    found = stage("We left Smyrna on May 3. Other ships followed in 1760, as the consul wrote.")
    assert ("May 3", "1760-05-03") in found
