"""Tests of Julian↔Gregorian conversion, the switch table and year-start conventions."""

from __future__ import annotations

import pytest
from convertdate import gregorian as cd_gregorian
from convertdate import julian as cd_julian
from hypothesis import given, settings
from hypothesis import strategies as st

from fontes.time import calendars


@st.composite
def julian_dates(draw: st.DrawFn) -> tuple[int, int, int]:
    year = draw(st.integers(min_value=-1000, max_value=3000))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=calendars.month_length(year, month, "julian")))
    return year, month, day


@st.composite
def gregorian_dates(draw: st.DrawFn) -> tuple[int, int, int]:
    year = draw(st.integers(min_value=-1000, max_value=3000))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=calendars.month_length(year, month, "gregorian")))
    return year, month, day


@settings(max_examples=500)
@given(julian_dates())
def test_calendars_julian_to_gregorian_matches_convertdate(ymd: tuple[int, int, int]) -> None:
    assert calendars.julian_to_gregorian(*ymd) == tuple(cd_julian.to_gregorian(*ymd))


@settings(max_examples=500)
@given(gregorian_dates())
def test_calendars_gregorian_to_julian_matches_convertdate(ymd: tuple[int, int, int]) -> None:
    assert calendars.gregorian_to_julian(*ymd) == tuple(cd_julian.from_gregorian(*ymd))


@settings(max_examples=300)
@given(gregorian_dates())
def test_calendars_jdn_round_trips(ymd: tuple[int, int, int]) -> None:
    jdn = calendars.jdn_from_gregorian(*ymd)
    assert calendars.gregorian_from_jdn(jdn) == ymd
    assert round(cd_gregorian.to_jd(*ymd) + 0.5) == jdn


@pytest.mark.parametrize("date_iso,days", [
    ("1582-10-05", 10), ("1699-06-01", 10), ("1700-03-01", 11), ("1752-09-02", 11),
    ("1800-03-01", 12), ("1899-12-31", 12), ("1917-10-25", 13), ("2099-01-01", 13), ("2100-03-01", 14),
])
def test_calendars_shift_days_by_century(date_iso: str, days: int) -> None:
    assert calendars.shift_days(date_iso) == days


@pytest.mark.parametrize("value,to,mod,expected", [
    ("1917-10-25", "gregorian", None, "1917-11-07"),
    ("1918-01-31", "gregorian", None, "1918-02-13"),
    ("1917-11-07TNI", "gregorian", None, "1917-11-20TNI"),
    ("1917-11-08T05:05", "gregorian", None, "1917-11-21T05:05"),
    ("1752-09-14", "julian", None, "1752-09-03"),
    ("1917-04", "julian", None, "1917-03-19/1917-04-17"),
    ("1917-06", "julian", "END", "1917-05-19/1917-06-17"),  # "late June": the whole month, mod END (SCHEMA)
    ("1917-02", "gregorian", None, "1917-02-14/1917-03-13"),
    ("1900-02", "gregorian", None, "1900-02-13/1900-03-13"),  # 1900 is leap in Julian only
    ("1917-10-24/1917-10-26", "gregorian", None, "1917-11-06/1917-11-08"),
    ("1917", "julian", None, "1917"),
    ("19", "julian", None, "19"),
    ("1917-SP", "julian", None, "1917-02-16/1917-05-18"),  # a season is the days it covers
        ("1917-WI", "julian", None, "1917-WI"),
    ("P3D", "julian", None, "P3D"),
    ("PRESENT_REF", "gregorian", None, "PRESENT_REF"),
])
def test_calendars_convert_value_any_granularity(value: str, to: str, mod: str | None, expected: str) -> None:
    assert calendars.convert_value(value, to, mod=mod) == expected


@pytest.mark.parametrize("country,value,inside", [
    ("Russia", "1917-11-07", True), ("Russia", "1918-02-13", True), ("Russia", "1918-02-14", False),
    ("Russia", "1918", True), ("Russia", "1923", False), ("Russia", "19", True), ("Russia", "1500", False),
    ("Great Britain", "1752-09-13", True), ("Great Britain", "1752-09-01", True), ("Greece", "1923-02-20", True),
    ("Spain", "1600-01-01", False),
])
def test_calendars_dual_era_follows_the_switch_table(country: str, value: str, inside: bool) -> None:
    assert calendars.in_dual_era(value, calendars.countries()[country]) is inside


@pytest.mark.parametrize("place,country", [
    ("Petrograd", "Russia"), ("London", "Great Britain"), ("Athens", "Greece"), ("Constantinople", "Ottoman Empire"),
    ("Stockholm", "Sweden"), ("Nowhere-on-Sea", None),
])
def test_calendars_find_country_by_place_name(place: str, country: str | None) -> None:
    found = calendars.find_country(place)
    assert (found.name if found else None) == country


@pytest.mark.parametrize("written,pair", [("1688/9", (1688, 1689)), ("1750/51", (1750, 1751)), ("1699/1700", (1699, 1700)),
                                          ("1688/7", None), ("12/5", None)])
def test_calendars_split_double_year(written: str, pair: tuple[int, int] | None) -> None:
    assert calendars.split_double_year(written) == pair


@pytest.mark.parametrize("ymd,year", [((1688, 2, 10), 1689), ((1688, 3, 24), 1689), ((1688, 3, 25), 1688),
                                      ((1760, 2, 10), 1760)])
def test_calendars_lady_day_year_start_in_england(ymd: tuple[int, int, int], year: int) -> None:
    assert calendars.historical_year(*ymd, calendars.countries()["Great Britain"]) == year


def test_calendars_shift_days_rejects_bad_input_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        calendars.shift_days("9 November")
