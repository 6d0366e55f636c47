"""Tests of the calendar evidence from known happenings (data/calendar_anchors.yaml, fontes.time.anchors)."""

from __future__ import annotations

from collections import Counter

import pytest

from fontes.model import Document
from fontes.time import anchors, calendars, find_timexes, tag


def make_doc(text: str, *, genre: str | None = "secondary") -> Document:
    return Document(id="t", path="t.txt", text=text, genre=genre)


def _ymd(text: str) -> tuple[int, int, int]:
    y, m, d = text.split("-")
    return int(y), int(m), int(d)


def test_time_anchors_every_pair_is_one_day_in_two_calendars() -> None:
    for a in anchors.load_anchors():
        for julian, gregorian in zip(a.julian, a.gregorian):
            assert calendars.julian_to_gregorian(*_ymd(julian)) == _ymd(gregorian), a.event
        if a.swedish:  # the Swedish calendar of 1700-1712 ran one day ahead of the Julian
            for julian, swedish in zip(a.julian, a.swedish):
                jdn = calendars.jdn_from_julian(*_ymd(julian)) + 1
                assert calendars.julian_from_jdn(jdn) == _ymd(swedish), a.event


def test_time_anchors_cover_many_places_and_centuries() -> None:
    table = anchors.load_anchors()
    assert len(table) >= 150
    assert len({a.event for a in table}) == len(table)
    by_country = Counter(a.country for a in table)
    for country in ("Russia", "Great Britain", "British America", "Sweden", "Greece", "Bulgaria", "Serbia", "Romania"):
        assert by_country[country] >= 2, country
        assert country in calendars.countries(), country
    centuries = Counter(int(a.julian[0][:4]) // 100 for a in table)
    assert all(centuries[c] >= 10 for c in (16, 17, 18, 19)), centuries
    # each anchor falls in its country's dual era, where the two calendars differ
    for a in table:
        assert calendars.in_dual_era(a.julian[0], calendars.countries()[a.country], "julian"), a.event


@pytest.mark.parametrize("value,expected", [
    ("1812-08-26", ("julian", 1)), ("1812-09-07", ("gregorian", 1)), ("1812-09-08", None), ("1812-08", ("julian", 1)),
    ("1812-09", ("gregorian", 1)),
])
def test_time_anchors_match_a_day_or_month_in_one_calendar(value: str, expected) -> None:
    borodino = next(a for a in anchors.load_anchors() if a.event == "Battle of Borodino")
    assert anchors.match_anchor(borodino, value) == expected


def test_time_anchors_lady_day_year_and_swedish_day() -> None:
    charles = next(a for a in anchors.load_anchors() if a.event == "Execution of Charles I")
    assert anchors.match_anchor(charles, "1648-01-30", lady_day=True) == ("julian", 2)
    assert anchors.match_anchor(charles, "1648-01-30") is None
    narva = next(a for a in anchors.load_anchors() if a.event == "Battle of Narva")
    assert anchors.match_anchor(narva, "1700-11-20") == ("swedish", 1)
    assert anchors.match_anchor(narva, "1700-11-19") == ("julian", 1)
    assert anchors.match_anchor(narva, "1700-11-30") == ("gregorian", 1)


def test_time_anchor_votes_weigh_the_sentence_over_the_paragraph() -> None:
    text = ("The Emancipation Manifesto was signed on 19 February 1861. "
            "The villagers heard of it on 3 March 1861 in church.\n\n"
            "Nothing else happened on 19 February 1861 in this village.")
    votes = anchors.anchor_votes(text, tag(text))
    assert [(v.calendar, v.weight, text[v.start:v.end]) for v in votes] == [
        ("julian", 1.0, "19 February 1861"), ("gregorian", 0.5, "3 March 1861")]


def test_time_anchor_votes_skip_double_dates() -> None:
    text = "The Decembrist revolt broke out on 14 (26) December 1825 in Senate Square."
    assert anchors.anchor_votes(text, tag(text)) == []


def test_time_unmarked_old_style_museum_page_is_read_julian() -> None:
    # a modern English page from outside Russia writing unmarked Old Style (issue 10)
    text = ("Copyright 2019 Museum of Imperial History. All rights reserved.\n\n"
            "Alexander II signed the Emancipation Manifesto on 19 February 1861, freeing the serfs. "
            "He was killed by a bomb of the People's Will on the Catherine Canal on 1 March 1881. "
            "His council met again on 4 March 1881 in the Winter Palace.")
    doc = find_timexes(make_doc(text))
    assert doc.calendar == "julian", doc.calendar_reason
    assert "known happening" in doc.calendar_reason
    values = {t.text: t.gregorian for t in doc.timexes}
    assert values["19 February 1861"] == "1861-03-03"
    assert values["4 March 1881"] == "1881-03-16"  # an unmarked date of the same text follows it


def test_time_unmarked_new_style_page_is_read_gregorian() -> None:
    text = ("Posted on 3 May 2015 by a history blog.\n\n"
            "The Russian army met Napoleon at Borodino on 7 September 1812. "
            "The French entered Moscow on 14 September 1812, and the retreat began on 19 October 1812.")
    doc = find_timexes(make_doc(text))
    assert doc.calendar == "gregorian", doc.calendar_reason
    values = {t.text: (t.gregorian, t.julian) for t in doc.timexes}
    assert values["19 October 1812"] == ("1812-10-19", "1812-10-07")


def test_time_new_style_glosses_mean_old_style_text() -> None:
    # a text that glosses some dates "(N.S. ...)" writes the rest in Old Style
    text = ("The Tsar reached Moscow on 10 August 1812 (N.S. 22 August). "
            "He left the city again on 2 September 1812 with his staff.")
    doc = find_timexes(make_doc(text))
    values = {t.text: t.gregorian for t in doc.timexes}
    assert values["2 September 1812"] == "1812-09-14", doc.calendar_reason


def test_time_an_expression_dating_a_known_happening_keeps_its_calendar() -> None:
    # an Old Style narrative that gives a battle abroad in New Style: that one date is not shifted
    text = ("Copyright 2020 Russian history pages.\n\n"
            "Pushkin was born on 26 May 1799 in Moscow. "
            "The poet fought his duel with d'Anthès on 27 January 1837 at the Black River and died on 29 January 1837.\n\n"
            "Long before, the Russian army had lost the Battle of Tannenberg on 26 August 1914, a sentence of another book.")
    doc = find_timexes(make_doc(text))
    assert doc.calendar == "julian", doc.calendar_reason
    values = {t.text: t.gregorian for t in doc.timexes}
    assert values["27 January 1837"] == "1837-02-08"
    assert values["26 August 1914"] == "1914-08-26"


@pytest.mark.parametrize("text,calendar", [
    ("The February Revolution broke out in March 1917 in Petrograd.", "gregorian"),
    ("The February Revolution broke out in February 1917 in Petrograd.", "julian"),
    ("The October Manifesto was granted on 30 October 1905.", "gregorian"),
    ("The October Manifesto was granted on 17 October 1905.", "julian"),
])
def test_time_an_event_named_after_its_month_tells_the_narrative_calendar(text: str, calendar: str) -> None:
    votes = anchors.anchor_votes(text, tag(text))
    assert {v.calendar for v in votes} == {calendar}


def test_time_a_lone_known_happening_outweighs_the_default_guess() -> None:
    text = ("Posted on 4 June 2018 by a history blog.\n\n"
            "On the 19th of February, 1861, the Tsar signed the manifesto that abolished serfdom in the empire.")
    doc = find_timexes(make_doc(text))
    assert doc.calendar == "julian", doc.calendar_reason
    assert {t.text: t.gregorian for t in doc.timexes}["the 19th of February, 1861"] == "1861-03-03"


@pytest.mark.parametrize("written,gregorian", [("27 June 1709", "1709-07-08"), ("28 June 1709", "1709-07-08")])
def test_time_poltava_in_julian_or_swedish_days(written: str, gregorian: str) -> None:
    # a Swedish text may write the Swedish calendar of 1700-1712 (28 June), a Russian one the Julian (27 June)
    text = (f"Copyright 2021 Nordic history pages.\n\nCharles XII of Sweden was beaten at Poltava on {written}. "
            "The news reached Stockholm in August 1709.")
    doc = find_timexes(make_doc(text))
    assert {t.text: t.gregorian for t in doc.timexes}[written] == gregorian, doc.calendar_reason
