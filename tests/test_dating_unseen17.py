"""Event dating on unseen sources, round 17: a beginning takes the first day of a span it is dated by,
an end (ended, came to an end, "..., when") its last. All sentences are made up."""

from __future__ import annotations

from test_time_event_dating import dates_of


def _date_of(found: list[tuple[str, str | None]], word: str) -> list[str | None]:
    return [when for evidence, when in found if word in evidence]


def test_an_end_told_after_a_span_takes_its_last_day() -> None:
    found = dates_of("The Battle of Oberfeld was fought between the two armies from June 4–6, 1866. "
                     "The fierce battle ended in a northern victory.")
    assert _date_of(found, "ended") == ["1866-06-06"], found


def test_a_beginning_dated_by_a_span_takes_its_first_day() -> None:
    found = dates_of("In the old reckoning of the duchy, the year 7150 began on the first of September.")
    assert _date_of(found, "began") == ["1641-09-11"], found


def test_a_when_clause_after_a_span_takes_its_last_day() -> None:
    found = dates_of("The free city lasted only a few days, from 4-th to 9-th of June 1866, when the royal army "
                     "stormed the walls and took the town back.")
    assert _date_of(found, "stormed") == ["1866-06-09"], found


def test_an_event_inside_a_span_keeps_the_span() -> None:
    found = dates_of("The Battle of Oberfeld was fought between the two armies from June 4–6, 1866. "
                     "The northern army attacked the village of Kessel.")
    assert _date_of(found, "attacked") == ["1866-06-04/1866-06-06"], found
