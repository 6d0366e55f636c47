"""Tests of the time stage on unseen-source forms (round 8): classes of text, not sentences of the
corpus. A modern page that reprints an old text under a line such as "100 years ago today, <date>:"
dates that text by the old date, not by the page's; a page whose body writes no year takes the
story's year from its title ("... in 1832"), not from the issue date of the page; a four-digit
number labelled as a page, a lot or a serial number ("[Page 1010]", "Lot 1233", "No. 1881") is no
year.

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from fontes import clean, metadata
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.time import find_timexes, tag


def stage(text: str, genre: str | None = None) -> list[tuple[str, str | None]]:
    """The time stage as the pipeline runs it: after chrome removal and metadata (zones, DCT)."""
    doc = Document(id="t", path="t.txt", text=text)
    doc = metadata.extract_metadata(clean.clean(doc, DEFAULTS), DEFAULTS)
    doc.genre = genre or doc.genre
    doc = find_timexes(doc, DEFAULTS)
    return [(t.text, t.gregorian) for t in doc.timexes]


def values(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text)]


# --- an old text reprinted under a modern page's line ------------------------------------------

_REPRINT = ("Monday, March 4, 2013\n\nThe Harbour Fire.\n\n"
            "Daily Courier 100 years ago today, March 4, 1913:\n"
            "    DUNMORE, March 3.— The warehouses on the north quay burned to-day, and the firemen "
            "worked through the night to save the custom house.\n"
            "    The loss is put at forty thousand pounds. The mayor will visit the quay on Friday.\n")


def test_time_unseen9_reprint_dateline_takes_old_year() -> None:
    found = dict(stage(_REPRINT))
    assert found.get("March 3") == "1913-03-03"


def test_time_unseen9_reprint_today_is_old_day() -> None:
    found = dict(stage(_REPRINT))
    assert found.get("to-day") == "1913-03-03"


def test_time_unseen9_title_year_over_issue_date() -> None:
    text = ("THE QUARTERLY\nIssue 12 of 3 May 2004\n\n\n"
            "A Riot at Mellbridge Made News in The Gazette in 1832\n\n\n"
            "On the 9th of April, the weavers of Mellbridge marched on the town hall and broke its "
            "windows, demanding the release of their leaders from the county gaol.\n\n"
            "The magistrates read the riot act and the crowd dispersed before nightfall.\n")
    found = dict(stage(text, genre="secondary"))  # a magazine's article about the past
    assert found.get("the 9th of April") == "1832-04-09"


# --- numbers labelled as pages, lots or serial numbers -----------------------------------------

def test_time_unseen9_page_number_is_no_year() -> None:
    assert values("The minister's reply follows.\n[Page 1010]\nHe wrote again in 1881.") == [("1881", "1881")]


def test_time_unseen9_lot_and_number_are_no_years() -> None:
    found = values("View 2 of Lot 1744. A ledger of the Kellhaven company, order No. 1805, written in 1805.")
    assert found == [("1805", "1805")]


def test_time_unseen9_page_abbreviation_is_no_year() -> None:
    assert values("The treaty is printed at p. 1856 of the collection.") == []


def test_time_unseen9_plain_year_after_word_still_a_year() -> None:
    assert ("1856", "1856") in values("The page turned in 1856, when the treaty was signed.")
