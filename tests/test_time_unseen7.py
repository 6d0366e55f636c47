"""Tests of the time stage on unseen-source forms (issue 10, seventh round): classes of text, not
sentences of the corpus. A dated entry (a diary's day heading, a letter's or a dispatch's date
line) is the day its "today", "this morning", "yesterday" and "now" are written on, before the
page's date or the reader's present; a diary's day written alone at the head of its paragraph
("3rd.", "Ye 4th.") continues the entries above it, while "1st." and "2nd." with no dated entry
above are the articles of a list; Swedish letters abbreviate months in lower case ("21 dec. 1705")
and Romanian papers of the nineteenth century spell them "Iuliu", "Septembre".

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes.model import Document
from fontes.time import find_timexes, tag


def values(text: str, dct: str | None = None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct=dct)]


def stage(text: str, genre: str | None = None) -> list[tuple[str, str]]:
    doc = find_timexes(Document(id="t", path="t.txt", text=text, genre=genre))
    return [(t.text, t.value) for t in doc.timexes]


# --- a diary's day headings -------------------------------------------------------------------------

DIARY = """June 1702

June 3rd. This morning we rode to Oakmere, and came home late. A wet day today.

4th. Rain all day. Yesterday's letters were answered.

Ye 5th. A fayr day. This day the new miller came.
"""


def test_time_unseen7_day_alone_continues_the_diary_month() -> None:
    found = values(DIARY)
    assert ("4th", "1702-06-04") in found
    assert ("Ye 5th", "1702-06-05") in found


def test_time_unseen7_diary_today_is_the_entry_day() -> None:
    found = values(DIARY)
    assert ("This morning", "1702-06-03TMO") in found
    assert ("today", "1702-06-03") in found
    assert ("This day", "1702-06-05") in found


def test_time_unseen7_diary_day_after_the_month_end_is_of_the_next_month() -> None:
    found = values("April 1702\n\nApril 30th. A cold day.\n\n1st. Fair and warm; this evening to the fair.\n")
    assert ("1st", "1702-05-01") in found
    assert ("this evening", "1702-05-01TEV") in found


def test_time_unseen7_month_and_ye_in_a_heading() -> None:
    assert ("Mar ye 2d", "1702-03-02") in values("March 1702\n\nMar ye 2d. Snow.\n")


def test_time_unseen7_articles_of_a_list_are_no_days() -> None:
    found = values("The terms were these:\n\n1st. The garrison marches out.\n\n2nd. The town pays no tribute.\n")
    assert not any(text in ("1st", "2nd") for text, _ in found)


def test_time_unseen7_a_day_alone_mid_paragraph_is_no_heading() -> None:
    found = values("June 1702\n\nJune 3rd. We rode out. The 4th. was wet.\n")
    assert not any(text == "4th" for text, _ in found)


# --- a letter's or a dispatch's date line ----------------------------------------------------------

def test_time_unseen7_date_line_after_a_place_anchors_today() -> None:
    text = ("Mr. Brand to Mr. Lowe.\nLegation at Eastwick,\nNorthport, May 9, 1874.\n"
            "Sir: I received your note yesterday, and am to-day able to answer it.\n")
    found = values(text)
    assert ("yesterday", "1874-05-08") in found
    assert ("to-day", "1874-05-09") in found


def test_time_unseen7_date_line_beats_the_page_date_in_a_history() -> None:
    # a modern page (read as a secondary text) quotes a dispatch: its "to-night" is the dispatch's
    text = ("Posted 3 May 2016\n\nNORTHPORT, March 4, 1898.\u2014The governor to-night left the city, and "
            "yesterday the council met.\n")
    found = stage(text, genre="secondary")
    assert ("to-night", "1898-03-04TNI") in found
    assert ("yesterday", "1898-03-03") in found


def test_time_unseen7_a_history_keeps_the_writers_today() -> None:
    text = "The bridge at Oakmere was built in 1820.\n\nToday the bridge carries a footpath.\n"
    assert ("Today", "PRESENT_REF") in stage(text, genre="secondary")


def test_time_unseen7_letter_now_is_the_letter_day() -> None:
    found = [(t.text, t.value, t.anchor) for t in tag("Northport, May 9, 1874.\nI am now settled in the town.\n")]
    assert ("now", "PRESENT_REF", "1874-05-09") in found


def test_time_unseen7_weekday_date_lines_count_from_the_page_not_the_entry() -> None:
    # "Eastwick, Friday." is a new dispatch; it is not the Friday before the Wednesday above it
    text = "Eastwick, Wednesday, March 1, 1899.\n\nThe mills closed.\n\nEastwick, Friday.\n\nThe mills opened.\n"
    found = values(text, dct="1899-03-04")
    assert ("Friday", "1899-02-24") not in found


# --- month names of other languages ------------------------------------------------------------------

def test_time_unseen7_swedish_lower_case_abbreviation() -> None:
    assert ("21 dec. 1705", "1705-12-21") in values("Skrifvit i Kalmar den 21 dec. 1705.")
    assert ("3 aug. 1709", "1709-08-03") in values("Lägret vid Oakmere, 3 aug. 1709.")


def test_time_unseen7_romanian_old_spellings() -> None:
    assert ("12 Septembre 1866", "1866-09-12") in values("Iasi 12 Septembre 1866. Deputatii s-au adunat.")
    assert ("3 iuliu 1870", "1870-07-03") in values("sosit la 3 iuliu 1870 in capitala")


# --- parts of a diary's day -------------------------------------------------------------------------

def test_time_unseen7_part_of_day_inside_a_diary_entry() -> None:
    found = values("June 1702\n\nJune 3rd. In the morning to the mill. After dinner to Oakmere; at night home.\n")
    assert ("In the morning", "1702-06-03TMO") in found
    assert ("After dinner", "1702-06-03TAF") in found
    assert ("at night", "1702-06-03TNI") in found


def test_time_unseen7_part_of_day_outside_an_entry_is_no_time() -> None:
    found = values("The miller of Oakmere rose early in the morning and worked at night.")
    assert not any(text.endswith(("morning", "night")) for text, _ in found)


def test_time_unseen7_at_dinner_is_a_meal() -> None:
    found = values("June 1702\n\nJune 3rd. We spoke of it at dinner.\n")
    assert not any("dinner" in text for text, _ in found)


def test_time_unseen7_a_chronology_item_is_no_entry_in_a_history() -> None:
    text = ("The mill of Oakmere\n\nMarch 13, 1881. The mill burns down.\n\n"
            "Today the ruin is a listed monument.\n")
    assert ("Today", "PRESENT_REF") in stage(text, genre="secondary")


def test_time_unseen7_a_dash_after_a_date_alone_is_a_chronology_item() -> None:
    found = values("March 13, 1881 \u2013 The mill burns down.\n\nToday the ruin stands.\n", dct="2020-05-01")
    assert ("Today", "2020-05-01") in found


def test_time_unseen7_a_diary_day_line_with_its_weekday_is_an_entry_in_any_page() -> None:
    text = "A new entry each day.\n\nMonday 4 June 1703\n\nTo the mill all the morning; this evening home.\n"
    found = stage(text, genre="secondary")
    assert ("all the morning", "1703-06-04TMO") in found


# --- fractions of a unit -----------------------------------------------------------------------------

def test_time_unseen7_half_an_hour_is_thirty_minutes() -> None:
    assert ("Half an hour", "PT30M") in values("Half an hour passed before the ferry came.")
    assert ("a half-hour", "PT30M") in values("The mayor spoke for a half-hour.")


def test_time_unseen7_quarters_of_an_hour() -> None:
    found = [(t.text, t.value, t.mod) for t in tag("More than a quarter of an hour went by; then three quarters of an hour.")]
    assert ("More than a quarter of an hour", "PT15M", "MORE_THAN") in found
    assert any(text == "three quarters of an hour" and value == "PT45M" for text, value, _ in found)


def test_time_unseen7_a_unit_and_a_half() -> None:
    found = values("The crossing took an hour and a half.")
    assert [value for text, value in found if text == "an hour and a half"] in (["PT1.5H"], ["PT1H30M"])


def test_time_unseen7_a_quarter_of_a_century() -> None:
    assert ("a quarter of a century", "P25Y") in values("The mill stood idle for a quarter of a century.")
