"""Round 15, time and event dating: classes left by round 14 (invented sentences, not corpus text)."""

from __future__ import annotations

from fontes.model import DualDate
from fontes.time.normalise import tag
from fontes.time.stage import _with_clock


def _values(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text)]


def test_clock_followed_by_a_described_afternoon_is_an_afternoon_hour() -> None:
    found = _values("On 9 May 1871 the rain stopped. The march resumed at 4:30 in the grey afternoon.")
    assert ("4:30", "1871-05-09T16:30") in found


def test_clock_followed_by_a_described_evening_is_an_evening_hour() -> None:
    found = _values("On 2 April 1799 the fleet lay still. It sailed at 8:15 on a cold windy evening.")
    assert ("8:15", "1799-04-02T20:15") in found


def test_clock_in_the_morning_stays_a_morning_hour() -> None:
    found = [v for _, v in _values("On 2 April 1799 the fleet sailed at 8:15 in the morning.")]
    assert "1799-04-02T08:15" in found


def test_feast_day_with_its_year_is_one_date() -> None:
    assert ("Candlemas 1642", "1642-02-02") in _values("The fair opened on Candlemas 1642 in the square.")
    assert ("Christmas Day, 1870", "1870-12-25") in _values("They met on Christmas Day, 1870, at the inn.")
    assert ("Lammas in 1705", "1705-08-01") in _values("The rents were paid at Lammas in 1705 by all tenants.")


def test_feast_day_without_a_year_keeps_its_month_and_day() -> None:
    assert any(v.endswith("-02-02") for _, v in _values("In 1790 the priest blessed candles at Candlemas."))


def _clocks(date_line: str) -> list[str]:
    return [t.value for t in tag(date_line) if t.type == "TIME"]


def test_citation_keeps_a_clock_time_it_already_carries() -> None:
    date = DualDate(gregorian="2011-03-04T09:12", as_written="4 March 2011")
    assert _with_clock(date, ("2011-03-04", None), _clocks("4 March 2011")) == ("2011-03-04T09:12", None)


def test_citation_takes_the_clock_its_date_line_writes() -> None:
    date = DualDate(gregorian=None, as_written="Tue 8 Nov 2011 21:40")
    assert _with_clock(date, ("2011-11-08", None), _clocks("Tue 8 Nov 2011 21:40")) == ("2011-11-08T21:40", None)


def test_citation_without_a_clock_is_the_day() -> None:
    date = DualDate(gregorian=None, as_written="8 November 2011")
    assert _with_clock(date, ("2011-11-08", None), _clocks("8 November 2011")) == ("2011-11-08", None)


def test_old_style_citation_day_keeps_both_calendars() -> None:
    date = DualDate(gregorian=None, as_written="Monday 3 March 1701 10:00")
    dual = ("1701-03-14", "1701-03-03")
    assert _with_clock(date, dual, _clocks("Monday 3 March 1701 10:00")) == dual


def test_event_sentence_dated_by_its_day_not_the_year_written_before_it() -> None:
    from fontes.events.dating import _finest_within
    from fontes.model import Timex

    year = Timex(0, 4, "1744", "DATE", "1744")
    day = Timex(10, 25, "3rd of October", "DATE", "1744-10-03")
    other = Timex(40, 44, "1750", "DATE", "1750")
    kept = _finest_within([(False, 2, 0, year), (False, 5, 1, day), (False, 9, 2, other)])
    assert [c[3].text for c in kept] == ["3rd of October", "1750"]
    assert _finest_within([(False, 2, 0, year)]) == [(False, 2, 0, year)]


def test_past_midnight_on_a_named_day_is_its_first_hour() -> None:
    assert ("Past midnight on 9 March 1770", "1770-03-09T00:00") in _values("Past midnight on 9 March 1770 the crowd gathered.")


def test_past_midnight_after_an_evening_is_the_next_day() -> None:
    found = _values("On 9 March 1770 the crowd gathered in the evening. Just after midnight the soldiers fired.")
    assert ("Just after midnight", "1770-03-10T00:00") in found
