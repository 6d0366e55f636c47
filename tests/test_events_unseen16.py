"""Events on unseen sources, round 16: a page written in French, Norwegian or German is typed by its language's
trigger words (the English parser reads it as noise), but a foreign title or quotation inside an
English page keeps the English reading; a verb typed only as a passive ("was executed") tells a
happening in the active too when it has an object ("they executed the envoy"). All sentences are
made up."""

from __future__ import annotations

import pytest
from test_events_unseen15 import _events


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Le traité de paix est signé à Varlo par les deux rois.", "TREATY"),
    ("Le cessez-le-feu est effectif à midi dans toute la ville.", "CEASEFIRE"),
    ("Des conjurés assassinent le gouverneur de Varlo dans son palais.", "OTHER"),
    ("Les insurgés prennent la ville et la révolution se répand dans le pays.", "REVOLUTION"),
    ("Om morgenen forlot kongen sin leir ved Varlo og reiste til Dalvo.", "TRAVEL"),
    # German writes every noun with a capital: a capitalised word may still tell the act
    ("Am Morgen wurde der Vertrag von den beiden Königen in der Burg von Varlo unterzeichnet.", "TREATY"),
    ("Die Flotte des Herzogs griff die Stadt an und besetzte den Hafen von Varlo.", "OFFENSIVE"),
])
def test_a_sentence_of_a_foreign_page_is_typed_by_its_own_words(sentence: str, expected: str) -> None:
    assert expected in {e.type for e in _events(sentence)}


def test_a_typed_foreign_sentence_has_no_untyped_twin() -> None:
    assert [e.type for e in _events("Le traité de paix est signé à Varlo par les deux rois.")] == ["TREATY"]


def test_a_foreign_sentence_takes_the_date_written_in_it() -> None:
    text = "Le 4 juin 1851 le traité de paix est signé à Varlo par les deux rois."
    events = _events(text, timexes=[("4 juin 1851", "DATE", "1851-06-04", None)])
    assert [(e.type, e.when.gregorian) for e in events] == [("TREATY", "1851-06-04")]


def test_a_french_title_in_an_english_page_is_not_read_as_french() -> None:
    text = ("The envoy of the republic travelled to the court of the king in the spring and stayed there for a month. "
            "He was received by the king and his ministers at the palace, and the talks went on for weeks.\n"
            "See: Recueil des actes concernant la fondation de la ville et le tracé de ses limites, Paris 1833.\n")
    assert all(e.arguments.get("language") is None for e in _events(text))


def test_a_page_in_a_neighbouring_language_is_not_read_as_french() -> None:
    # a few words shared with French ("la", "se", "un") among many others are not a French page
    text = ("Armata sa a trecut Dunarea la Varlo si a atacat cetatea; dupa un asediu lung orasul se preda, iar "
            "soldatii au capitulat in ziua ce a urmat. Vestea victoriei a ajuns repede in capitala, unde multimea "
            "a iesit pe strazi, clopotele bisericilor au sunat toata noaptea si domnitorul a multumit ostasilor.\n")
    assert all(e.arguments.get("language") is None for e in _events(text))


@pytest.mark.parametrize("sentence", [
    "The rebels executed the mayor of Varlo in 1712.",
    "The Tsar dissolved the assembly of Varlo on 21 July 1806.",
    "The guards killed the governor of Varlo on 3 May 1712.",
])
def test_a_passive_trigger_in_the_active_with_an_object_is_an_event(sentence: str) -> None:
    assert [e.type for e in _events(sentence)] == ["OTHER"]


def test_bearing_a_cost_is_no_birth() -> None:
    assert _events("The duke bore the cost of the war in 1712.") == []

