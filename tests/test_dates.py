"""Dates as people write them: no TIMEX3 suffix, no cut interval, both calendars in one phrase."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fontes.dates import dual, human


@pytest.mark.parametrize("value, words", [
    ("1917-11-22", "22 November 1917"),
    ("1917-11-06TNI", "night of 6 November 1917"),
    ("1917-11-08T05:05", "8 November 1917, 05:05"),
    ("1917-11-22T02:00/1917-11-22T04:30", "22 November 1917, 02:00–04:30"),
    ("1917-11", "November 1917"),
    ("1917-SP", "spring 1917"),
    ("1917-Q4", "fourth quarter of 1917"),
    ("191", "the 1910s"),
    ("18", "the 19th century"),
    ("1917-11-20/1917-11-22", "20–22 November 1917"),
    ("1917-11-30/1917-12-02", "30 November – 2 December 1917"),
    ("1917-11/1917-12", "November – December 1917"),
    ("1917-12-31/1918-01-02", "31 December 1917 – 2 January 1918"),
    ("-0489", "490 BC"),
])
def test_human(value: str, words: str) -> None:
    assert human(value) == words


def test_mods_and_both_calendars() -> None:
    assert human("1917-06", mod="END") == "late June 1917"
    assert human("1917-06", mod="MID") == "mid-June 1917"
    assert dual("1917-11-22", "1917-11-09", short=True) == "22 Nov 1917 (O.S. 9 Nov)"
    assert dual("1918-01-10", "1917-12-28") == "10 January 1918 (O.S. 28 December 1917)"
    assert dual("1917-03-08", "1917-03-08") == "8 March 1917"
    assert dual(None, None) == "undated"


@given(st.dates(), st.sampled_from(["", "TMO", "TAF", "TEV", "TNI", "T12:30"]))
def test_no_timex_suffix_ever_shows(day, suffix) -> None:
    text = human(day.isoformat() + suffix)
    assert not any(code in text for code in ("TNI", "TMO", "TAF", "TEV", "T12")) and str(day.year) in text
