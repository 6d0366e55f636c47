"""Events on unseen sources, round 14: a calendar or a constitution introduced is an adoption, a charter
granted an authorization, an agreement signed a treaty, exploring a coast a journey, a regiment pushed
back an offensive. All sentences are made up."""

from __future__ import annotations

import pytest
from test_events_unseen13 import _types


@pytest.mark.parametrize(("sentence", "mentions", "expected"), [
    ("The new calendar was introduced in Orvelia by the council.", [("Orvelia", "LOC", "orvelia")], "ADOPTION"),
    ("King Tarvik instituted a new law code for Dalvo.", [("King Tarvik", "PER", "tarvik"), ("Dalvo", "LOC", "dalvo")],
     "ADOPTION"),
    ("The following day King Tarvik issued the constitution of Dalvo.",
     [("King Tarvik", "PER", "tarvik"), ("Dalvo", "LOC", "dalvo")], "ADOPTION"),
    ("King Tarvik granted a charter to the town of Varlo.", [("King Tarvik", "PER", "tarvik"), ("Varlo", "LOC", "varlo")],
     "AUTHORIZATION"),
    ("The charter of the Varlo Company was confirmed by the crown.", [("Varlo Company", "ORG", "varlo-co")],
     "AUTHORIZATION"),
    ("Orvelia signed an agreement with Dalvo to defend the pass.",
     [("Orvelia", "LOC", "orvelia"), ("Dalvo", "LOC", "dalvo")], "TREATY"),
    ("Jon Marrow explores the northern coast of Dalvo.", [("Jon Marrow", "PER", "marrow"), ("Dalvo", "LOC", "dalvo")],
     "TRAVEL"),
    ("The settlers of Varlo relocate to Dalvo.", [("Varlo", "LOC", "varlo"), ("Dalvo", "LOC", "dalvo")], "TRAVEL"),
    ("The Dalvo regiment was pushed back across the river.", [("Dalvo", "LOC", "dalvo")], "OFFENSIVE"),
])
def test_verb_patterns_of_round_14_type_their_clause(sentence: str, mentions, expected: str) -> None:
    assert expected in _types(sentence, mentions)


def test_a_privilege_of_speech_is_no_authorization() -> None:
    assert "AUTHORIZATION" not in _types("Jon Marrow enjoyed the privilege of speaking first.",
                                         mentions=[("Jon Marrow", "PER", "marrow")])


def test_an_idea_explored_is_no_journey() -> None:
    assert "TRAVEL" not in _types("Jon Marrow explored the idea of a guild in his letters.",
                                  mentions=[("Jon Marrow", "PER", "marrow")])


def test_a_friend_introduced_is_no_adoption() -> None:
    assert "ADOPTION" not in _types("Jon Marrow introduced his friend to the guild of Dalvo.",
                                    mentions=[("Jon Marrow", "PER", "marrow"), ("Dalvo", "LOC", "dalvo")])
