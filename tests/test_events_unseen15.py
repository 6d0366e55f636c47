"""Events on unseen sources, round 15: an event noun in a fixed phrase ("in order to", "an order of
precedence") names no happening. All sentences are made up."""

from __future__ import annotations

import pytest
from test_events import make_doc

from fontes.events import extract_events


def _events(text: str, timexes=()):
    return extract_events(make_doc(text, timexes=list(timexes), mentions=[])).events


@pytest.mark.parametrize("sentence", [
    "In 1695 the tsar gathered his fleet in order to take the fortress.",
    "In 1722 the tsar created a new order of precedence for his officials.",
])
def test_an_event_noun_in_a_fixed_phrase_is_no_order(sentence: str) -> None:
    assert "ORDER" not in {e.type for e in _events(sentence)}


def test_an_order_given_is_still_an_order() -> None:
    assert "ORDER" in {e.type for e in _events("By order of the council the gates were shut in 1700.")}
