"""Tests of events.dating: an event takes the finest date its own sentence gives it."""

from __future__ import annotations

from fontes.events import extract_events
from fontes.model import Document, Zone
from fontes.time import find_timexes


def dates_of(text: str, genre: str = "secondary") -> list[tuple[str, str | None]]:
    doc = Document(id="t" * 64, path="invented.txt", text=text, genre=genre)
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            doc.zones.append(Zone(pos, pos + len(line.rstrip("\n")), "body"))
        pos += len(line)
    find_timexes(doc)
    return [(e.evidence, e.when.gregorian if e.when else None) for e in extract_events(doc).events]


def test_time_event_date_is_not_the_span_of_the_war_it_belongs_to() -> None:
    found = dates_of("The Battle of Hanko is a naval battle of the Great Northern War of 1700-1721, which took place "
                     "on 7 August 1714 at Cape Hanko.")
    # the battle keeps its own day; the war, named with its years, may be an event of its own (dated by them)
    battle = [when for evidence, when in found if "took place" in evidence or "Battle of Hanko" in evidence]
    assert battle and battle[0] == "1714-08-07", found
    assert all(when in ("1714-08-07", "1700/1721") for _, when in found), found


def test_time_a_war_named_with_its_years_keeps_them() -> None:
    found = dates_of("The battle of Hanko was a naval battle of the Great Northern War (1700-1721), which took place "
                     "on 7 August 1714 near the cape.")
    assert [when for _, when in found] == ["1700/1721"], found  # the event found is the war itself


def test_time_event_date_takes_the_hour_its_sentence_gives() -> None:
    found = dates_of("On 3 May 1791 the delegates met in the hall. The king was crowned on that day, at four in the afternoon.")
    crowned = [when for evidence, when in found if "crowned" in evidence]
    assert crowned == ["1791-05-03T16:00"], found
