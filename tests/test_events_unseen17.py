"""Events on unseen sources, round 17: a chronology whose lines open with a bare year, a space and a
sentence ("1695 Peter begins ...") dates each line's happening by its year; one such line alone may
open with a name ("1905 Revolution ...") and is no entry. All sentences are made up."""

from __future__ import annotations

from test_events import make_doc

from fontes.events import extract_events
from fontes.events.lines import _timeline_lines

CHRONOLOGY = """Varlo timeline

1612 Duke Ferrand begins building a harbour at Varlo.

The works last for years and cost the duchy dearly.
1614 Duke Ferrand claims the whole coast for himself.

Nobody opposes him at first.
1617 Duke Ferrand sends an envoy to the island of Pesca.
"""
YEARS = [("1612", "DATE", "1612", None), ("1614", "DATE", "1614", None), ("1617", "DATE", "1617", None)]


def test_lines_led_by_a_bare_year_make_a_chronology() -> None:
    doc = make_doc(CHRONOLOGY, timexes=YEARS)
    lines = _timeline_lines(doc, [])
    assert [line.when.gregorian for line in lines] == ["1612", "1614", "1617"]
    assert doc.text[lines[0].rest:lines[0].end] == "Duke Ferrand begins building a harbour at Varlo."


def test_each_chronology_line_is_dated_by_its_year() -> None:
    events = extract_events(make_doc(CHRONOLOGY, timexes=YEARS)).events
    starts = {e.evidence.split()[0]: e.when.gregorian for e in events if e.evidence[:4].isdigit()}
    assert starts == {"1612": "1612", "1614": "1614", "1617": "1617"}


def test_a_lone_line_led_by_a_year_and_a_name_is_no_entry() -> None:
    text = "The troubles of that spring.\n1905 Revolution in Varlo was the subject of many songs.\n"
    doc = make_doc(text, timexes=[("1905", "DATE", "1905", None)])
    assert _timeline_lines(doc, []) == []


def test_a_year_before_a_bracket_is_no_entry() -> None:
    text = "Acts of the council.\n1612 (Old Style) and later.\n1613 (Old Style) and later.\n1614 (Old Style) and later.\n"
    doc = make_doc(text, timexes=[(y, "DATE", y, None) for y in ("1612", "1613", "1614")])
    assert _timeline_lines(doc, []) == []


def test_a_wrapped_line_of_prose_is_no_entry() -> None:
    text = ("The duke fought in the wars of\n1612 Varlo and Pesca and of\n1613 Varlo and Pesca and of\n"
            "1614 Varlo and Pesca again.\n")
    doc = make_doc(text, timexes=[(y, "DATE", y, None) for y in ("1612", "1613", "1614")])
    assert _timeline_lines(doc, []) == []
