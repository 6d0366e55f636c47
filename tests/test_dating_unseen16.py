"""Event dating on unseen sources, round 16: the narrative time skips asides and flashbacks, a date of
the event's own clause path beats another clause's, a life's span dates a birth by its first year, and
a date heading a line dates the named happening of the line. All sentences are made up."""

from __future__ import annotations

from test_time_event_dating import dates_of


def _date_of(found: list[tuple[str, str | None]], word: str) -> list[str | None]:
    return [when for evidence, when in found if word in evidence]


def test_a_flashback_in_the_pluperfect_does_not_set_the_narrative_time() -> None:
    found = dates_of("In 1790, the pretender called himself the lost prince, who had been exiled by his uncle in 1771. "
                     "He raised a revolt among the river boatmen.")
    assert _date_of(found, "revolt") == ["1790"], found


def test_a_pluperfect_date_alone_still_dates_what_follows() -> None:
    found = dates_of("By 1648 the new army had gained the upper hand. The king surrendered to the Scots.")
    assert _date_of(found, "surrendered") == ["1648"], found


def test_an_aside_in_brackets_does_not_set_the_narrative_time() -> None:
    found = dates_of("On 4 May 1802 the officers gathered at the castle.\n"
                     "(The admiral had resigned in January 1802, which spoiled their first plan.)\n"
                     "They stormed the hall and arrested the governor.")
    stormed = [when for evidence, when in found if evidence.startswith("They stormed")]
    assert stormed and set(stormed) == {"1802-05-04"}, found


def test_a_date_of_another_conjunct_clause_is_not_the_event_s() -> None:
    found = dates_of("In 1611 the duke was forced to cede the valley to the bishop under the Treaty of Lenz, "
                     "but in 1640 it was returned to his heirs.")
    # the cession (with its treaty) keeps 1611; the return, in the other conjunct, 1640
    assert sorted(when or "" for _, when in found) == ["1611", "1640"], found


def test_a_birth_takes_the_first_year_of_a_life_span() -> None:
    found = dates_of("Johann Albrecht Kessler (1811-1889) was born in a small town on the river.")
    assert _date_of(found, "born") == ["1811"], found


def test_a_death_takes_the_last_year_of_a_life_span() -> None:
    found = dates_of("Johann Albrecht Kessler (1811-1889) died in a small town on the river.")
    assert _date_of(found, "died") == ["1889"], found


def test_a_date_heading_a_line_dates_the_named_happening_on_it() -> None:
    found = dates_of("Notes on the war\n\nMarch 3, 1721: The Siege of Oberfeld comes to an end.")
    assert _date_of(found, "Siege") == ["1721-03-03"], found
