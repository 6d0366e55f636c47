"""A day before 15 October 1582 is Julian wherever it is written: no one dated by the Gregorian
calendar before it began, so its Gregorian value is the converted day (as historians and the gold
convention give it), unless the text marks the day New Style itself.

Every text here is written for the test (invented places and people)."""

from __future__ import annotations

from test_time_unseen13 import stage


def test_a_medieval_day_in_a_modern_text_is_julian() -> None:
    got = stage("The abbey of Varnholm was consecrated on 3 June 1210, and its abbot died on 29 May 1453.")
    assert got["3 June 1210"] == "1210-06-10"  # 7 days in the thirteenth century
    assert got["29 May 1453"] == "1453-06-07"  # 9 days in the fifteenth


def test_a_day_after_the_reform_keeps_the_documents_calendar() -> None:
    got = stage("The treaty of Osterby was signed on 3 June 1610 in a Catholic city, and ratified on 9 June 1610.")
    assert got["3 June 1610"] == "1610-06-03"


def test_a_year_alone_is_not_converted() -> None:
    got = stage("The guild of Varnholm was founded in 1390 and dissolved in May 1402.")
    assert got["1390"] == "1390"
    assert got["May 1402"].startswith("1402-05")
