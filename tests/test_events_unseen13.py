"""Events on unseen sources, round 13: a warrant signed and a mobilisation are orders; terms communicated
to a party are a message sent; taking command and forming a cabinet are appointments; a proclaimed
republic is a seizure of power; people rising and a revolt suppressed are an uprising; custody and gaol
are an arrest; a refusal named by its noun is a refusal; "Published <date>" is a publication. All
sentences are made up."""

from __future__ import annotations

import pytest
from test_events import make_doc

from fontes.events import extract_events


def _types(text: str, mentions=(), timexes=()) -> set[str]:
    doc = make_doc(text, timexes=list(timexes), mentions=list(mentions))
    return {e.type for e in extract_events(doc).events}


@pytest.mark.parametrize(("sentence", "mentions", "expected"), [
    ("Twelve of the judges of Varlo signed the warrant for his execution.", [("Varlo", "LOC", "varlo")], "ORDER"),
    ("The government of Orvelia mobilised its reserves in the spring.", [("Orvelia", "LOC", "orvelia")], "ORDER"),
    ("The terms of the truce were communicated to the envoys of Orvelia.", [("Orvelia", "LOC", "orvelia")],
     "MESSAGE_SENT"),
    ("General Tarvik assumed command of the northern army.", [("General Tarvik", "PER", "tarvik")], "APPOINTMENT"),
    ("After the revolt a republic was proclaimed in Dalvo.", [("Dalvo", "LOC", "dalvo")], "SEIZURE_OF_POWER"),
    ("The peasants of Dalvo rose against their lord.", [("Dalvo", "LOC", "dalvo")], "UPRISING"),
    ("The rebellion in Varlo was crushed by the royal troops.", [("Varlo", "LOC", "varlo")], "UPRISING"),
    ("Two clerks of Varlo were taken into custody by the watch.", [("Varlo", "LOC", "varlo")], "ARREST"),
    ("Last week Jon Marrow was committed to gaol in Dalvo for theft.",
     [("Jon Marrow", "PER", "marrow"), ("Dalvo", "LOC", "dalvo")], "ARREST"),
])
def test_verb_patterns_of_round_13_type_their_clause(sentence: str, mentions, expected: str) -> None:
    assert expected in _types(sentence, mentions)


def test_a_refusal_named_by_its_noun_is_a_refusal() -> None:
    text = "The flat refusal of Orvelia on 3 May 1850 ended the talks."
    types = _types(text, mentions=[("Orvelia", "LOC", "orvelia")],
                   timexes=[("3 May 1850", "DATE", "1850-05-03", None)])
    assert "REFUSAL" in types


def test_prices_rising_are_no_uprising() -> None:
    text = "The price of bread in Dalvo rose sharply that winter."
    assert "UPRISING" not in _types(text, mentions=[("Dalvo", "LOC", "dalvo")])


def test_a_newspaper_suppressed_is_no_uprising() -> None:
    text = "The governor of Varlo suppressed the newspaper of the guild."
    assert "UPRISING" not in _types(text, mentions=[("Varlo", "LOC", "varlo")])


def test_a_published_line_ending_in_its_date_is_a_publication() -> None:
    text = "Published 1 March 1905\nThe article of Jon Marrow treats the guilds of Dalvo."
    types = _types(text, mentions=[("Jon Marrow", "PER", "marrow"), ("Dalvo", "LOC", "dalvo")],
                   timexes=[("1 March 1905", "DATE", "1905-03-01", None)])
    assert "PUBLICATION" in types
