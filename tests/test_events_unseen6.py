"""Events on unseen sources, round 6 (issue 10): a named happening written with its own span of years is
an event of its own, and the scorer pairs a whole-sentence system event with the gold event of the
clause that holds its trigger word (best fit, not file order)."""

from __future__ import annotations

from test_events import make_doc

from fontes.evaluation.gold import match_events
from fontes.events import extract_events
from fontes.events.named import _named_span_events
from fontes.events.triggers import triggers

# --- a named happening with its own span of years ---------------------------------------------------


def test_events_a_named_war_with_its_span_of_years_is_an_event_dated_by_the_span() -> None:
    text = "The siege of Kolberg (14 May 1761) was the last siege of the Long Lake War (1755-1763)."
    doc = make_doc(text, timexes=[("14 May 1761", "DATE", "1761-05-14", None), ("1755-1763", "DATE", "1755/1763", None)])
    events = extract_events(doc).events
    named = [e for e in events if e.evidence == "the Long Lake War (1755-1763)"]
    assert [(e.type, e.when.gregorian) for e in named] == [("OTHER", "1755/1763")]
    sentence = [e for e in events if e.evidence == text]
    assert sentence and all(e.when.gregorian == "1761-05-14" for e in sentence)  # the sentence keeps its own date


def test_named_span_a_council_of_a_place_in_square_brackets_and_a_war_of_years() -> None:
    text = "Its rules went back to the Council of Ostheim [1611-1619].\nThe fleet served in the Second Salt War of 1702-1709."
    doc = make_doc(text, timexes=[("1611-1619", "DATE", "1611/1619", None), ("1702-1709", "DATE", "1702/1709", None)])
    found = {e.evidence: (e.type, e.when.gregorian) for e in _named_span_events(doc, triggers(), [])}
    assert found == {"the Council of Ostheim [1611-1619]": ("OTHER", "1611/1619"),
                     "the Second Salt War of 1702-1709": ("OTHER", "1702/1709")}


def test_named_span_a_campaign_takes_its_noun_type_and_a_compound_word_for_war_is_one() -> None:
    text = "Die Flotte kämpfte während des Nordseekrieges (1781–1784).\nHe had served in the Tver campaigns (1771–1773)."
    doc = make_doc(text, timexes=[("1781–1784", "DATE", "1781/1784", None), ("1771–1773", "DATE", "1771/1773", None)])
    found = {e.evidence: e.type for e in _named_span_events(doc, triggers(), [])}
    assert found == {"des Nordseekrieges (1781–1784)": "OTHER", "the Tver campaigns (1771–1773)": "OFFENSIVE"}


def test_named_span_a_life_an_office_or_a_plain_span_is_no_happening() -> None:
    text = ("Admiral Jonas Berglund (1702-1771) wrote the report.\nPrices rose from 1802-1806 in the north.\n"
            "He led the War Office (1810-1814) for four years.")
    doc = make_doc(text, timexes=[("1702-1771", "DATE", "1702/1771", None), ("1802-1806", "DATE", "1802/1806", None),
                                  ("1810-1814", "DATE", "1810/1814", None)])
    assert _named_span_events(doc, triggers(), []) == []


def test_named_span_an_event_already_dated_by_the_span_is_not_repeated() -> None:
    text = "The garrison had fought in the Tver campaigns (1771–1773) before it came home."
    doc = make_doc(text, timexes=[("1771–1773", "DATE", "1771/1773", None)])
    events = extract_events(doc).events
    assert sum(1 for e in events if e.when is not None and e.when.gregorian == "1771/1773") == 1


# --- the scorer: best fit among equal overlaps -------------------------------------------------------


def _event(type_: str, evidence: str, trigger: str | None = None) -> dict:
    event = {"id": evidence[:8], "type": type_, "evidence": evidence}
    if trigger:
        event["trigger"] = trigger
    return event


def test_match_events_pairs_a_sentence_event_with_the_clause_holding_its_trigger() -> None:
    text = "In 1790 he crowned himself king, who had been deposed by the guilds in 1781."
    gold = {"events": [_event("OTHER", "In 1790 he crowned himself king"),
                       _event("OTHER", "who had been deposed by the guilds in 1781")]}
    system = {"events": [_event("OTHER", text, trigger="deposed")]}
    assert match_events(gold, system, text) == [(1, 0)]
    system["events"][0]["trigger"] = "crowned"
    assert match_events(gold, system, text) == [(0, 0)]


def test_match_events_keeps_the_most_pairs_before_the_best_fit() -> None:
    text = "The army crossed the river. The king fled to the hills."
    gold = {"events": [_event("TRAVEL", "The army crossed the river. The king fled to the hills."),
                       _event("TRAVEL", "The army crossed the river.")]}
    # the first system event fits the first gold event best, but then the second gold event gets none
    system = {"events": [_event("TRAVEL", "The army crossed the river.", trigger="crossed"),
                         _event("TRAVEL", "The king fled to the hills.", trigger="fled")]}
    assert sorted(match_events(gold, system, text)) == [(0, 1), (1, 0)]


def test_match_events_untyped_prefers_the_same_type_and_a_tight_passage() -> None:
    text = "On the same day the envoy arrived and the council signed the treaty."
    gold = {"events": [_event("TREATY", "the council signed the treaty")]}
    system = {"events": [_event("TRAVEL", text, trigger="arrived"), _event("TREATY", text, trigger="signed")]}
    assert match_events(gold, system, text, typed=False) == [(0, 1)]
    tight = {"events": [_event("OTHER", text), _event("OTHER", "the council signed the treaty.")]}
    assert match_events(gold, tight, text, typed=False) == [(0, 1)]
