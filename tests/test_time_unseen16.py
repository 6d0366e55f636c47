"""Tests of the time stage on unseen-source forms (round 16): classes of text, not sentences of the
corpus. A post's or a log's stamp joins its clock to its date (seconds, 24-hour clock, an
abbreviated weekday); ordinals written with a hyphen ("2-nd", "13-th") are days; a count written
with decimals keeps them (P365.25D); a French or German page naming a ruler ("Alexandre II")
dates the same known happening as an English one ("Alexander II").

Every text here is written for the test (invented places and people where a name is needed)."""

from __future__ import annotations

from test_time_unseen13 import stage, values


def test_a_stamp_with_seconds_and_am_is_one_time() -> None:
    got = values("Reply posted on: March 14, 2019, 09:41:07 pm by Harlund")
    assert ("March 14, 2019, 09:41:07 pm", "2019-03-14T21:41:07") in got


def test_a_stamp_with_a_24_hour_clock_and_short_weekday() -> None:
    got = values("Tue 3 Sep 2013 17:25 - anchored off Velmo at last.")
    assert got[0] == ("Tue 3 Sep 2013 17:25", "2013-09-03T17:25")


def test_a_year_followed_by_a_count_is_no_stamp() -> None:
    got = dict(values("On 3 May 1905, 12 men were hanged at Dornholm."))
    assert got.get("3 May 1905") == "1905-05-03"


def test_hyphenated_ordinals_are_days() -> None:
    got = values("The rising lasted from 4-th to 15-th of June 1876; on the 21-st of June 1876 it ended.")
    assert ("from 4-th to 15-th of June 1876", "1876-06-04/1876-06-15") in got
    assert ("the 21-st of June 1876", "1876-06-21") in got


def test_a_decimal_count_keeps_its_decimals() -> None:
    got = dict(values("A mean year of 365.2425 days replaced the old one of 365.25 days."))
    assert got["365.2425 days"] == "P365.2425D"
    assert got["365.25 days"] == "P365.25D"


def test_a_fraction_in_words_still_goes_to_the_smaller_unit() -> None:
    assert dict(values("They waited for half a day."))["half a day"] == "PT12H"


def test_a_ruler_named_in_french_dates_his_known_happening() -> None:
    # the assassination of Alexander II, 1 March 1881 O.S. = 13 March N.S., in a French chronicle
    got = stage("Le tsar Alexandre II est tué par une bombe à Saint-Pétersbourg.\n"
                "1er mars 1881\nLes conjurés sont arrêtés peu après.")
    assert got["1er mars 1881"] == "1881-03-13"


def test_an_age_written_as_one_adjective_is_a_duration() -> None:
    got = dict(values("The twenty-three-year-old heir and his four-month-old daughter left Velmo."))
    assert got["twenty-three-year-old"] == "P23Y"
    assert got["four-month-old"] == "P4M"


def test_an_age_in_years_old_keeps_its_count() -> None:
    assert values("The heir was then 17 years old.") == [("17 years", "P17Y")]


def test_a_hyphenated_tens_word_is_one_count() -> None:
    assert dict(values("He ruled for forty-one years."))["forty-one years"] == "P41Y"
    assert dict(values("It lasted twenty-five to thirty years."))["twenty-five to thirty years"] == "PXY"
