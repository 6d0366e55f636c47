"""Event stage on unseen sources, round 4 (issue 10): military narrative typed by who moves and
what is taken, manifestos enacted, attempts told as acts, chronology lines typed by
their words and not by their dates, consecutive narrative acts kept apart, and the date of a
decision not taken from its content."""

from __future__ import annotations

import pytest
from test_events import make_doc

from fontes.events import extract_events
from fontes.events.clauses import _specificity
from fontes.events.dating import _granularity
from fontes.events.stage import _same_word
from fontes.model import Document


def types(doc: Document) -> list[str]:
    return sorted(e.type for e in extract_events(doc).events)


# --- who moves and what is taken --------------------------------------------------------------------

@pytest.mark.parametrize("sentence,place", [
    ("In 1811 the Third Army landed at Varnemouth with its guns.", "Varnemouth"),
    ("In 1811 the imperial forces entered Kestrelburg after a short fight.", "Kestrelburg"),
    ("In 1811 the cavalry advanced towards Ostrovel along the river.", "Ostrovel"),
    ("In 1811, with an army 9,000 strong, the general advanced towards Ostrovel.", "Ostrovel"),
])
def test_events_an_army_moving_on_a_place_is_an_offensive(sentence: str, place: str) -> None:
    doc = make_doc(sentence, timexes=[("1811", "DATE", "1811", None)], mentions=[(place, "LOC", place.lower())])
    assert types(doc) == ["OFFENSIVE"]


def test_events_a_ruler_entering_a_town_with_his_army_is_a_journey() -> None:
    doc = make_doc("In 1811 the king entered Kestrelburg with his army.", timexes=[("1811", "DATE", "1811", None)],
                   mentions=[("Kestrelburg", "LOC", "kestrelburg")])
    assert types(doc) == ["TRAVEL"]


def test_events_a_person_landing_is_still_a_journey() -> None:
    doc = make_doc("In 1811 the envoy Marek Dobrin landed at Varnemouth with his secretary.",
                   timexes=[("1811", "DATE", "1811", None)],
                   mentions=[("Marek Dobrin", "PER", "dobrin"), ("Varnemouth", "LOC", "varnemouth")])
    assert types(doc) == ["TRAVEL"]


def test_events_a_place_captured_is_an_offensive_a_person_captured_an_arrest() -> None:
    town = make_doc("In 1811 the rebels captured Kestrelburg after a siege of two weeks.",
                    timexes=[("1811", "DATE", "1811", None)], mentions=[("Kestrelburg", "LOC", "kestrelburg")])
    assert "OFFENSIVE" in types(town) and "ARREST" not in types(town)
    person = make_doc("In 1811 the rebels captured Marek Dobrin near the bridge.",
                      timexes=[("1811", "DATE", "1811", None)], mentions=[("Marek Dobrin", "PER", "dobrin")])
    assert types(person) == ["ARREST"]


def test_events_defeating_an_enemy_is_an_offensive() -> None:
    doc = make_doc("On 4 May 1811 the northern army defeated the rebels at the ford.",
                   timexes=[("4 May 1811", "DATE", "1811-05-04", None)])
    assert types(doc) == ["OFFENSIVE"]


def test_events_a_commander_sending_a_unit_somewhere_orders_it_there() -> None:
    doc = make_doc("In 1811 the admiral sent a detachment of galleys to the northern coast of the island.",
                   timexes=[("1811", "DATE", "1811", None)])
    assert types(doc) == ["ORDER"]


def test_events_responding_with_a_blow_is_no_message() -> None:
    doc = make_doc("In 1811 the king responded with a sudden counterattack on the camp.",
                   timexes=[("1811", "DATE", "1811", None)])
    assert "MESSAGE_SENT" not in types(doc)


# --- enactments, decisions and attempts -----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "On 9 March 1811 the Emperor issued a manifesto on the freedom of the press.",
    "On 9 March 1811 the Regent issued the Harvest Edict for the southern provinces.",
])
def test_events_issuing_a_manifesto_or_an_edict_enacts_it(sentence: str) -> None:
    doc = make_doc(sentence, timexes=[("9 March 1811", "DATE", "1811-03-09", None)])
    assert types(doc) == ["ADOPTION"]


def test_events_an_attempt_to_capture_a_town_is_an_offensive() -> None:
    doc = make_doc("In September 1811, with 300 horsemen, he attempted to capture Kestrelburg.",
                   timexes=[("September 1811", "DATE", "1811-09", None)], mentions=[("Kestrelburg", "LOC", "kestrelburg")])
    assert types(doc) == ["OFFENSIVE"]


def test_events_the_content_of_a_decision_does_not_date_it() -> None:
    doc = make_doc("On 3 October 1811 the council decided to raise a fleet of forty ships by the spring.",
                   timexes=[("3 October 1811", "DATE", "1811-10-03", None), ("the spring", "DATE", "1812-SP", None)])
    dated = {e.type: e.when.gregorian for e in extract_events(doc).events}
    assert dated.get("ADOPTION") == "1811-10-03"


def test_events_organising_a_revolt_makes_it_happen() -> None:
    doc = make_doc("In 1811 the miller organised a revolt among the river boatmen.",
                   timexes=[("1811", "DATE", "1811", None)])
    assert "UPRISING" in types(doc)


# --- chronology lines and passives ------------------------------------------------------------------

def test_events_a_chronology_line_is_not_typed_by_its_month_name() -> None:
    text = "II. Convention on the river tolls between the two crowns, limiting their naval force. Signed, March 30, 1811"
    doc = make_doc(text, timexes=[("March 30, 1811", "DATE", "1811-03-30", None)])
    events = extract_events(doc).events
    assert "OFFENSIVE" not in [e.type for e in events]


def test_events_a_past_passive_is_a_happening_whoever_underwent_it() -> None:
    doc = make_doc("The old trade road was redirected from Lake Vessa to Varnemouth.",
                   mentions=[("Lake Vessa", "LOC", "vessa"), ("Varnemouth", "LOC", "varnemouth")])
    assert types(doc) == ["OTHER"]


def test_events_consecutive_narrative_acts_are_two_events() -> None:
    text = ("The siege of Kestrelburg was poorly managed by both sides. "
            "Eventually the northern allies prevailed over the garrison of Ostrovel.")
    doc = make_doc(text, mentions=[("Kestrelburg", "LOC", "kestrelburg"), ("Ostrovel", "LOC", "ostrovel")])
    assert types(doc) == ["OTHER", "OTHER"]


# --- which date of its clause dates an event -----------------------------------------------------

def test_events_of_two_dates_of_one_clause_the_finest_nearest_dates_it() -> None:
    text = "Leaving the camp on the night of the 4th, he made on the morning of the 5th an attack upon the lines of Ostrovel."
    doc = make_doc(text, timexes=[("the night of the 4th", "TIME", "1811-05-04TNI", None),
                                  ("the morning of the 5th", "TIME", "1811-05-05TMO", None)],
                   mentions=[("Ostrovel", "LOC", "ostrovel")])
    [event] = [e for e in extract_events(doc).events if e.type == "OFFENSIVE"]
    assert event.when.gregorian == "1811-05-05TMO"


def test_events_a_day_dates_an_event_rather_than_its_season() -> None:
    doc = make_doc("On April 20, spring 1811, the boatmen of Ostrovel rose up against the governor.",
                   timexes=[("April 20", "DATE", "1811-04-20", None), ("spring 1811", "DATE", "1811-SP", None)],
                   mentions=[("Ostrovel", "LOC", "ostrovel")])
    assert {e.when.gregorian for e in extract_events(doc).events} == {"1811-04-20"}


def test_events_a_written_year_dates_an_event_rather_than_one_counted_from_it() -> None:
    doc = make_doc("In 1811, just a year before, Marek Dobrin returned from his embassy to Ostrovel.",
                   timexes=[("1811", "DATE", "1811", None), ("just a year before", "DATE", "1810", None)],
                   mentions=[("Marek Dobrin", "PER", "dobrin"), ("Ostrovel", "LOC", "ostrovel")])
    assert {e.when.gregorian for e in extract_events(doc).events} == {"1811"}


def test_events_setting_sail_is_a_journey() -> None:
    doc = make_doc("On 1 November 1811 the fleet again set sail for Varnemouth.",
                   timexes=[("1 November 1811", "DATE", "1811-11-01", None)], mentions=[("Varnemouth", "LOC", "varnemouth")])
    assert types(doc) == ["TRAVEL"]


# --- helpers ------------------------------------------------------------------------------------

def test_events_pattern_specificity_ranks_who_over_what_over_the_verb_alone() -> None:
    assert _specificity({"army": True}) > _specificity({"prep": "at"}) > _specificity({"finite": True}) == 0


@pytest.mark.parametrize("value,expected", [
    ("1811-05-05TMO", 4), ("1811-05-05", 3), ("1811-05", 2), ("1811-SP", 2), ("1811", 1), ("1811/1815", 1)])
def test_events_granularity_of_a_value(value: str, expected: int) -> None:
    from fontes.model import Timex

    assert _granularity(Timex(0, 4, "x", "DATE", value, value, None)) == expected


def test_events_same_word_compares_word_stems() -> None:
    assert _same_word("refused", "refusing") and _same_word("dismissed", "dismissal")
    assert not _same_word("managed", "prevailed") and not _same_word(None, "prevailed")
